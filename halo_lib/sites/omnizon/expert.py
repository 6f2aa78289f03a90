"""Scripted solutions for Omnizon's v2 tasks (see halo_lib/sites/expert.py for the DSL)."""
from halo_lib.sites.expert import Answer, Click, Fill, Press, Target

SEARCH = Target("searchbox", "Search Omnizon")


def omnizon_13(view):
    view = yield Fill(SEARCH, "cooking pot")
    view = yield Press(SEARCH, "Enter")
    view = yield Click(Target("link", contains="Stock Pot"))
    view = yield Click(Target("button", "Add to Cart"))
    view = yield Click(Target(None, "Proceed to checkout"))
    view = yield Click(Target("button", "Place your order"))
    yield Answer("I ordered an 8 quart stainless steel stock pot.")


SOLUTIONS = {"omnizon-13": omnizon_13}
MISTAKES = {}

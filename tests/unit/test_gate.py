"""The gate on real pages, and the manager's verdict parser and the worker's prompt."""

from __future__ import annotations

import pytest

from halo_lib.obs.axtree import find
from halo_lib.policy.gate import gate_reasons, irreversible
from halo_lib.policy.grammar import Action, parse_action
from halo_lib.policy.prompts import HistoryItem, manager_messages, parse_verdict, worker_messages
from halo_lib.verify.loops import LoopDetector


def _bid(summary, role, name) -> str:
    node = find(summary.nodes, role, name)
    assert node is not None, f"no {role} {name!r} on {summary.url}"
    return node.bid


def _reasons(action, summary, loops=None, failures=(), streak=2):
    return gate_reasons(action, summary, loops or LoopDetector(), list(failures), streak)


def test_final_answer_and_giving_up_are_irreversible(page_summary):
    summary = page_summary("omnizon-13__6")
    assert _reasons(Action("send_msg_to_user", ("Order 113-4078428-2650501.",)), summary) == ["irreversible: final answer"]
    assert _reasons(Action("report_infeasible", ("No such item.",)), summary) == ["irreversible: giving up"]


def test_placing_the_order_is_irreversible(page_summary, load_page):
    checkout = page_summary("omnizon-13__5")
    place = _bid(checkout, "button", "Place your order")
    assert place == "67"
    assert parse_action(load_page("omnizon-13__5")["action"], checkout.bids) == Action("click", (place,))  # the expert's step
    assert _reasons(Action("click", (place,)), checkout) == ["irreversible: button 'Place your order'"]
    assert _reasons(Action("press", (place, "Enter")), checkout) == ["irreversible: button 'Place your order'"]
    assert _reasons(Action("press", (place, "Tab")), checkout) == []


@pytest.mark.parametrize(
    "page, role, name",
    [
        ("omnizon-13__3", "button", "Add to Cart"),
        ("omnizon-13__4", "button", "Proceed to checkout"),
        ("omnizon-13__5", "link", "Back to cart"),
        ("omnizon-13__0", "button", "Go"),
        ("gomail-23__3", "button", "Reply"),
    ],
)
def test_reversible_clicks_pass(page, role, name, page_summary):
    summary = page_summary(page)
    action = Action("click", (_bid(summary, role, name),))
    assert irreversible(action, summary) is None
    assert _reasons(action, summary) == []


@pytest.mark.parametrize(
    "page, role, name",
    [
        ("omnizon-13__3", "button", "Buy Now"),
        ("omnizon-13__4", "button", "Delete"),
        ("gomail-23__3", "button", "Delete"),
        ("gomail-23__5", "button", "Send"),
        ("gomail-23__5", "button", "Discard draft"),
    ],
)
def test_other_irreversible_buttons_on_real_pages(page, role, name, page_summary):
    summary = page_summary(page)
    assert _reasons(Action("click", (_bid(summary, role, name),)), summary) == [f"irreversible: {role} {name!r}"]


@pytest.mark.parametrize(
    "start",
    [
        "Slides for Friday's all-hands – Hi Jordan, Can you send me",  # "send" in the preview
        "A $1,249.00 transaction was made on your credit card",  # "purchase" in the preview
        "Support: Action needed on your payment settings",  # "confirm" in the preview
        "Re: Support – workspace export failing",  # "remove" in the preview
    ],
)
def test_opening_an_email_that_mentions_such_a_word_is_not_irreversible(start, page_summary):
    inbox = page_summary("gomail-23__0")
    link = next(n for n in inbox.nodes if n.role == "link" and n.name.startswith(start))
    assert _reasons(Action("click", (link.bid,)), inbox) == []


def test_typing_an_irreversible_word_is_not_irreversible(page_summary):
    summary = page_summary("omnizon-13__0")
    assert _reasons(Action("fill", ("17", "place your order")), summary) == []


def test_loop(page_summary):
    summary = page_summary("omnizon-13__3")
    loops = LoopDetector(window=8, max_repeats=2)
    action = Action("click", ("90",))
    loops.record(summary.fingerprint, action.code())
    assert _reasons(action, summary, loops) == []
    loops.record(summary.fingerprint, action.code())
    assert _reasons(action, summary, loops) == ["loop"]
    assert _reasons(Action("click", ("91",)), summary, loops) == ["irreversible: button 'Buy Now'"]  # a new action


def test_cycle_is_a_loop(page_summary):
    results, product = page_summary("omnizon-13__2"), page_summary("omnizon-13__3")
    loops = LoopDetector(window=8, max_repeats=5)
    for _ in range(3):
        loops.record(results.fingerprint, "click('103')")
        loops.record(product.fingerprint, "go_back()")
    assert _reasons(Action("click", ("103",)), results, loops) == ["loop"]


def test_error_streak(page_summary):
    summary = page_summary("omnizon-13__3")
    action = Action("click", ("90",))
    assert _reasons(action, summary, failures=[True], streak=2) == []
    assert _reasons(action, summary, failures=[True, False], streak=2) == []
    assert _reasons(action, summary, failures=[False, True, True], streak=2) == ["errors"]
    assert _reasons(action, summary, failures=[True, True], streak=3) == []
    assert _reasons(action, summary, failures=[True] * 5, streak=0) == []  # 0 turns the check off


def test_reasons_combine(page_summary):
    checkout = page_summary("omnizon-13__5")
    loops = LoopDetector(max_repeats=1)
    loops.record(checkout.fingerprint, "click('67')")
    assert _reasons(Action("click", ("67",)), checkout, loops, failures=[True, True]) == [
        "irreversible: button 'Place your order'",
        "loop",
        "errors",
    ]


def test_no_action_is_unparseable(page_summary):
    loops = LoopDetector(max_repeats=1)
    loops.record("x", "y")
    assert _reasons(None, page_summary("omnizon-13__5"), loops, failures=[True, True]) == ["unparseable"]


# ---------------------------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    "reply, kind, text",
    [
        ("APPROVE", "approve", ""),
        ("approve", "approve", ""),
        ("**APPROVE**", "approve", ""),
        ("REPLACE: click('3')", "replace", "click('3')"),
        ("The worker is wrong.\nREPLACE: fill('17', 'cooking pot')\nthanks", "replace", "fill('17', 'cooking pot')"),
        ("ABORT: the store has no such item", "abort", "the store has no such item"),
        ("Abort - loop on the cart page", "abort", "loop on the cart page"),
    ],
)
def test_parse_verdict(reply, kind, text):
    verdict = parse_verdict(reply)
    assert (verdict.kind, verdict.text) == (kind, text)


@pytest.mark.parametrize("reply", ["Looks fine to me.", "", None, "I approve", "REPLACEMENT click('3')"])
def test_garbage_verdict_is_unparsed(reply):
    verdict = parse_verdict(reply)
    assert verdict.kind == "unparsed"
    assert verdict.text == (reply or "").strip()


def test_replacement_from_a_verdict_parses_on_the_page(page_summary):
    checkout = page_summary("omnizon-13__5")
    verdict = parse_verdict("REPLACE: click('82')")
    assert parse_action(verdict.text, checkout.bids) == Action("click", ("82",))


# ----------------------------------------------------------------------------------------------- prompts


def test_worker_messages_carry_goal_page_history_and_feedback(page_summary, load_page):
    record, summary = load_page("omnizon-13__2"), page_summary("omnizon-13__2")
    history = [HistoryItem("fill('17', 'cooking pot')", "ok"), HistoryItem("press('17', 'Enter')", "ok")]
    messages = worker_messages(record["goal"], summary.text, history, feedback="There is no element [999] on this page.")
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    last = messages[-1]["content"]
    assert last.startswith(f"Goal: {record['goal']}")
    assert summary.text in last
    assert "1. fill('17', 'cooking pot') -> ok\n2. press('17', 'Enter') -> ok" in last
    assert "Your previous reply was rejected: There is no element [999] on this page." in last
    assert last.endswith("Next action?")
    # the worked example's answer is itself a valid action
    assert parse_action(messages[2]["content"]).name == "fill"


def test_worker_messages_without_feedback_or_history(page_summary):
    summary = page_summary("omnizon-13__0")
    last = worker_messages("Buy a pot", summary.text, [])[-1]["content"]
    assert "rejected" not in last
    assert "Previous actions: none" in last


def test_worker_history_is_cut_to_the_last_steps():
    history = [HistoryItem(f"click('{i}')", "ok") for i in range(12)]
    last = worker_messages("g", "Page: 'x' at /", history, history_steps=3)[-1]["content"]
    assert "(9 earlier actions not shown)" in last
    assert "10. click('9') -> ok" in last and "12. click('11') -> ok" in last
    assert "click('8')" not in last


def test_manager_messages_carry_proposal_and_reasons(page_summary):
    checkout = page_summary("omnizon-13__5")
    messages = manager_messages("Buy a pot", checkout.text, [], "click('67')", ["irreversible: button 'Place your order'"])
    last = messages[-1]["content"]
    assert "The worker proposes: click('67')" in last
    assert "irreversible: button 'Place your order'" in last and checkout.text in last
    no_proposal = manager_messages("Buy a pot", checkout.text, [], None, ["unparseable"])[-1]["content"]
    assert "could not produce a valid action (unparseable)" in no_proposal

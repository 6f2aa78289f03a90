"""Scripted solution for Marrisuite's one v2 task, and plausible wrong ones (see halo_lib/sites/expert.py).

marrisuite-8: "I want to stay in Goleta, California next weekend to visit my friend. Show me available hotels."
The site's today is Thursday 2024-07-18, so next weekend is Friday 26 to Sunday 28 July. The expert types the
destination, picks the dates from the lists, finds hotels and answers with the available ones and their
average nightly price, read from the seed the results page shows.

    .venv/bin/halo eval --mode expert --tasks marrisuite --sites-port 9180 --out /tmp/marrisuite_run
"""

from __future__ import annotations

from datetime import date

from halo_lib.sites.expert import Answer, Click, Fill, Select, Target
from halo_lib.sites.marrisuite.seed import ROOM_TYPES, search_hotels, stay_quote

CHECK_IN, CHECK_OUT = "Fri, Jul 26", "Sun, Jul 28"


def find_hotels(destination: str, check_in: str = CHECK_IN, check_out: str = CHECK_OUT, guests: str = "1"):
    yield Fill(Target("searchbox", "Destination"), destination)
    yield Select(Target("combobox", "Check-in date"), check_in)
    yield Select(Target("combobox", "Check-out date"), check_out)
    if guests != "1":
        yield Select(Target("combobox", "Guests"), guests)
    view = yield Click(Target("button", "Find Hotels"))
    return view


def available_in(destination: str) -> list[str]:
    """'<hotel> ($<avg>/night)' for each hotel with a room free on both nights, cheapest first."""
    lines = []
    for hotel in search_hotels(destination):
        quotes = [stay_quote(hotel, room, date(2024, 7, 26), date(2024, 7, 28)) for room, *_ in ROOM_TYPES]
        free = [q["average"] for q in quotes if q["available"]]
        if free:
            lines.append((min(free), f"{hotel['name']} (from ${min(free)}/night)"))
    return [text for _, text in sorted(lines)]


def marrisuite_8(view):
    yield from find_hotels("Goleta, California")
    yield Answer(
        "Available hotels in Goleta, California for next weekend (Fri Jul 26 to Sun Jul 28): "
        + "; ".join(available_in("Goleta, California"))
        + "."
    )


SOLUTIONS = {"marrisuite-8": marrisuite_8}


# ---- plausible wrong episodes (each graded 0 by the task's script) ------------------------------------------
def santa_barbara_instead(view):  # marrisuite-8: the neighbouring city, not Goleta
    yield from find_hotels("Santa Barbara, California")
    yield Click(Target("link", "Santa Barbara Marriott Beachfront"))
    yield Answer("Here are hotels in Santa Barbara for next weekend.")


def never_searched(view):  # marrisuite-8: typed the destination and dates but never ran the search
    yield Fill(Target("searchbox", "Destination"), "Goleta, California")
    yield Select(Target("combobox", "Check-in date"), CHECK_IN)
    yield Select(Target("combobox", "Check-out date"), CHECK_OUT)
    yield Answer("You can find hotels in Goleta on Marrisuite.")


MISTAKES = {"marrisuite-8": [santa_barbara_instead, never_searched]}

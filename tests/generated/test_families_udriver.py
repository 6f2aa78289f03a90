"""Udriver's task families: distinct tasks, a clean split from REAL, strict checkers graded as agisdk grades them
(the generated checker script in a subprocess over a finish state the real replica app made), and, under
`heavy`, the page-driven expert through the real browser (also from a wrong start).

    .venv/bin/python -m pytest tests/generated/test_families_udriver.py -q            # fast: no browser
    .venv/bin/python -m pytest tests/generated/test_families_udriver.py -q -m heavy   # expert episodes
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from halo_lib.generated.family import Family, PageExpert, family_by_key, families_for
from halo_lib.generated.generate import load_manifest
from halo_lib.sites.expert import Click, Fill, Press, Target
from halo_lib.sites.udriver import seed
from halo_lib.sites.udriver.families import SAVED

from tests.support.family_checks import Detour, expert_solves, player, replica_client

SITE = "udriver"
FAMILIES = families_for(SITE)


def tasks_of(task_set: Path, family: Family):
    return [t for t in load_manifest(task_set / "manifest.jsonl") if t.family == family.key]


def first_task(task_set: Path, key: str, where=lambda params: True):
    return next(t for t in load_manifest(task_set / "manifest.jsonl") if t.family == key and where(t.params))


# ---- the replica, as the UI posts to it ------------------------------------------------------------------
def client() -> TestClient:
    return replica_client(SITE, "udriver-2", home=True)


PAY_ID = {"wallet": "wallet", "credit": "1", "cash": "cash"}


def book(c, pickup: int, dest: int, car: str = "UdriverX", payment: str = "cash", when: tuple | None = None):
    """What the home and rides pages post: the two places, (a scheduled time), See prices, the car, Request."""
    c.post("/ride/place", data={"role": "pickup", "place_id": str(pickup)})
    c.post("/ride/place", data={"role": "destination", "place_id": str(dest)})
    if when:
        day, time = when
        hour, rest = time.split(":")
        minute, half = rest.split()
        c.post("/ride/schedule", data={"day": day, "hour": hour, "minute": minute, "half": half})
    else:
        c.post("/ride/now")
    c.post("/ride/prices")
    c.post("/ride/car", data={"car_type": car})
    c.post("/ride/book", data={"payment": PAY_ID[payment]})


def top_up(c, amount):
    c.post("/wallet/topup", data={"amount": str(amount), "method_id": "1"})


def add_card(c, number: str, expiry: str, cvc: str, holder: str):
    c.post("/wallet/cards", data={"number": number, "expiry": expiry, "cvc": cvc, "holder": holder})


def set_default(c, method_id: str):
    c.post("/wallet/default", data={"method_id": method_id})


def other_car(car: str) -> str:
    return next(t for t in seed.CARS if t != car)


def other_payment(payment: str) -> str:
    return next(p for p in ("cash", "credit") if p != payment)


def browsed_client() -> TestClient:
    c = client()
    c.get("/wallet")  # browsing changes nothing graded
    return c


def runner(task_set, task, tmp_path):
    return player(browsed_client, task_set, task, tmp_path)


# ---- families: distinct tasks, every template, a clean split ---------------------------------------------
def test_every_family_but_add_card_has_a_real_counterpart():
    assert all(family.real_params() or family.name == "add_card" for family in FAMILIES)  # only adding a card has no REAL task of its shape


def test_booking_families_never_use_a_real_route(task_set):
    from halo_lib.sites.udriver.families import REAL_ROUTES

    for task in load_manifest(task_set / "manifest.jsonl"):
        if "pickup" in task.params:
            assert (task.params["pickup"], task.params["dest"]) not in REAL_ROUTES


# ---- each checker: the right actions pass, plausible mistakes fail ---------------------------------------
def test_book_ride_now(task_set, tmp_path):
    task = first_task(task_set, "udriver.book_ride_now", lambda p: p["payment"] == "wallet")
    p = task.params
    run = runner(task_set, task, tmp_path)
    right = lambda c: book(c, p["pickup"], p["dest"], p["car"], p["payment"])  # noqa: E731
    assert run(right) == "SUCCESS"
    assert run(lambda c: book(c, p["pickup"], p["dest"], other_car(p["car"]), p["payment"])) == "FAILURE"  # the other car
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], "cash")) == "FAILURE"  # paid another way
    assert run(lambda c: book(c, p["dest"], p["pickup"], p["car"], p["payment"])) == "FAILURE"  # the wrong direction
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], p["payment"], when=("7/20/2024", "9:00 AM"))) == "FAILURE"
    assert run(right, lambda c: book(c, p["pickup"], p["dest"], p["car"], "cash")) == "FAILURE"  # booked twice
    assert run(right, lambda c: top_up(c, 20)) == "FAILURE"  # and a top-up nobody asked for


def test_ride_home_or_work(task_set, tmp_path):
    task = first_task(task_set, "udriver.ride_home_or_work")
    p = task.params
    run = runner(task_set, task, tmp_path)
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], p["payment"])) == "SUCCESS"
    assert run(lambda c: book(c, p["dest"], p["pickup"], p["car"], p["payment"])) == "FAILURE"  # the wrong direction
    other_saved = next(pid for label, pid in SAVED.items() if label != p["saved"])
    swap = lambda pid: other_saved if pid == SAVED[p["saved"]] else pid  # noqa: E731
    assert run(lambda c: book(c, swap(p["pickup"]), swap(p["dest"]), p["car"], p["payment"])) == "FAILURE"  # home, not work
    assert run(lambda c: book(c, p["pickup"], p["dest"], other_car(p["car"]), p["payment"])) == "FAILURE"


def test_schedule_ride(task_set, tmp_path):
    task = first_task(task_set, "udriver.schedule_ride")
    p = task.params
    run = runner(task_set, task, tmp_path)
    when = (p["day"], p["time"])
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], p["payment"], when=when)) == "SUCCESS"
    other_half = p["time"].replace("AM", "PM") if "AM" in p["time"] else p["time"].replace("PM", "AM")
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], p["payment"], when=(p["day"], other_half))) == "FAILURE"
    other_day = "7/30/2024" if p["day"] != "7/30/2024" else "7/29/2024"
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], p["payment"], when=(other_day, p["time"]))) == "FAILURE"
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], other_payment(p["payment"]), when=when)) == "FAILURE"
    assert run(lambda c: book(c, p["pickup"], p["dest"], p["car"], "cash")) == "FAILURE"  # booked for now instead


def test_top_up_wallet(task_set, tmp_path):
    task = first_task(task_set, "udriver.top_up_wallet", lambda p: p["reach"])
    amount = task.params["amount"]
    run = runner(task_set, task, tmp_path)
    assert run(lambda c: top_up(c, amount)) == "SUCCESS"
    assert "balance becomes" in task.goal or "bring my wallet balance" in task.goal
    assert run(lambda c: top_up(c, seed.WALLET_BALANCE + amount)) == "FAILURE"  # typed the target balance, not the difference
    assert run(lambda c: top_up(c, amount + 5)) == "FAILURE"
    assert run(lambda c: top_up(c, amount / 2), lambda c: top_up(c, amount / 2)) == "FAILURE"  # the right sum in two top-ups
    assert run(lambda c: top_up(c, amount), lambda c: set_default(c, "1")) == "FAILURE"  # and changed the default


def test_add_card(task_set, tmp_path):
    for make_default in (True, False):
        task = first_task(task_set, "udriver.add_card", lambda p: p["make_default"] is make_default)
        p = task.params
        run = runner(task_set, task, tmp_path)
        add = lambda c: add_card(c, p["number"], p["expiry"], p["cvc"], p["holder"])  # noqa: E731
        make = lambda c: set_default(c, "2")  # noqa: E731 - the new card's id
        assert run(add, make) == ("SUCCESS" if make_default else "FAILURE")
        assert run(add) == ("FAILURE" if make_default else "SUCCESS")
        assert (
            run(lambda c: add_card(c, p["number"], "01/29" if p["expiry"] != "01/29" else "02/29", p["cvc"], p["holder"]), make)
            == "FAILURE"
        )
        assert run(add, lambda c: add_card(c, "4000123412341234", "01/29", "123", "Jordan Lee"), make) == "FAILURE"  # two cards
    # the default changed by mistake and put back: the methods are as asked again (the expert's own repair)
    task = first_task(task_set, "udriver.add_card", lambda p: not p["make_default"])
    p = task.params
    run = runner(task_set, task, tmp_path)
    add = lambda c: add_card(c, p["number"], p["expiry"], p["cvc"], p["holder"])  # noqa: E731
    assert run(add, lambda c: set_default(c, "2"), lambda c: set_default(c, "wallet")) == "SUCCESS"


# ---- the expert in the real browser (heavy) ----------------------------------------------------------------
def two_per_family():
    return [pytest.param(f.key, i, marks=pytest.mark.heavy, id=f"{f.name}-{i}") for f in FAMILIES for i in range(2)]


@pytest.mark.browser
@pytest.mark.parametrize("key,index", two_per_family())
def test_expert_earns_reward_1(key, index, task_set, run_policy):
    expert_solves(run_policy, task_set, tasks_of(task_set, family_by_key(key))[index])


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_detour(task_set, run_policy):
    """The learner chose the destination as the pickup, then wandered to the wallet and typed an amount; the
    expert still books the right ride (and adds no funds)."""
    task = first_task(task_set, "udriver.book_ride_now")
    dest = seed.place(task.params["dest"])
    detour = [
        Fill(Target("searchbox", "Search pickup location"), dest["name"]),
        Press(Target("searchbox", "Search pickup location"), "Enter"),
        Click(Target("button", f"Pick up at {dest['name']}, {dest['address']}")),
        Click(Target("link", "Wallet")),
        Fill(Target("textbox", "Amount to add (USD)"), "40"),
    ]
    policy = Detour(detour, PageExpert(family_by_key(task.family), task.params))
    result = run_policy(str(task_set / "tasks" / f"{task.name}.json"), policy)
    assert result.error is None, result.error
    assert result.reward == 1.0 and result.verdict == "SUCCESS", f"{result.verdict} in {result.steps} steps"

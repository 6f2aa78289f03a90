"""Omnizon's task families (halo_lib/sites/omnizon/families.py): generation, the clean split, strict checkers on
states the real replica makes (through FastAPI's TestClient, the forms the UI posts), the checker scripts run as
agisdk runs them, and (heavy) the page-driven expert in the real browser, also after a learner's detour.

    .venv/bin/python -m pytest tests/generated/test_families_omnizon.py -q            # fast: no browser
    .venv/bin/python -m pytest tests/generated/test_families_omnizon.py -q -m heavy   # the expert in Chromium
"""

from __future__ import annotations

import pytest

from halo_lib.generated.checker import grade
from halo_lib.generated.family import family_by_key
from halo_lib.sites.expert import Click, Fill, Press, Target
from halo_lib.sites.omnizon.families import BUYABLE, SEARCH_PICKS, department_picks
from tests.support.family_checks import (
    DetourThenExpert,
    by_family,
    expert_solves,
    finish,
    make_set,
    replica_client,
    verdict,
)

SITE = "omnizon"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return make_set(tmp_path_factory, SITE, per_family=40)


def first(rows, family: str) -> dict:
    return by_family(rows)[f"{SITE}.{family}"][0]


def add(client, product_id: str, quantity: int = 1) -> None:
    client.post("/cart/add", data={"product_id": product_id, "quantity": str(quantity)})


def place_order(client) -> None:
    client.post("/checkout/place-order", data={})


def buy_now(client, product_id: str, quantity: int = 1) -> None:
    client.post("/checkout/place-order", data={"buy": product_id, "qty": str(quantity)})


def other_product(product_id: str) -> str:
    return next(p["id"] for p in BUYABLE if p["id"] != product_id)


def outcomes(row, scenarios) -> dict[str, list[str]]:
    """Each scenario (name -> a function of the client) played on a fresh replica; its problems per grade()."""
    found = {}
    for name, play in scenarios.items():
        client = replica_client(SITE, row["name"])
        play(client)
        found[name] = grade(row["family"], row["params"], finish(client))
    return found


# ---- generation and the split ------------------------------------------------------------------------------
def test_pools_hold_enough_parameters():
    assert len(BUYABLE) >= 100 and len(SEARCH_PICKS) >= 60 and len(department_picks()) >= 40


# ---- checkers on states the replica makes ------------------------------------------------------------------
def test_order_product_checker(generated, tmp_path):
    folder, rows = generated
    row = first(rows, "order_product")
    line = row["params"]["items"][0]
    pid, qty = line["id"], line["quantity"]
    found = outcomes(
        row,
        {
            "right": lambda c: (add(c, pid, qty), place_order(c)),
            "buy_now": lambda c: buy_now(c, pid, qty),
            "initial": lambda c: None,
            "wrong_quantity": lambda c: (add(c, pid, qty + 1), place_order(c)),
            "other_product": lambda c: (add(c, other_product(pid), qty), place_order(c)),
            "only_in_cart": lambda c: add(c, pid, qty),
            "extra_item": lambda c: (add(c, pid, qty), add(c, other_product(pid)), place_order(c)),
            "two_orders": lambda c: (buy_now(c, pid, qty), buy_now(c, pid, qty)),
        },
    )
    assert found["right"] == [] and found["buy_now"] == []
    assert all(found[name] for name in found if name not in ("right", "buy_now")), found
    # the checker scripts themselves, as agisdk's evaluator runs them
    client = replica_client(SITE, row["name"])
    add(client, pid, qty)
    place_order(client)
    assert verdict(folder, row, finish(client), tmp_path) == "SUCCESS"
    client = replica_client(SITE, row["name"])
    add(client, pid, qty + 1)
    place_order(client)
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


def test_add_to_cart_checker(generated, tmp_path):
    folder, rows = generated
    row = first(rows, "add_to_cart")
    line = row["params"]["items"][0]
    pid, qty = line["id"], line["quantity"]
    found = outcomes(
        row,
        {
            "right": lambda c: add(c, pid, qty),
            "in_two_steps": lambda c: (add(c, pid, 1), add(c, pid, qty - 1)) if qty > 1 else add(c, pid, qty),
            "initial": lambda c: None,
            "ordered_it": lambda c: (add(c, pid, qty), place_order(c)),
            "wrong_quantity": lambda c: add(c, pid, qty + 1),
            "extra_item": lambda c: (add(c, pid, qty), add(c, other_product(pid))),
        },
    )
    assert found["right"] == [] and found["in_two_steps"] == []
    assert found["initial"] and found["ordered_it"] and found["wrong_quantity"] and found["extra_item"], found
    client = replica_client(SITE, row["name"])
    add(client, pid, qty)
    assert verdict(folder, row, finish(client), tmp_path) == "SUCCESS"
    client = replica_client(SITE, row["name"])
    add(client, pid, qty)
    place_order(client)
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


def test_order_pair_checker(generated, tmp_path):
    folder, rows = generated
    row = first(rows, "order_pair")
    a, b = (line["id"] for line in row["params"]["items"])
    found = outcomes(
        row,
        {
            "right": lambda c: (add(c, a), add(c, b), place_order(c)),
            "junk_removed_first": lambda c: (
                add(c, other_product(a)),
                c.post("/cart/delete", data={"product_id": other_product(a)}),
                add(c, b),
                add(c, a),
                place_order(c),
            ),
            "only_one": lambda c: (add(c, a), place_order(c)),
            "two_orders": lambda c: (buy_now(c, a), buy_now(c, b)),
            "two_of_one": lambda c: (add(c, a, 2), add(c, b), place_order(c)),
        },
    )
    assert found["right"] == [] and found["junk_removed_first"] == []
    assert found["only_one"] and found["two_orders"] and found["two_of_one"], found
    client = replica_client(SITE, row["name"])
    buy_now(client, a)
    buy_now(client, b)
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


@pytest.mark.parametrize("family", ["search_sort_order", "department_pick"])
def test_pick_checkers(generated, tmp_path, family):
    folder, rows = generated
    row = first(rows, family)
    pid = row["params"]["items"][0]["id"]
    found = outcomes(
        row,
        {
            "right": lambda c: (add(c, pid), place_order(c)),
            "runner_up": lambda c: (add(c, other_product(pid)), place_order(c)),
            "two_of_it": lambda c: (add(c, pid, 2), place_order(c)),
            "not_ordered": lambda c: add(c, pid),
        },
    )
    assert found["right"] == []
    assert found["runner_up"] and found["two_of_it"] and found["not_ordered"], found
    client = replica_client(SITE, row["name"])
    c = client
    c.get(f"/search?q={row['params'].get('query', 'x')}")  # searching is allowed: filter.* may change
    add(c, pid)
    place_order(c)
    assert verdict(folder, row, finish(client), tmp_path) == "SUCCESS"


def test_pick_is_the_extreme_of_its_list():
    """The search pick is the cheapest / priciest of the search's results, the department pick the first of the
    refined, sorted department list: what the page shows a shopper."""
    from halo_lib.sites.omnizon.seed import search_products

    for query, sort, product in SEARCH_PICKS:
        prices = [p["price"] for p in search_products(query)[0]]
        assert product["price"] == (min(prices) if sort == "price-asc" else max(prices))
    for slug, price, sort, product in department_picks():
        low, _, high = price.partition("-")
        assert product["category"] == slug and float(low) <= product["price"] < float(high or "inf")


# ---- the expert in the real browser (heavy) ----------------------------------------------------------------
FAMILY_NAMES = ["order_product", "add_to_cart", "order_pair", "search_sort_order", "department_pick"]


@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_expert_solves_two_tasks(generated, run_policy, family):
    folder, rows = generated
    for row in by_family(rows)[f"{SITE}.{family}"][:2]:
        expert_solves(run_policy, folder, row)


@pytest.mark.heavy
@pytest.mark.browser
def test_expert_recovers_from_a_detour(generated, run_policy):
    """A learner searched for something else, put a wrong product in the cart and opened an unrelated page; the
    expert reads the cart, deletes the stray line and still orders exactly the pair."""
    folder, rows = generated
    row = first(rows, "order_pair")
    search = Target("searchbox", "Search Omnizon")
    stray = next(p for p in BUYABLE if p["id"] not in {i["id"] for i in row["params"]["items"]})
    detour = [
        Fill(search, stray["brand"] + " " + stray["tags"].split()[0]),
        Press(search, "Enter"),
        Click(Target("link", stray["title"])),
        Click(Target("button", "Add to Cart")),
        Click(Target("link", "Today's Deals")),
    ]
    policy = DetourThenExpert(detour, family_by_key(row["family"]), row["params"])
    result = run_policy(str(folder / "tasks" / f"{row['name']}.json"), policy)
    assert result.error is None, result.error
    assert result.reward == 1.0 and result.verdict == "SUCCESS", (result.verdict, result.steps)
    assert any("click" in a for a in policy.expert.history[len(detour) :])

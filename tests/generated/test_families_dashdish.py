"""DashDish's task families (halo_lib/sites/dashdish/families.py): generation, the clean split, strict checkers on
states the real replica makes (through FastAPI's TestClient, the forms the UI posts), the checker scripts run as
agisdk runs them, and (heavy) the page-driven expert in the real browser, also after a learner's detour.

    .venv/bin/python -m pytest tests/generated/test_families_dashdish.py -q            # fast: no browser
    .venv/bin/python -m pytest tests/generated/test_families_dashdish.py -q -m heavy   # the expert in Chromium
"""

from __future__ import annotations

import pytest

from halo_lib.generated.checker import grade
from halo_lib.generated.family import family_by_key
from halo_lib.sites.dashdish.families import REAL_DISHES, dishes
from halo_lib.sites.dashdish.seed import dish_by_id
from halo_lib.sites.expert import Click, Fill, Press, Target
from tests.support.family_checks import DetourThenExpert, by_family, expert_solves, finish, make_set, replica_client, verdict

SITE = "dashdish"
FAMILY_NAMES = ["order_dish", "pickup_order", "express_tip", "two_dishes", "cart_only"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return make_set(tmp_path_factory, SITE, per_family=40)


def first(rows, family: str) -> dict:
    return by_family(rows)[f"{SITE}.{family}"][0]


def add(client, item: dict, quantity: int | None = None, size: str | None = None) -> None:
    client.post(
        "/cart/add",
        data={"dish_id": item["dishId"], "size": size or item["size"], "quantity": str(quantity or item["quantity"])},
    )


def place(client, shipping: str = "Delivery", speed: str = "Standard", tip: str = "") -> None:
    client.post("/checkout/place-order", data={"shipping": shipping, "speed": speed, "tip": tip})


def right_order(client, params: dict) -> None:
    for item in params["items"]:
        add(client, item)
    tip = params.get("tip")
    place(client, params.get("shipping", "Delivery"), params.get("speed", "Standard"), "" if tip is None else str(tip))


def other_dish(item: dict) -> dict:
    dish = next(d for d in dishes() if d["id"] != item["dishId"])
    return {**item, "dishId": dish["id"], "size": dish["sizes"][0]["label"]}


def outcomes(row, scenarios) -> dict[str, list[str]]:
    found = {}
    for name, play in scenarios.items():
        client = replica_client(SITE, row["name"])
        play(client)
        found[name] = grade(row["family"], row["params"], finish(client))
    return found


def test_no_dish_is_a_real_tasks_dish():
    assert not any((d["restaurantId"], d["name"]) in REAL_DISHES for d in dishes())
    assert len(dishes()) >= 150


@pytest.mark.parametrize("family", ["order_dish", "pickup_order", "express_tip"])
def test_single_dish_checkers(generated, tmp_path, family):
    folder, rows = generated
    row = first(rows, family)
    params = row["params"]
    item = params["items"][0]
    shipping = params.get("shipping", "Delivery")
    wrong_mode = "Delivery" if shipping == "Pickup" else "Pickup"
    found = outcomes(
        row,
        {
            "right": lambda c: right_order(c, params),
            "initial": lambda c: None,
            "wrong_quantity": lambda c: (
                add(c, item, quantity=item["quantity"] + 1),
                place(c, shipping, params.get("speed", "Standard"), str(params.get("tip", ""))),
            ),
            "other_dish": lambda c: right_order(c, {**params, "items": [other_dish(item)]}),
            "wrong_mode": lambda c: right_order(c, {**params, "shipping": wrong_mode}),
            "left_in_cart": lambda c: add(c, item),
            "twice": lambda c: (right_order(c, params), right_order(c, params)),
        },
    )
    assert found["right"] == [], found["right"]
    assert all(found[name] for name in found if name != "right"), found
    if family == "express_tip":
        standard = grade(row["family"], params, _played(row, lambda c: right_order(c, {**params, "speed": "Standard"})))
        other_tip = 20 if params["tip"] != 20 else 10
        tipped = grade(row["family"], params, _played(row, lambda c: right_order(c, {**params, "tip": other_tip})))
        assert standard and tipped
    client = replica_client(SITE, row["name"])
    right_order(client, params)
    assert verdict(folder, row, finish(client), tmp_path) == "SUCCESS"
    client = replica_client(SITE, row["name"])
    right_order(client, {**params, "shipping": wrong_mode})
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


def _played(row, play) -> dict:
    client = replica_client(SITE, row["name"])
    play(client)
    return finish(client)


def test_sized_dish_needs_its_size(generated):
    rows = by_family(generated[1])[f"{SITE}.order_dish"]
    row = next(r for r in rows if len(dish_by_id(r["params"]["items"][0]["dishId"])["sizes"]) > 1)
    item = row["params"]["items"][0]
    other = next(s["label"] for s in dish_by_id(item["dishId"])["sizes"] if s["label"] != item["size"])
    assert grade(row["family"], row["params"], _played(row, lambda c: right_order(c, row["params"]))) == []
    assert grade(row["family"], row["params"], _played(row, lambda c: (add(c, item, size=other), place(c))))


def test_two_dishes_checker(generated, tmp_path):
    folder, rows = generated
    row = first(rows, "two_dishes")
    params = row["params"]
    a, b = params["items"]
    found = outcomes(
        row,
        {
            "right": lambda c: right_order(c, params),
            "stray_removed": lambda c: (
                add(c, other_dish(a)),
                c.post("/cart/remove", data={"line_id": f"{other_dish(a)['dishId']}:{other_dish(a)['size']}"}),
                right_order(c, params),
            ),
            "only_one": lambda c: right_order(c, {**params, "items": [a]}),
            "two_orders": lambda c: (right_order(c, {**params, "items": [a]}), right_order(c, {**params, "items": [b]})),
            "extra": lambda c: right_order(c, {**params, "items": [a, b, other_dish(a)]}),
        },
    )
    assert found["right"] == [] and found["stray_removed"] == [], found
    assert found["only_one"] and found["two_orders"] and found["extra"], found
    client = replica_client(SITE, row["name"])
    right_order(client, {**params, "items": [a]})
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


def test_cart_only_checker(generated, tmp_path):
    folder, rows = generated
    row = first(rows, "cart_only")
    params = row["params"]
    item = params["items"][0]
    found = outcomes(
        row,
        {
            "right": lambda c: add(c, item),
            "initial": lambda c: None,
            "ordered": lambda c: right_order(c, params),
            "wrong_quantity": lambda c: add(c, item, quantity=item["quantity"] + 1),
            "extra": lambda c: (add(c, item), add(c, other_dish(item))),
        },
    )
    assert found["right"] == []
    assert found["initial"] and found["ordered"] and found["wrong_quantity"] and found["extra"], found
    client = replica_client(SITE, row["name"])
    add(client, item)
    assert verdict(folder, row, finish(client), tmp_path) == "SUCCESS"
    client = replica_client(SITE, row["name"])
    right_order(client, params)
    assert verdict(folder, row, finish(client), tmp_path) == "FAILURE"


# ---- the expert in the real browser (heavy) ----------------------------------------------------------------
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
    """A learner put a stray dish in the cart and wandered to the orders page; the expert removes the stray line
    from the cart, adds the two dishes and places one order."""
    folder, rows = generated
    row = first(rows, "two_dishes")
    search = Target("searchbox", "Search DashDish")
    here = row["params"]["items"][0]["restaurantId"]
    stray = next({**row["params"]["items"][0], "dishId": d["id"], "name": d["name"]} for d in dishes() if d["restaurantId"] != here)
    detour = [
        Fill(search, stray["name"]),
        Press(search, "Enter"),
        Click(Target("link", stray["name"])),
        Click(Target("button", "Add to cart")),
        Click(Target("link", "Orders")),
    ]
    policy = DetourThenExpert(detour, family_by_key(row["family"]), row["params"])
    result = run_policy(str(folder / "tasks" / f"{row['name']}.json"), policy)
    assert result.error is None, result.error
    assert result.reward == 1.0 and result.verdict == "SUCCESS", (result.verdict, result.steps)

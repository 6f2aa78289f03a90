"""DashDish replica without a browser: the seed the scripts need and its breadth, search, the fee model, and
the state that /finish reports after ordering flows over HTTP, graded by agisdk's own dashdish scripts.

    .venv/bin/python -m pytest tests/unit/test_dashdish_replica.py -q
"""

from __future__ import annotations

import re
import urllib.parse

import pytest

from halo_lib.obs.axtree import find
from halo_lib.sites.dashdish.app import Dashdish, charges
from halo_lib.sites.dashdish.expert import SOLUTIONS
from halo_lib.verify.postconditions import timeout_retry
from halo_lib.sites.dashdish.seed import RESTAURANTS, dish_by_id, restaurant_by_id, search
from tests.support.replica_http import ReplicaUser, grade, serve_replica

SCRIPTS = [
    "dashdish_1",
    "dashdish_3",
    "dashdish_4",
    "dashdish_7",
    "dashdish_8",
    "dashdish_10",
    "dashdish_11",
    "dashdish_12",
    "dashdish_17",
    "dashdish_24",
    "dashdish_26",
]
DISHES = [d for r in RESTAURANTS for d in r["dishes"]]


def named(*words: str) -> list[dict]:
    return [d for d in DISHES if all(w in d["name"].lower() for w in words)]


# ---- seed ---------------------------------------------------------------------------------------------------
def test_breadth():
    assert len(RESTAURANTS) >= 15 and all(len(r["dishes"]) >= 8 for r in RESTAURANTS)
    assert len({d["id"] for d in DISHES}) == len(DISHES)
    assert len({r["name"] for r in RESTAURANTS}) == len(RESTAURANTS)
    assert sum(d["hasSizes"] for d in DISHES) >= 30


def test_what_the_scripts_name_exists():
    wingstop = restaurant_by_id("wingstop")
    assert wingstop["name"] == "Wingstop" and restaurant_by_id("taco-boys")["name"] == "Taco Boys"
    wings = [d["name"] for d in wingstop["dishes"] if "wing" in d["name"].lower()]
    assert "Lemon Pepper Wings" in wings and len(set(wings)) >= 5
    assert [d["restaurantName"] for d in named("rotisserie", "chicken", "sandwich")] == ["Golden Spit Rotisserie"]
    assert [d["restaurantName"] for d in named("hot-n-ready pepperoni")] == ["Little Caesars"]
    for words in (("noodle",), ("fries",), ("sub",), ("rice",), ("pizza",), ("chicken", "sandwich")):
        assert len({d["restaurantId"] for d in named(*words)}) >= 2, words


def test_traps_beside_the_targets():
    # another wing place sells lemon pepper wings; another taco place exists
    assert {d["restaurantName"] for d in named("lemon", "pepper", "wing")} == {"Wingstop", "Wing Haus"}
    assert [r["name"] for r in RESTAURANTS if "taco boys" in r["name"].lower()] == ["Taco Boys"]
    assert any("taco" in r["name"].lower() and r["id"] != "taco-boys" for r in RESTAURANTS)
    # no restaurant name makes every one of its dishes a match for a script that reads restaurantName
    # (dashdish-12: rice words and "bowl"; dashdish-11: sub words); Subway is a sub shop
    for r in RESTAURANTS:
        name = r["name"].lower()
        assert not any(w in name for w in ("rice", "bowl", "biryani", "bento", "poke", "sandwich", "hero", "hoagie", "grinder")), name
    assert [r["name"] for r in RESTAURANTS if "sub" in r["name"].lower()] == ["Subway"]


def test_search_folds_plurals_and_finds_dishes_and_restaurants():
    restaurants, dishes = search("noodles")
    assert {"Dan Dan Noodles", "Beef Noodle Soup", "Pad Thai", "Pho Tai"} <= {d["name"] for d in dishes}
    assert dishes[0]["name"].lower().count("noodle")  # name matches first
    restaurants, dishes = search("wings")
    assert {"Wingstop", "Wing Haus"} <= {r["name"] for r in restaurants}
    assert "Fries" in [d["name"] for d in search("fries")[1]]
    assert [d["name"] for d in search("rotisserie chicken sandwich")[1]][0] == "Rotisserie Chicken Sandwich"
    assert search("") == ([], []) and search("zzzz") == ([], [])


def line(did: str, size: str | None = None, quantity: int = 1) -> dict:
    dish = dish_by_id(did)
    option = next(s for s in dish["sizes"] if size is None or s["label"] == size)
    return {"restaurantId": dish["restaurantId"], "price": option["price"], "quantity": quantity}


def test_fee_model_keeps_goals_reachable_and_traps_over():
    delivery = lambda *lines, speed="Standard", tip=15: charges(list(lines), "Delivery", speed, tip)["totalAmount"]
    assert delivery(line("mian-noodle-bar-1")) == 20.00 < 26
    assert delivery(line("mian-noodle-bar-2", "Large")) == 26.19  # the large soup is over $26
    assert delivery(line("burger-barn-5", "Regular")) == 11.42 < 15
    assert delivery(line("wingstop-1", "6 pc"), line("wingstop-2", "6 pc"), speed="Express") == 29.22
    assert delivery(line("tonys-pizzeria-3", '16"')) > 30 and delivery(line("little-caesars-1")) < 30
    pickup = charges([line("wingstop-1", "10 pc")], "Pickup", "Standard", 0)
    assert pickup == {
        "subtotal": 13.99,
        "deliveryFee": 0.0,
        "expressFee": 0.0,
        "serviceFee": 0.0,
        "smallOrderFee": 0.0,
        "tax": 1.22,
        "tip": 0.0,
        "tipPercent": 0,
        "totalAmount": 15.21,
    }
    small = charges([line("taco-boys-1")], "Delivery", "Standard", 0)
    assert small["smallOrderFee"] == 2.0 and small["serviceFee"] == 1.99


# ---- a live replica over HTTP ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(Dashdish()) as base:
        yield base


class Diner(ReplicaUser):
    """One DashDish user: open dishes, add them, check out."""

    def add(self, did: str, size: str = "", quantity: int = 1) -> str:
        dish = dish_by_id(did)
        self.get(f"/store/{dish['restaurantId']}/item/{did}")
        return self.post("/cart/add", dish_id=did, size=size, quantity=quantity)

    def checkout(self, shipping: str = "Delivery", speed: str = "Standard", tip: str = "") -> str:
        return self.get("/checkout?" + urllib.parse.urlencode({"shipping": shipping, "speed": speed, "tip": tip}))

    def order(self, shipping: str = "Delivery", speed: str = "Standard", tip: str = "") -> str:
        self.get("/cart")
        self.checkout(shipping, speed, tip)
        return self.post("/checkout/place-order", shipping=shipping, speed=speed, tip=tip)


def test_an_untouched_session_fails_every_script(base_url, tmp_path):
    diner = Diner(base_url, "dashdish-1")
    for page in (
        "/",
        "/search?q=wings",
        "/store/wingstop",
        "/store/wingstop/item/wingstop-1",
        "/cart",
        "/checkout",
        "/orders",
        "/orders/DD-7Q3K9P",
    ):
        assert "Traceback" not in diner.get(page)
    finish = diner.finish()
    assert finish == {
        "initialfinaldiff": {"added": {}, "updated": {}, "deleted": {}},
        "differences": {"foodOrders": {"added": {}, "updated": {}, "deleted": {}}},
    }
    for script in SCRIPTS:
        assert grade(script, finish, tmp_path) == "FAILURE", script


def test_a_filled_cart_is_not_an_order(base_url, tmp_path):
    diner = Diner(base_url, "dashdish-10")
    diner.add("burger-barn-5", "Regular")
    diner.checkout()
    finish = diner.finish()
    assert finish["initialfinaldiff"]["added"]["cart"]["cartItems"]["0"]["name"] == "Fries"
    assert "checkoutDetails" not in str(finish["initialfinaldiff"])
    for script in SCRIPTS:
        assert grade(script, finish, tmp_path) == "FAILURE", script


# task -> (dishes to add [(id, size, quantity)], shipping, speed, tip): what the expert orders
RIGHT = {
    "dashdish_1": ([("mian-noodle-bar-1", "", 1)], "Delivery", "Standard", ""),
    "dashdish_3": ([("little-caesars-1", "", 1)], "Delivery", "Standard", ""),
    "dashdish_4": ([("crispy-coop-1", "", 1)], "Delivery", "Standard", ""),
    "dashdish_7": ([("wingstop-1", "6 pc", 1)], "Delivery", "Standard", ""),
    "dashdish_8": ([("taco-boys-4", "", 2)], "Delivery", "Standard", ""),
    "dashdish_10": ([("burger-barn-5", "Regular", 1)], "Delivery", "Standard", ""),
    "dashdish_11": ([("subway-2", "Footlong", 1)], "Delivery", "Standard", ""),
    "dashdish_12": ([("panda-wok-3", "Regular", 1)], "Delivery", "Standard", ""),
    "dashdish_17": ([("wingstop-1", "6 pc", 1), ("wingstop-2", "6 pc", 1)], "Delivery", "Express", ""),
    "dashdish_24": ([("golden-spit-1", "", 1)], "Delivery", "Standard", ""),
    "dashdish_26": ([("wingstop-1", "10 pc", 1)], "Pickup", "Standard", ""),
}
WRONG = {
    "dashdish_1": [
        ([("mian-noodle-bar-2", "Large", 1)], "Delivery", "Standard", ""),  # $26.19
        ([("panda-wok-3", "Regular", 1)], "Delivery", "Standard", ""),
    ],  # no noodles
    "dashdish_3": [([("tonys-pizzeria-3", '16"', 1)], "Delivery", "Standard", "")],
    "dashdish_4": [
        ([("crispy-coop-4", "", 1)], "Delivery", "Standard", ""),  # tenders
        ([("crispy-coop-2", "", 3)], "Delivery", "Standard", ""),
    ],  # $35.06
    "dashdish_7": [([("wing-haus-1", "8 pc", 1)], "Delivery", "Standard", "")],
    "dashdish_8": [
        ([("taco-boys-1", "", 1)], "Delivery", "Standard", ""),  # $9.62
        ([("el-taco-loco-2", "", 2)], "Delivery", "Standard", ""),
    ],  # another taco place
    "dashdish_10": [([("burger-barn-6", "Large", 1)], "Delivery", "Express", "20")],  # $22.91
    "dashdish_11": [
        ([("green-leaf-4", "", 1)], "Delivery", "Standard", ""),  # a wrap
        ([("subway-1", "Footlong", 3)], "Delivery", "Standard", ""),
    ],  # $43.58
    "dashdish_12": [
        ([("bombay-spice-1", "Regular", 1), ("bombay-spice-7", "", 1)], "Delivery", "Standard", ""),
        ([("bombay-spice-1", "Family", 1)], "Delivery", "Standard", ""),
    ],
    "dashdish_17": [
        ([("wingstop-1", "6 pc", 1), ("wingstop-2", "6 pc", 1)], "Delivery", "Standard", ""),
        ([("wingstop-1", "6 pc", 2)], "Delivery", "Express", ""),
        ([("wingstop-1", "6 pc", 1), ("wingstop-1", "10 pc", 1)], "Delivery", "Express", ""),
        ([("wingstop-1", "6 pc", 1), ("wing-haus-2", "8 pc", 1)], "Delivery", "Express", ""),
        ([("wingstop-1", "6 pc", 1), ("wingstop-2", "6 pc", 1)], "Pickup", "Express", ""),
    ],
    "dashdish_24": [
        ([("golden-spit-2", "", 1)], "Delivery", "Standard", ""),
        ([("golden-spit-1", "", 2), ("golden-spit-4", "", 1)], "Delivery", "Standard", ""),
    ],
    "dashdish_26": [
        ([("wingstop-1", "10 pc", 1)], "Delivery", "Standard", ""),
        ([("wingstop-9", "", 1)], "Pickup", "Standard", ""),
        ([("wing-haus-1", "16 pc", 1)], "Pickup", "Standard", ""),
    ],
}


def place(base_url: str, task: str, plan) -> dict:
    dishes, shipping, speed, tip = plan
    diner = Diner(base_url, task.replace("_", "-"))
    for did, size, quantity in dishes:
        diner.add(did, size, quantity)
    page = diner.order(shipping, speed, tip)
    assert "Your order is placed" in page
    return diner.finish()


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_right_order_succeeds(script, base_url, tmp_path):
    finish = place(base_url, script, RIGHT[script])
    assert grade(script, finish, tmp_path) == "SUCCESS"


@pytest.mark.parametrize("script, index", [(s, i) for s, plans in WRONG.items() for i in range(len(plans))])
def test_plausible_wrong_orders_fail(script, index, base_url, tmp_path):
    finish = place(base_url, script, WRONG[script][index])
    assert grade(script, finish, tmp_path) == "FAILURE"


def test_loose_dashdish_10_accepts_a_total_over_15(base_url, tmp_path):
    # KNOWN LOOSE: the goal says "under $15", eval_dashdish_10.py accepts totalAmount <= 20.
    finish = place(base_url, "dashdish_10", ([("burger-barn-6", "Large", 1)], "Delivery", "Standard", ""))
    order = finish["initialfinaldiff"]["added"]["cart"]["foodOrders"]["3"]
    assert order["checkoutDetails"]["charges"]["totalAmount"] == 19.32
    assert grade("dashdish_10", finish, tmp_path) == "SUCCESS"


# Orders that miss the goal but that the unmodified scripts accept (listed as loose in the report; the replica
# is not shaped for them): script -> (plan, what the goal wanted)
LOOSE = {
    # $15.48 of food (total $22.13 with fees and tip): the script reads the total, with no upper bound
    "dashdish_8": ([("taco-boys-5", "", 1), ("taco-boys-9", "", 1)], "Delivery", "Standard", ""),
    # a bag of chips from Subway: the restaurant's name holds "sub"
    "dashdish_11": ([("subway-7", "", 1)], "Delivery", "Standard", ""),
    # horchata ("cinnamon rice milk") is no rice meal
    "dashdish_12": ([("taco-boys-10", "Medium", 1)], "Delivery", "Standard", ""),
    # a turkey sub, not a chicken sandwich: "sub" or "sandwich" in the name is enough
    "dashdish_4": ([("subway-2", "6-inch", 1)], "Delivery", "Standard", ""),
}


@pytest.mark.parametrize("script", sorted(LOOSE))
def test_loose_scripts_accept_orders_that_miss_the_goal(script, base_url, tmp_path):
    assert grade(script, place(base_url, script, LOOSE[script]), tmp_path) == "SUCCESS"


def test_order_shape_cart_quantities_and_a_second_order(base_url, tmp_path):
    diner = Diner(base_url, "dashdish-17")
    diner.add("wingstop-1", "6 pc")
    diner.add("wingstop-1", "6 pc")  # same dish and size: one line, quantity 2
    diner.add("wingstop-11", "Regular")
    page = diner.post("/cart/quantity", line_id="wingstop-1:6 pc", change="-1")
    assert "Cart, 2 items" in page
    page = diner.post("/cart/remove", line_id="wingstop-11:Regular")
    assert "Removed Seasoned Fries" in page
    diner.add("wingstop-2", "6 pc")
    checkout = diner.checkout("Delivery", "Express")
    assert "Place order · $29.22" in checkout and 'aria-pressed="true" href="/checkout?shipping=Delivery&amp;speed=Express' in checkout
    assert grade("dashdish_17", diner.finish(), tmp_path) == "FAILURE"  # not ordered yet
    confirmation = diner.post("/checkout/place-order", shipping="Delivery", speed="Express", tip="15")
    number = re.search(r"DD-[A-Z0-9]{6}", confirmation).group(0)
    finish = diner.finish()
    ifd = finish["initialfinaldiff"]
    order = ifd["added"]["cart"]["foodOrders"]["3"]
    assert list(ifd["added"]) == ["cart"] and list(ifd["added"]["cart"]) == ["foodOrders"]  # the cart is empty again
    assert ifd["updated"] == {} and ifd["deleted"] == {}
    assert order["orderId"] == number and order["orderDate"].endswith("Z")
    assert [(i["name"], i["size"], i["quantity"], i["restaurantName"]) for i in order["cartItems"]] == [
        ("Lemon Pepper Wings", "6 pc", 1, "Wingstop"),
        ("Original Hot Wings", "6 pc", 1, "Wingstop"),
    ]
    assert order["checkoutDetails"]["shipping"]["shippingOption"] == "Delivery"
    assert order["checkoutDetails"]["shipping"]["deliveryOption"] == "Express"
    assert order["checkoutDetails"]["charges"]["totalAmount"] == 29.22
    assert finish["differences"]["foodOrders"]["added"] == {"3": order}
    assert diner.finish() == finish  # /finish changes nothing
    assert grade("dashdish_17", finish, tmp_path) == "SUCCESS"
    assert number in diner.get("/orders") and "Lemon Pepper Wings" in diner.get(f"/orders/{number}")
    diner.add("taco-boys-4", "", 2)
    diner.order()
    second = diner.finish()
    assert set(second["initialfinaldiff"]["added"]["cart"]["foodOrders"]) == {"3", "4"}
    assert set(second["differences"]["foodOrders"]["added"]) == {"3", "4"}
    assert grade("dashdish_8", second, tmp_path) == "SUCCESS" and grade("dashdish_17", second, tmp_path) == "SUCCESS"


def test_placing_an_order_with_an_empty_cart_places_nothing(base_url):
    diner = Diner(base_url, "dashdish-3")
    assert "Your cart is empty" in diner.post("/checkout/place-order", shipping="Delivery")
    assert diner.finish()["initialfinaldiff"]["added"] == {}


def test_pickup_checkout_shows_no_fees_and_no_tip_by_default(base_url):
    diner = Diner(base_url, "dashdish-26")
    diner.add("wingstop-1", "10 pc")
    page = diner.checkout("Pickup", "Standard")
    assert "Place order · $15.21" in page and "Service fee" not in page and "Pick up at" in page
    assert "Place order · $21.29" in diner.get("/checkout")  # delivery, 15% tip by default


# ---- real pages through the page summary ------------------------------------------------------------------------
def test_checkout_page_summary_lists_the_choices(page_summary):
    summary = page_summary("dashdish-17__11")  # checkout, Express pressed
    for role, name in (("button", "Delivery"), ("button", "Pickup"), ("button", "Standard"), ("button", "No tip"), ("link", "Edit cart")):
        assert find(summary.nodes, role, name) is not None, name
    assert find(summary.nodes, "button", name_contains="Express") is not None
    assert find(summary.nodes, "button", name_contains="Place order") is not None
    assert "Express" in summary.text and "Place order" in summary.text


def test_long_menu_page_summary_keeps_every_dish_link(page_summary):
    summary = page_summary("dashdish-17__2")  # Wingstop's menu
    for dish in restaurant_by_id("wingstop")["dishes"]:
        node = find(summary.nodes, "link", dish["name"])
        assert node is not None and f"[{node.bid}]" in summary.text, dish["name"]
    assert find(summary.nodes, "searchbox", "Search DashDish") is not None


def test_search_results_page_summary_lists_the_noodle_dishes(page_summary):
    summary = page_summary("dashdish-1__2")  # results for "noodles"
    for name in ("Dan Dan Noodles", "Beef Noodle Soup", "Chow Mein", "Pad Thai"):
        node = find(summary.nodes, "link", name)
        assert node is not None and f"[{node.bid}]" in summary.text, name


# ---- the expert ----------------------------------------------------------------------------------------------
NOT_CLICKED = (
    'TimeoutError: Locator.click: Timeout 500ms exceeded.\nCall log:\n  - waiting for get_by_test_id("44")\n'
    "  - attempting click action\n    - waiting for element to be visible, enabled and stable\n"
)
CLICKED = NOT_CLICKED + "    - element is visible, enabled and stable\n    - performing click action\n    - click action done\n"


def test_expert_clicks_again_only_when_the_click_was_never_performed():
    # dashdish's own click-again helper became the runner's shared one (verify/postconditions.py timeout_retry)
    page = {"url": "http://127.0.0.1:8601/cart", "axtree_object": {}}
    assert timeout_retry("click('44')", page, {**page, "last_action_error": NOT_CLICKED})  # not clicked: again
    assert timeout_retry("click('44')", page, {**page, "last_action_error": CLICKED}) is None  # clicked (slow navigation): done
    assert timeout_retry("click('44')", page, page) is None
    assert set(SOLUTIONS) == {s.replace("_", "-") for s in SCRIPTS}

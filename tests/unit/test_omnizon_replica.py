"""Omnizon replica without a browser: the catalog's fixed ids and traps, search, and the state that /finish
reports after shopping flows over HTTP, graded by agisdk's own omnizon scripts.

    .venv/bin/python -m pytest tests/unit/test_omnizon_replica.py -q
"""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from halo_lib.sites.omnizon.app import Omnizon
from halo_lib.sites.omnizon.seed import PRODUCTS, product_by_id, search_products
from tests.support.replica_http import ReplicaUser, grade, serve_replica


# ---- catalog ----------------------------------------------------------------------------------------------
def titles_with(*words: str) -> set[str]:
    return {p["id"] for p in PRODUCTS if any(w in p["title"].lower() for w in words)}


def test_fixed_ids_are_the_products_the_scripts_expect():
    assert "DualSense" in product_by_id("16")["title"] and product_by_id("16")["price"] < 100
    assert "Apron" in product_by_id("91")["title"]
    assert "Ball Pack" in product_by_id("114")["title"]
    assert "40 Inch" in product_by_id("159")["title"]
    assert all("Neck Pillow" in product_by_id(i)["title"] for i in ("167", "170"))
    assert all(product_by_id(i)["category"] == "gaming" and product_by_id(i)["price"] < 100 for i in ("192", "193"))
    assert "Stock Pot" in product_by_id("212")["title"] and "Dutch Oven" in product_by_id("215")["title"]
    assert 80 <= len(PRODUCTS) <= 150 and all(isinstance(p["id"], str) for p in PRODUCTS)


def test_no_equally_plausible_alternatives():
    assert titles_with("silverware", "flatware", "cutlery") == {"211"}
    assert titles_with("neck pillow") == {"167", "170"}
    assert titles_with("apron") == {"91"}
    assert titles_with("40 inch", "40-inch") == {"159"}
    assert titles_with(" pot", "dutch oven", "saucepan", "stockpot") == {"212", "215"}
    assert titles_with("pack") & titles_with("ball") == {"114"}
    assert {p["id"] for p in PRODUCTS if p["category"] == "gaming" and p["price"] < 100} == {"16", "192", "193"}
    both = [p["id"] for p in PRODUCTS if "spoon" in p["title"].lower() and "fork" in p["title"].lower()]
    assert both == ["211"]


def test_search_offers_choices_on_both_sides_of_each_constraint():
    headphones = [p["price"] for p in search_products("headphones")[0]]
    assert any(24 < x < 100 for x in headphones) and any(x >= 100 for x in headphones) and any(x <= 24 for x in headphones)
    frames = [p["title"] for p in search_products("bed frame")[0]]
    assert len(frames) == 4 and sum("Queen" in t for t in frames) == 1
    assert [p["id"] for p in search_products("silverware set")[0]] == ["211"]
    assert search_products("cooking pot")[0][0]["id"] == "212"
    assert {p["id"] for p in search_products("gaming controllers")[0]} == {"16", "192", "193"}
    assert search_products("office chairs")[0] and search_products("40 inch desk")[0][0]["id"] == "159"


# ---- a live replica over HTTP ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url():
    with serve_replica(Omnizon()) as base:
        yield base


class Shopper(ReplicaUser):
    """One Omnizon shopper: search, add to cart, place the order."""

    def search(self, query: str) -> str:
        return self.get("/search?" + urllib.parse.urlencode({"q": query}))

    def add(self, product_id: str, quantity: int = 1) -> str:
        self.get(f"/product/{product_id}")
        return self.post("/cart/add", product_id=product_id, quantity=quantity)

    def place_order(self) -> str:
        self.post("/cart/checkout")
        return self.post("/checkout/place-order")


def test_an_untouched_session_has_an_empty_diff(base_url, tmp_path):
    finish = Shopper(base_url, "omnizon-25").finish()
    assert finish == {"initialfinaldiff": {"added": {}, "updated": {}, "deleted": {}}}
    for script in ("omnizon_25", "omnizon_28", "omnizon_3"):
        assert grade(script, finish, tmp_path) == "FAILURE"


def test_apron_and_pot_order_has_the_shapes_the_scripts_read(base_url, tmp_path):
    shopper = Shopper(base_url, "omnizon-25")
    shopper.search("apron")
    shopper.add("91")
    shopper.search("cooking pot")
    page = shopper.add("212")
    assert "Cart, 2 items" in page and "Added to Cart" in page
    confirmation = shopper.place_order()
    assert "Order placed, thank you!" in confirmation
    shopper.get("/favicon.ico")
    shopper.get("/no/such/page")
    finish = shopper.finish()
    diff = finish["initialfinaldiff"]
    order = diff["added"]["order"]["orders"]["0"]
    assert [(i["id"], i["quantity"]) for i in order["items"]] == [("91", 1), ("212", 1)]
    assert order["total"] == 64.94 and order["date"].endswith("Z") and order["orderNumber"]
    assert diff["updated"]["router"]["location"]["pathname"] == "/confirmation"
    assert diff["updated"]["filter"] == {"searchQuery": "cooking pot", "searchInputValue": "cooking pot"}
    assert "cart" not in diff["added"] and "cart" not in diff["updated"]
    assert not re.search(r"success|error|fail", json.dumps(finish).lower())
    assert shopper.finish() == finish  # /finish changes nothing
    assert grade("omnizon_25", finish, tmp_path) == "SUCCESS"
    assert grade("omnizon_13", finish, tmp_path) == "SUCCESS"
    assert grade("omnizon_28", finish, tmp_path) == "FAILURE"
    assert grade("omnizon_17", finish, tmp_path) == "FAILURE"


def test_buy_now_orders_one_item_and_keeps_the_cart(base_url, tmp_path):
    shopper = Shopper(base_url, "omnizon-28")
    shopper.add("91")
    shopper.search("silverware set")
    shopper.get("/product/211")
    checkout = shopper.post("/buy-now", product_id="211", quantity=1)
    assert "Place your order" in checkout and "Silverware Set" in checkout and "Apron" not in checkout
    shopper.post("/checkout/place-order", buy="211", qty="1")
    finish = shopper.finish()
    added = finish["initialfinaldiff"]["added"]
    assert [i["id"] for i in added["order"]["orders"]["0"]["items"]] == ["211"]
    assert [i["id"] for i in added["cart"]["items"].values()] == ["91"]
    assert grade("omnizon_28", finish, tmp_path) == "SUCCESS"


def test_cart_quantity_update_and_delete(base_url, tmp_path):
    shopper = Shopper(base_url, "omnizon-24")
    shopper.add("16")
    shopper.add("192")
    shopper.post("/cart/update", product_id="16", quantity=2)
    page = shopper.post("/cart/delete", product_id="192")
    assert "was removed from Shopping Cart" in page and "Cart, 2 items" in page
    assert "Place your order" in shopper.post("/cart/checkout")
    assert grade("omnizon_24", shopper.finish(), tmp_path) == "FAILURE"  # not ordered yet
    shopper.post("/checkout/place-order")
    finish = shopper.finish()
    assert finish["initialfinaldiff"]["added"]["order"]["orders"]["0"]["items"][0]["quantity"] == 2
    assert grade("omnizon_24", finish, tmp_path) == "SUCCESS"


def test_placing_an_order_with_an_empty_cart_places_nothing(base_url):
    shopper = Shopper(base_url, "omnizon-30")
    page = shopper.post("/checkout/place-order")
    assert "Your cart is empty" in page
    assert shopper.finish()["initialfinaldiff"]["updated"]["router"]["location"]["pathname"] == "/cart"
    assert "order" not in shopper.finish()["initialfinaldiff"]["added"]

"""DashDish's task families (see halo_lib/generated/family.py): generated food orders over the seed restaurants.

Five families: order N of a dish (size given where the dish has sizes) for standard delivery, a pickup order,
an express delivery with a given tip, two dishes from one restaurant in one order, and dishes left in the cart
without ordering. Checkers are strict: exactly one new order holding exactly those lines with the asked
delivery mode, speed and tip, nothing left in the cart, no past order touched. The expert works from the page:
the cart is its decision point (remove stray lines, fix quantities with -/+), it searches a missing dish by name
and opens the result from the right restaurant, picks size and quantity, then sets Delivery/Pickup, speed and tip
at checkout before placing the order.

    halo gen tasks --name dd --sites dashdish --per-family 10
    halo eval --mode expert --tasks gen:dd --out /tmp/dd_gen --sites-port 9200 --workers 2
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Any, Sequence
from urllib.parse import parse_qs, urlparse

from halo_lib.generated.checker import unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.obs.axtree import text_of
from halo_lib.sites.dashdish.seed import RESTAURANTS, search
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Press, Select, Target, View

SEARCH = Target("searchbox", "Search DashDish")
CART_LINK = Target("link", contains="Cart,")
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}
TIP_WORDS = {0: "no tip", 10: "a 10% tip", 15: "a 15% tip", 20: "a 20% tip"}
TIP_BUTTONS = {0: "No tip", 10: "10%", 15: "15%", 20: "20%"}

# Dishes REAL's dashdish v2 tasks order (dashdish-1, -3, -4, -7, -8, -10, -11, -12, -17, -24, -26): never a target.
REAL_DISHES = {
    ("mian-noodle-bar", "Dan Dan Noodles"),
    ("little-caesars", "Hot-N-Ready Pepperoni Pizza"),
    ("crispy-coop", "Classic Chicken Sandwich"),
    ("wingstop", "Lemon Pepper Wings"),
    ("wingstop", "Original Hot Wings"),
    ("taco-boys", "Carne Asada Burrito"),
    ("burger-barn", "Fries"),
    ("subway", "Turkey Breast Sub"),
    ("panda-wok", "Chicken Fried Rice"),
    ("golden-spit", "Rotisserie Chicken Sandwich"),
}


def _findable(dish: dict) -> bool:
    """Searching the dish's name lists it among the first 40 dishes (what the search page shows)."""
    return any(d["id"] == dish["id"] for d in search(dish["name"])[1][:40])


@lru_cache(maxsize=1)
def dishes() -> list[dict]:
    """The dishes tasks draw from: not REAL's, and found by searching their name (computed on first use: a
    checker script imports this module and needs none of it)."""
    return [d for r in RESTAURANTS for d in r["dishes"] if (r["id"], d["name"]) not in REAL_DISHES and _findable(d)]


def line(dish: dict, rng: random.Random, quantities: Sequence[int] = (1,)) -> dict:
    size = rng.choice(dish["sizes"])["label"]
    return {
        "dishId": dish["id"],
        "name": dish["name"],
        "size": size,
        "quantity": rng.choice(list(quantities)),
        "restaurantId": dish["restaurantId"],
        "restaurantName": dish["restaurantName"],
    }


def label(item: dict) -> str:
    """How the site writes a line: "Pad Thai", "Lemon Pepper Wings (6 pc)"."""
    return item["name"] + (f" ({item['size']})" if item["size"] != "Regular" else "")


def phrase(item: dict) -> str:
    """How the goal names a line: "two Pad Thai", "one 10 pc Atomic Wings"."""
    size = f"{item['size']} " if item["size"] != "Regular" else ""
    return f"{NUMBER_WORDS.get(item['quantity'], item['quantity'])} {size}{item['name']}"


def other_changes(state: dict, allowed: list[str]) -> list[str]:
    return [f"changed {path}" for path in unexpected(state, allowed) if path]


def url_parts(view: View) -> tuple[str, dict[str, str]]:
    parsed = urlparse(view.url)
    return parsed.path or "/", {k: v[0] for k, v in parse_qs(parsed.query).items()}


class DashdishOrder(Family):
    """Shared: target lines, then either checkout with `shipping`/`speed`/`tip` (mode order) or stop (mode cart)."""

    site = "dashdish"
    mode = "order"

    def options(self, params: Params) -> tuple[str, str, int | None]:
        """(shipping, speed, tip percent or None when the goal leaves the tip open)."""
        return params.get("shipping", "Delivery"), params.get("speed", "Standard"), params.get("tip")

    def identity(self, params: Params) -> tuple:
        lines = tuple(sorted((i["dishId"], i["size"], i["quantity"]) for i in params["items"]))
        return (lines, self.options(params))

    def real_params(self) -> Sequence[Params]:
        """REAL's dishes, one each, delivered (their dishes are also kept out of the pool)."""
        found = []
        for restaurant in RESTAURANTS:
            for dish in restaurant["dishes"]:
                if (restaurant["id"], dish["name"]) in REAL_DISHES:
                    item = {"dishId": dish["id"], "size": dish["sizes"][0]["label"], "quantity": 1}
                    found.append({"items": [item]})
        return found

    # ---- grading -------------------------------------------------------------------------------------------
    def check(self, params: Params, state: dict) -> list[str]:
        want = {(i["dishId"], i["size"]): i["quantity"] for i in params["items"]}
        orders = (state.get("differences") or {}).get("foodOrders") or {}
        added = list((orders.get("added") or {}).values())
        problems: list[str] = []
        if orders.get("updated") or orders.get("deleted"):
            problems.append("a past order was changed or deleted")
        if self.mode == "cart":
            diff_added = (state.get("initialfinaldiff") or {}).get("added") or {}
            cart = list(((diff_added.get("cart") or {}).get("cartItems") or {}).values())
            got = {(c.get("dishId"), c.get("size")): c.get("quantity") for c in cart}
            if got != want:
                problems.append(f"the cart holds {got}, not {want}")
            if added:
                problems.append(f"{len(added)} order(s) placed; the task asked for the cart only")
            return problems + other_changes(state, ["cart.cartItems"])
        if len(added) != 1:
            return problems + [f"expected exactly one new order, found {len(added)}"]
        order = added[0]
        got = {(c.get("dishId"), c.get("size")): c.get("quantity") for c in order.get("cartItems") or []}
        if got != want:
            problems.append(f"the order holds {got}, not {want}")
        shipping, speed, tip = self.options(params)
        details = order.get("checkoutDetails") or {}
        chosen = details.get("shipping") or {}
        if chosen.get("shippingOption") != shipping:
            problems.append(f"shipping is {chosen.get('shippingOption')}, not {shipping}")
        if shipping == "Delivery" and chosen.get("deliveryOption") != speed:
            problems.append(f"delivery speed is {chosen.get('deliveryOption')}, not {speed}")
        if tip is not None and (details.get("charges") or {}).get("tipPercent") != tip:
            problems.append(f"the tip is {(details.get('charges') or {}).get('tipPercent')}%, not {tip}%")
        return problems + other_changes(state, ["cart.foodOrders"])

    # ---- the expert ----------------------------------------------------------------------------------------
    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        items = params["items"]
        path, query = url_parts(view)
        if path.startswith("/orders/") and view.find("heading", contains="Your order is placed"):
            texts = [n.name.strip() for n in view.nodes if n.role == "StaticText"]
            if all(any(t.startswith(f"{i['quantity']} × {label(i)}") for t in texts) for i in items):
                return Answer(self.done_message(params))
            return Click(CART_LINK)
        if path == "/cart":
            return self.on_cart(view, params)
        if path == "/checkout":
            return self.on_checkout(view, params, query)
        item_page = re.fullmatch(r"/store/([^/]+)/item/([^/]+)", path)
        if item_page:
            wanted = next((i for i in items if i["dishId"] == item_page.group(2)), None)
            if wanted is None:
                return Click(CART_LINK)
            for radio in view.find_all("radio"):  # named "<size> <price>" by its label: "Large $16.99"
                if re.match(re.escape(wanted["size"]) + r"(\s|$)", radio.name.strip()) and not radio.checked:
                    return Click(radio)
            box = view.find("combobox", "Quantity")
            if box is not None and (box.value or "1") != str(wanted["quantity"]):
                return Select(box, str(wanted["quantity"]))
            return Click(Target("button", "Add to cart"))
        if path == "/search":
            wanted = next((i for i in items if i["name"].lower() == query.get("q", "").strip().lower()), None)
            if wanted is not None:
                link = self.dish_link(view, wanted)
                if link is not None:
                    return Click(link)
        return Click(CART_LINK)

    def dish_link(self, view: View, wanted: dict):
        dishes = view.find("list", "Matching dishes")
        if dishes is None:
            return None
        for entry in view.find_all("listitem", within=dishes):
            link = view.find("link", wanted["name"], within=entry)
            if link is not None and f"{wanted['restaurantName']} ·" in text_of(view.nodes, entry):
                return link
        return None

    def on_cart(self, view: View, params: Params) -> Intent:
        by_label = {label(i): i for i in params["items"]}
        present = set()
        for entry in view.find_all("listitem"):
            remove = view.find("button", contains="Remove ", within=entry)
            if remove is None:
                continue
            name = remove.name[len("Remove ") :]
            wanted = by_label.get(name)
            if wanted is None:
                return Click(remove)
            present.add(name)
            shown = view.find(name=f"Quantity of {wanted['name']}", within=entry)
            quantity = _count(text_of(view.nodes, shown)) if shown is not None else wanted["quantity"]
            if quantity > wanted["quantity"]:
                return Click(Target("button", f"Decrease quantity of {name}", within=entry))
            if quantity < wanted["quantity"]:
                return Click(Target("button", f"Increase quantity of {name}", within=entry))
        missing = [i for i in params["items"] if label(i) not in present]
        if missing:
            box = view.find("searchbox", "Search DashDish")
            if box is not None and (box.value or "") == missing[0]["name"]:
                return Press(SEARCH, "Enter")
            return Fill(SEARCH, missing[0]["name"])
        if self.mode == "cart":
            return Answer(self.done_message(params))
        return Click(Target("link", "Go to checkout"))

    def on_checkout(self, view: View, params: Params, query: dict[str, str]) -> Intent:
        texts = [n.name.strip() for n in view.nodes if n.role == "StaticText"]
        lines = [t for t in texts if re.match(r"\d+ × ", t)]
        expected = sorted(f"{i['quantity']} × {label(i)}" for i in params["items"])
        if self.mode == "cart" or sorted(lines) != expected:
            return Click(Target("link", "Edit cart"))
        from halo_lib.sites.dashdish.app import parse_checkout  # here: a checker script never needs FastAPI

        shipping, speed, tip = self.options(params)
        now_shipping, now_speed, now_tip = parse_checkout(query.get("shipping", ""), query.get("speed", ""), query.get("tip", ""))
        if now_shipping != shipping:
            return Click(Target("button", shipping))
        if shipping == "Delivery" and now_speed != speed:
            return Click(Target("button", contains=speed))
        if tip is not None and now_tip != tip:
            return Click(Target("button", TIP_BUTTONS[tip]))
        return Click(Target("button", contains="Place order"))

    def done_message(self, params: Params) -> str:
        what = " and ".join(phrase(i) for i in params["items"])
        where = params["items"][0]["restaurantName"]
        return f"I ordered {what} from {where}." if self.mode == "order" else f"Your cart holds {what} from {where}."


def _count(text: str) -> int:
    found = re.findall(r"\d+", text)
    return int(found[-1]) if found else 0


class OrderDish(DashdishOrder):
    """N of a dish (its size where it has sizes), standard delivery."""

    name, kind = "order_dish", "buy"
    templates = (
        "Order {what} from {restaurant} for delivery.",
        "Get {what} delivered from {restaurant}.",
        "I'm hungry: have {restaurant} deliver {what}, standard delivery is fine.",
    )

    def sample(self, rng: random.Random) -> Params:
        return {"items": [line(rng.choice(dishes()), rng, (1, 1, 2, 3))]}

    def fields(self, params: Params) -> dict[str, Any]:
        return {"what": phrase(params["items"][0]), "restaurant": params["items"][0]["restaurantName"]}


class PickupOrder(DashdishOrder):
    """A pickup order of one dish (no delivery)."""

    name, kind = "pickup_order", "buy"
    templates = (
        "Place a pickup order for {what} at {restaurant}.",
        "I'll collect it myself: order {what} from {restaurant} as pickup.",
        "Order {what} from {restaurant}, for pickup rather than delivery.",
    )

    def sample(self, rng: random.Random) -> Params:
        dish = rng.choice([d for d in dishes() if d["restaurantId"] != "wingstop"])  # dashdish-26: Wingstop pickup
        return {"shipping": "Pickup", "items": [line(dish, rng, (1, 2))]}

    def fields(self, params: Params) -> dict[str, Any]:
        return {"what": phrase(params["items"][0]), "restaurant": params["items"][0]["restaurantName"]}


class ExpressWithTip(DashdishOrder):
    """Express delivery of one dish with a given tip."""

    name, kind = "express_tip", "buy"
    templates = (
        "Order {what} from {restaurant} with express delivery and {tip}.",
        "Rush {what} from {restaurant} to me (express), and leave {tip}.",
        "Express delivery please: {what} from {restaurant}, with {tip} for the driver.",
    )

    def sample(self, rng: random.Random) -> Params:
        return {"speed": "Express", "tip": rng.choice([0, 10, 20]), "items": [line(rng.choice(dishes()), rng, (1, 2))]}

    def fields(self, params: Params) -> dict[str, Any]:
        item = params["items"][0]
        return {"what": phrase(item), "restaurant": item["restaurantName"], "tip": TIP_WORDS[params["tip"]]}


class TwoDishes(DashdishOrder):
    """Two different dishes from one restaurant in a single delivery order."""

    name, kind = "two_dishes", "buy"
    templates = (
        "From {restaurant}, order {first} and {second} in one delivery.",
        "Get me {first} plus {second} from {restaurant}, delivered together.",
        "One order from {restaurant} please: {first} and {second}.",
    )

    def sample(self, rng: random.Random) -> Params:
        first = rng.choice(dishes())
        second = rng.choice([d for d in dishes() if d["restaurantId"] == first["restaurantId"] and d["id"] != first["id"]])
        return {"items": [line(first, rng), line(second, rng)]}

    def fields(self, params: Params) -> dict[str, Any]:
        first, second = params["items"]
        return {"first": phrase(first), "second": phrase(second), "restaurant": first["restaurantName"]}


class CartOnly(DashdishOrder):
    """Put N of a dish in the cart and stop before checkout."""

    name, kind, mode = "cart_only", "cart", "cart"
    templates = (
        "Add {what} from {restaurant} to my cart, but don't order yet.",
        "Just put {what} from {restaurant} in the cart; I'll check out later.",
        "Fill my cart with {what} from {restaurant} without placing the order.",
    )

    def sample(self, rng: random.Random) -> Params:
        return {"items": [line(rng.choice(dishes()), rng, (1, 2, 3, 4))]}

    def fields(self, params: Params) -> dict[str, Any]:
        return {"what": phrase(params["items"][0]), "restaurant": params["items"][0]["restaurantName"]}


FAMILIES: list[Family] = [OrderDish(), PickupOrder(), ExpressWithTip(), TwoDishes(), CartOnly()]

"""Omnizon's task families (see halo_lib/generated/family.py): generated shopping tasks over the seed catalog.

Five families: order a product (N of it), put N of a product in the cart without ordering, order the cheapest /
priciest match of a search, order the best-rated / cheapest item of a department within a price range, and order
two products in one order. Every checker is strict (exactly the new order or cart asked for, nothing left in the
cart, no other order). Every expert works from the page: it reads the cart (deletes what does not belong, fixes
quantities), searches or browses to what is missing, sorts and filters the listing, and checks out.

    halo gen tasks --name omz --sites omnizon --per-family 10
    halo eval --mode expert --tasks gen:omz --out /tmp/omz_gen --sites-port 9200 --workers 2
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any, Sequence
from urllib.parse import parse_qs, urlparse

from halo_lib.generated.checker import unexpected
from halo_lib.generated.family import Family, Params
from halo_lib.sites.expert import Answer, Click, Fill, Intent, Press, Select, Target, View
from halo_lib.sites.omnizon.seed import CATEGORY_NAMES, PRODUCTS, search_products

SEARCH = Target("searchbox", "Search Omnizon")
CART_LINK = Target("link", contains="Cart,")
BANDS = {
    "0-25": "under $25",
    "25-50": "between $25 and $50",
    "50-100": "between $50 and $100",
    "100-200": "between $100 and $200",
    "200-": "at $200 or more",
}
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}

# Products REAL's omnizon v2 tasks order (their scripts' ids): generated buying tasks never target them.
REAL_PRODUCT_IDS = {"4", "16", "91", "114", "156", "159", "160", "167", "170", "192", "193", "211", "212", "215"}
# REAL's omnizon tasks as (products -> quantity): omnizon-13/28/30/15/17/9 one item, -24 two DualSense,
# -25 apron + stock pot, -29 desk + chair, -3 the JBL headphones.
REAL_ORDERS: list[dict[str, int]] = [
    {"212": 1},
    {"215": 1},
    {"211": 1},
    {"160": 1},
    {"114": 1},
    {"167": 1},
    {"170": 1},
    {"16": 1},
    {"192": 1},
    {"193": 1},
    {"4": 1},
    {"16": 2},
    {"91": 1, "212": 1},
    {"159": 1, "156": 1},
]


# ---- the catalog as a shopper names it ---------------------------------------------------------------------
def short_name(product: dict) -> str:
    """The title up to its first comma, at most eight words ("Sony WH-1000XM5 Wireless Noise Canceling Headphones")."""
    words = product["title"].split(",")[0].split()
    return " ".join(words[:8])


def search_query(product: dict) -> str:
    """What a shopper types to find it: brand + its first tag word ("Sony headphones")."""
    return f"{product['brand']} {product['tags'].split()[0]}"


BUYABLE = [p for p in PRODUCTS if p["id"] not in REAL_PRODUCT_IDS and p in search_products(search_query(p))[0][:8]]


def item(product: dict, quantity: int = 1, **find: Any) -> dict:
    """One product a task wants: id, title, how many, and how the expert finds it (a search query by default)."""
    return {
        "id": product["id"],
        "title": product["title"],
        "name": short_name(product),
        "quantity": quantity,
        "find": find or {"q": search_query(product)},
    }


def other_changes(state: dict, allowed: list[str]) -> list[str]:
    """checker.unexpected() without its "" path (an empty `deleted: {}` block reads as one leaf there)."""
    return [f"changed {path}" for path in unexpected(state, allowed) if path]


def count_word(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


# ---- reading the pages ---------------------------------------------------------------------------------------
def url_parts(view: View) -> tuple[str, dict[str, str]]:
    parsed = urlparse(view.url)
    return parsed.path or "/", {k: v[0] for k, v in parse_qs(parsed.query).items()}


def cart_lines(view: View) -> list[tuple[Any, Any]]:
    """(list item, its Quantity combobox) per cart line; the list item's name is the product title."""
    lines = []
    for node in view.find_all("listitem"):
        quantity = view.find("combobox", "Quantity", within=node)
        if quantity is not None and view.find("button", "Delete", within=node) is not None:
            lines.append((node, quantity))
    return lines


def shown_titles(view: View) -> set[str]:
    return {node.name for node in view.nodes if node.name}


class OmnizonShopping(Family):
    """Shared by the families: a target cart (`items`) that is either checked out (`order`) or left (`cart`)."""

    site = "omnizon"
    mode = "order"

    def items(self, params: Params) -> list[dict]:
        return params["items"]

    def identity(self, params: Params) -> tuple:
        return tuple(sorted((i["id"], i["quantity"]) for i in self.items(params)))

    def real_params(self) -> Sequence[Params]:
        return [{"items": [{"id": pid, "quantity": q} for pid, q in order.items()]} for order in REAL_ORDERS]

    # ---- grading -------------------------------------------------------------------------------------------
    def check(self, params: Params, state: dict) -> list[str]:
        want = {i["id"]: i["quantity"] for i in self.items(params)}
        added = (state.get("initialfinaldiff") or {}).get("added") or {}
        orders = list(((added.get("order") or {}).get("orders") or {}).values())
        cart = list(((added.get("cart") or {}).get("items") or {}).values())
        problems: list[str] = []
        if self.mode == "order":
            if len(orders) != 1:
                return [f"expected exactly one new order, found {len(orders)}"]
            got = {str(line.get("id")): line.get("quantity") for line in orders[0].get("items") or []}
            if got != want:
                problems.append(f"the order holds {got}, not {want}")
            problems += other_changes(state, ["filter", "order.orders"])
        else:
            got = {str(line.get("id")): line.get("quantity") for line in cart}
            if got != want:
                problems.append(f"the cart holds {got}, not {want}")
            problems += other_changes(state, ["filter", "cart.items"])
        return problems

    # ---- the expert ----------------------------------------------------------------------------------------
    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        items = self.items(params)
        path, query = url_parts(view)
        titles = {i["title"]: i for i in items}
        if path == "/confirmation" and view.find("heading", "Order placed, thank you!"):
            if all(t in shown_titles(view) for t in titles):
                return Answer(self.done_message(params))
            return Click(CART_LINK)
        if path == "/cart":
            return self.on_cart(view, params, items)
        if path == "/checkout":
            review = {n.name for n in view.nodes} & set(titles)
            checkout_qty = [n.name for n in view.nodes if n.name.startswith("Quantity: ")]
            expected_qty = sorted(f"Quantity: {i['quantity']}" for i in items)
            if self.mode == "order" and review == set(titles) and sorted(checkout_qty) == expected_qty:
                return Click(Target("button", "Place your order"))
            return Click(CART_LINK)
        if path.startswith("/product/"):
            product_id = path.rsplit("/", 1)[1]
            wanted = next((i for i in items if i["id"] == product_id), None)
            if wanted is None:
                return Click(CART_LINK)
            box = view.find("combobox", "Quantity")
            if box is not None and wanted["quantity"] != 1 and (box.value or "1") != str(wanted["quantity"]):
                return Select(box, str(wanted["quantity"]))
            return Click(Target("button", "Add to Cart"))
        if path == "/search" or path.startswith("/category/"):
            for wanted in items:
                step = self.on_listing(view, wanted, path, query)
                if step is not None:
                    return step
        return Click(CART_LINK)

    def on_cart(self, view: View, params: Params, items: list[dict]) -> Intent:
        by_title = {i["title"]: i for i in items}
        present = set()
        for node, box in cart_lines(view):
            wanted = by_title.get(node.name)
            if wanted is None:
                return Click(Target("button", "Delete", within=node))
            present.add(node.name)
            if (box.value or "") != str(wanted["quantity"]):
                return Select(box, str(wanted["quantity"]))
        missing = [i for i in items if i["title"] not in present]
        if missing:
            return self.go_find(view, missing[0])
        if self.mode == "cart":
            return Answer(self.done_message(params))
        return Click(Target("button", "Proceed to checkout"))

    def go_find(self, view: View, wanted: dict) -> Intent:
        """From any page: start the way to `wanted` (search for it, or open its department)."""
        find = wanted["find"]
        if "department" in find:
            return Click(Target("link", CATEGORY_NAMES[find["department"]]))
        box = view.find("searchbox", "Search Omnizon")
        if box is not None and (box.value or "") == find["q"]:
            return Press(SEARCH, "Enter")
        return Fill(SEARCH, find["q"])

    def on_listing(self, view: View, wanted: dict, path: str, query: dict[str, str]) -> Intent | None:
        """On a result list: refine it as `wanted` says, then open the product; None if this list is not its way."""
        find = wanted["find"]
        if "department" in find:
            if path != f"/category/{find['department']}":
                return None
        elif path != "/search" or query.get("q", "").strip().lower() != find["q"].lower():
            return None
        if find.get("price") and query.get("price") != find["price"]:
            return Click(Target("link", labels()["price"][find["price"]], within=Target("complementary", "Refine results")))
        if find.get("rating") and query.get("rating") != find["rating"]:
            return Click(Target("link", "4 Stars & Up"))
        if find.get("sort") and query.get("sort", "featured") != find["sort"]:
            return Select(Target("combobox", contains="Sort by"), labels()["sort"][find["sort"]])
        link = view.find("link", wanted["title"])
        if link is None:
            return None
        return Click(link)

    def done_message(self, params: Params) -> str:
        names = " and ".join(f"{i['quantity']} x {i['name']}" for i in self.items(params))
        return f"I ordered {names}." if self.mode == "order" else f"Your cart now holds {names}."


class OrderProduct(OmnizonShopping):
    """Order N (1-3) of a named product."""

    name, kind = "order_product", "buy"
    templates = (
        "Order {count} {name} for me.",
        "Please buy {count} of the {name} on Omnizon.",
        "I need {count} {name}; place the order.",
        "Get me {count} {name} and check out.",
    )

    def sample(self, rng: random.Random) -> Params:
        return {"items": [item(rng.choice(BUYABLE), rng.choice([1, 1, 2, 3]))]}

    def fields(self, params: Params) -> dict[str, Any]:
        line = params["items"][0]
        return {"count": count_word(line["quantity"]), "name": line["name"]}


class AddToCart(OmnizonShopping):
    """Put N of a product in the cart and stop there (no order)."""

    name, kind, mode = "add_to_cart", "cart", "cart"
    templates = (
        "Add {count} {name} to my cart, but don't place the order yet.",
        "Put {count} of the {name} in the shopping cart; I'll check out later myself.",
        "I'm still deciding: just leave {count} {name} in my cart without buying.",
    )

    def sample(self, rng: random.Random) -> Params:
        return {"items": [item(rng.choice(BUYABLE), rng.choice([1, 2, 3, 4]))]}

    def fields(self, params: Params) -> dict[str, Any]:
        line = params["items"][0]
        return {"count": count_word(line["quantity"]), "name": line["name"]}


class OrderPair(OmnizonShopping):
    """Order two different products (one of each) in a single order."""

    name, kind = "order_pair", "buy"
    templates = (
        "Order the {first} and the {second} together in one order.",
        "Buy one {first} plus one {second}, both in the same checkout.",
        "I'd like a single order with the {first} and the {second}.",
    )

    def sample(self, rng: random.Random) -> Params:
        first, second = rng.sample(BUYABLE, 2)
        while second["category"] == first["category"]:
            second = rng.choice(BUYABLE)
        return {"items": [item(first), item(second)]}

    def fields(self, params: Params) -> dict[str, Any]:
        return {"first": params["items"][0]["name"], "second": params["items"][1]["name"]}


# ---- pick by price or rating from a list the shopper refines ------------------------------------------------
def _search_picks() -> list[tuple[str, str, dict]]:
    """(query, cheapest|priciest, product) over single-word searches with 3+ results and a unique extreme price."""
    words = sorted({w for p in PRODUCTS for w in p["tags"].split() if len(w) > 3 and w.isalpha()})
    picks = []
    for word in words:
        found, exact = search_products(word)
        if not exact or len(found) < 3:
            continue
        prices = sorted(p["price"] for p in found)
        if prices[0] < prices[1]:
            picks.append((word, "price-asc", min(found, key=lambda p: p["price"])))
        if prices[-1] > prices[-2]:
            picks.append((word, "price-desc", max(found, key=lambda p: p["price"])))
    return [(w, s, p) for w, s, p in picks if p["id"] not in REAL_PRODUCT_IDS]


SEARCH_PICKS = _search_picks()


class CheapestMatch(OmnizonShopping):
    """Search a kind of product, sort the results by price and order the cheapest (or most expensive) one."""

    name, kind = "search_sort_order", "filter"
    templates = (
        "Search Omnizon for {query}, sort by price and order the {extreme} one.",
        "Find the {extreme} {query} result in the store and buy it.",
        "Among the Omnizon results for {query}, which one costs the {least}? Order that one.",
    )

    def sample(self, rng: random.Random) -> Params:
        query, sort, product = rng.choice(SEARCH_PICKS)
        return {"query": query, "sort": sort, "items": [item(product, q=query, sort=sort)]}

    def identity(self, params: Params) -> tuple:
        return (params["query"], params["sort"])

    def real_params(self) -> Sequence[Params]:
        # omnizon-3 (headphones in a price window), -24 (PS5 controllers), -13 (cooking pot): not these shapes'
        # identities, but keep their searches out of this family.
        return [{"query": q, "sort": s} for q in ("headphones", "controller", "pot") for s in ("price-asc", "price-desc")]

    def fields(self, params: Params) -> dict[str, Any]:
        cheap = params["sort"] == "price-asc"
        return {"query": params["query"], "extreme": "cheapest" if cheap else "most expensive", "least": "least" if cheap else "most"}


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """The store's sort and price-range labels (imported here, not at module import: a checker script imports
    this module, and the app pulls in FastAPI, seconds on a loaded machine)."""
    from halo_lib.sites.omnizon.app import PRICE_RANGES, SORTS

    return {"sort": dict(SORTS), "price": dict(PRICE_RANGES)}


@lru_cache(maxsize=1)
def department_picks() -> list[tuple[str, str, str, dict]]:
    """(department, price range, best-rated|cheapest sort, product) with a single first result."""
    picks = []
    for slug in CATEGORY_NAMES:
        for price in labels()["price"]:
            low, _, high = price.partition("-")
            shown = [p for p in PRODUCTS if p["category"] == slug and float(low) <= p["price"] < float(high or "inf")]
            if len(shown) < 2:
                continue
            best = sorted(shown, key=lambda p: (-p["rating"], -p["reviews"]))[0]
            cheap = sorted(shown, key=lambda p: p["price"])
            picks.append((slug, price, "rating", best))
            if cheap[0]["price"] < cheap[1]["price"]:
                picks.append((slug, price, "price-asc", cheap[0]))
    return [pick for pick in picks if pick[3]["id"] not in REAL_PRODUCT_IDS]


class DepartmentPick(OmnizonShopping):
    """Open a department, filter it to a price range, sort by reviews or price, and order the first item."""

    name, kind = "department_pick", "filter"
    templates = (
        "In the {department} department, order the {which} item priced {band}.",
        "Browse {department}, keep only items {band}, and buy the {which} one.",
        "From Omnizon's {department} section, get me the {which} product {band}.",
    )

    def sample(self, rng: random.Random) -> Params:
        slug, price, sort, product = rng.choice(department_picks())
        return {"department": slug, "price": price, "sort": sort, "items": [item(product, department=slug, price=price, sort=sort)]}

    def identity(self, params: Params) -> tuple:
        return (params["department"], params["price"], params["sort"])

    def real_params(self) -> Sequence[Params]:
        # omnizon-9: "any gaming device under $100" is Video Games under $100.
        return [{"department": "gaming", "price": p, "sort": s} for p in ("0-25", "25-50", "50-100") for s in ("rating", "price-asc")]

    def fields(self, params: Params) -> dict[str, Any]:
        band = BANDS[params["price"]]
        return {
            "department": CATEGORY_NAMES[params["department"]],
            "band": band,
            "which": "best-rated" if params["sort"] == "rating" else "cheapest",
        }


FAMILIES: list[Family] = [OrderProduct(), AddToCart(), OrderPair(), CheapestMatch(), DepartmentPick()]

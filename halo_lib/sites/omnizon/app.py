"""Omnizon, an Amazon-like store (REAL v2 site `omnizon`): home, departments, search, product pages, cart,
Buy Now, checkout, order confirmation and Your Orders, all server-rendered (post/redirect/get, no big JS).

State (what /finish diffs; the initial snapshot is taken at /config):
    router.location.pathname     path of the last page shown: "/", "/search", "/product/16", "/cart",
                                 "/checkout", "/confirmation", "/orders", ... (never changed by /finish)
    filter.searchQuery           the last submitted search ("" initially), kept through checkout
    filter.searchInputValue      what the search box holds (the same text after a search)
    cart.items                   [{id: str, title: str, price: number, quantity: int}]
    order.orders                 [] initially; each placed order is
                                 {orderNumber, date (ISO, UTC), items [{id, title, price, quantity}], total,
                                  shippingAddress, paymentMethod, estimatedDelivery}
so a new order shows in /finish as `added.order.orders = {"0": {...}}`. No key or value anywhere says
"success"/"error"/"failed": omnizon-25 and -28 grep the whole JSON for such words.

Run it alone: `python -m halo_lib.sites.server --sites omnizon --base-port 8701`, then open
http://127.0.0.1:8701/ (or call /config?task_id=v2.omnizon-13, browse, and read /finish).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.omnizon.seed import CATEGORIES, CATEGORY_NAMES, PRODUCTS, in_category, product_by_id, search_products

CUSTOMER = "Alex Johnson"
SHIPPING_ADDRESS = "Alex Johnson, 1420 Pine Street, Apt 5B, Seattle, WA 98101, United States"
PAYMENT_METHOD = "Visa ending in 4242"
MAX_QUANTITY = 10
SORTS = [
    ("featured", "Featured"),
    ("price-asc", "Price: Low to High"),
    ("price-desc", "Price: High to Low"),
    ("rating", "Avg. Customer Review"),
]
PRICE_RANGES = [
    ("0-25", "Under $25"),
    ("25-50", "$25 to $50"),
    ("50-100", "$50 to $100"),
    ("100-200", "$100 to $200"),
    ("200-", "$200 & Above"),
]
# Which picture a product gets (first keyword found in its title), else its department's.
KINDS = [
    ("earbud", "earbuds"),
    ("headphone", "headphones"),
    ("headset", "headphones"),
    ("speaker", "speaker"),
    ("iphone", "phone"),
    ("smartphone", "phone"),
    ("phone", "phone"),
    ("tv stand", "shelf"),
    ("tv", "screen"),
    ("monitor", "screen"),
    ("kindle", "phone"),
    ("laptop sleeve", "bag"),
    ("laptop", "laptop"),
    ("mouse", "mouse"),
    ("keyboard", "keyboard"),
    ("controller", "controller"),
    ("console", "console"),
    ("switch oled", "console"),
    ("stock pot", "pot"),
    ("dutch oven", "pot"),
    ("pan", "pan"),
    ("skillet", "pan"),
    ("apron", "apron"),
    ("silverware", "silverware"),
    ("spoons", "silverware"),
    ("desk lamp", "lamp"),
    ("desk", "desk"),
    ("chair", "chair"),
    ("bed frame", "bed"),
    ("neck pillow", "pillow"),
    ("pillows", "pillow"),
    ("ball pack", "balls"),
    ("basketball", "ball"),
    ("football", "ball"),
    ("soccer ball", "ball"),
    ("bottle", "bottle"),
    ("carry-on", "suitcase"),
    ("backpack", "bag"),
    ("daypack", "bag"),
    ("bag", "bag"),
    ("watch", "watch"),
    ("shoes", "shoe"),
    ("clogs", "shoe"),
    ("bookcase", "shelf"),
    ("lego", "blocks"),
    ("game", "blocks"),
    ("puzzle", "blocks"),
    ("kettle", "kettle"),
    ("coffee", "kettle"),
    ("espresso", "kettle"),
]
DEPARTMENT_KINDS = {
    "electronics": "box",
    "computers": "laptop",
    "gaming": "controller",
    "kitchen": "box",
    "furniture": "desk",
    "sports": "ball",
    "travel": "suitcase",
    "beauty": "bottle",
    "toys": "blocks",
    "fashion": "shirt",
}


def money(value: float) -> str:
    return f"${value:,.2f}"


def kind_of(product: dict) -> str:
    title = product["title"].lower()
    for word, kind in KINDS:
        if word in title:
            return kind
    return DEPARTMENT_KINDS.get(product["category"], "box")


def best_deals() -> list[dict]:
    """Discounted products, deepest discount first."""
    return sorted((p for p in PRODUCTS if p["list_price"]), key=lambda p: p["price"] / p["list_price"])


def delivery_day(days: int = 3) -> date:
    return datetime.now(timezone.utc).date() + timedelta(days=days)


def cart_line(product: dict, quantity: int) -> dict:
    return {"id": product["id"], "title": product["title"], "price": product["price"], "quantity": quantity}


def order_total(items: list[dict]) -> float:
    return round(sum(line["price"] * line["quantity"] for line in items), 2)


def clamp_quantity(value: Any) -> int:
    try:
        return max(1, min(MAX_QUANTITY, int(value)))
    except (TypeError, ValueError):
        return 1


class Omnizon(Replica):
    name = "omnizon"
    title = "Omnizon"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#131921"/><path d="M4 10q4 3 8 0" stroke="#ff9900" stroke-width="1.6" fill="none"/></svg>'

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return {
            "router": {"location": {"pathname": "/"}},
            "filter": {"searchQuery": "", "searchInputValue": ""},
            "cart": {"items": []},
            "order": {"orders": []},
        }

    # ---- helpers ------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, status_code: int = 200, record: bool = True, **context: Any):
        """Render a page of the store and (unless `record` is off) record it as the current location."""
        state = self.session(request).state
        if record:
            state["router"]["location"]["pathname"] = request.url.path
        return self.render(
            request,
            template,
            status_code=status_code,
            categories=CATEGORIES,
            category_names=CATEGORY_NAMES,
            cart_count=sum(line["quantity"] for line in state["cart"]["items"]),
            money=money,
            kind_of=kind_of,
            delivery=delivery_day().strftime("%A, %B %-d"),
            customer=CUSTOMER,
            **context,
        )

    def listing(self, request: Request, products: list[dict], heading: str, **context: Any):
        """A result grid with the sort menu and the price / rating refinements of the query string."""
        params = dict(request.query_params)
        sort, price, stars = params.get("sort", "featured"), params.get("price", ""), params.get("rating", "")
        shown = list(products)
        if price:
            low, _, high = price.partition("-")
            low_value, high_value = _number(low, 0.0), _number(high, float("inf"))
            shown = [p for p in shown if low_value <= p["price"] < high_value]
        if stars:
            shown = [p for p in shown if p["rating"] >= _number(stars, 0.0)]
        if sort == "price-asc":
            shown.sort(key=lambda p: p["price"])
        elif sort == "price-desc":
            shown.sort(key=lambda p: -p["price"])
        elif sort == "rating":
            shown.sort(key=lambda p: (-p["rating"], -p["reviews"]))

        def link(**change: str) -> str:
            merged = {k: v for k, v in {**params, **change}.items() if v}
            return request.url.path + ("?" + urlencode(merged) if merged else "")

        return self.page(
            request,
            "results.html",
            products=shown,
            total=len(products),
            heading=heading,
            sort=sort,
            sorts=SORTS,
            price=price,
            price_ranges=PRICE_RANGES,
            stars=stars,
            link=link,
            params=params,
            **context,
        )

    def checkout_lines(self, request: Request, buy: str, qty: Any) -> list[dict]:
        """What checkout would order: the Buy Now item alone, else the whole cart."""
        product = product_by_id(buy) if buy else None
        if product is not None:
            return [cart_line(product, clamp_quantity(qty))]
        return [dict(line) for line in self.session(request).state["cart"]["items"]]

    # ---- pages --------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/")
        async def home(request: Request):
            deals = best_deals()[:8]
            picks = {slug: in_category(slug)[:4] for slug, _ in CATEGORIES}
            return self.page(request, "home.html", deals=deals, picks=picks)

        @router.get("/deals")
        async def deals(request: Request):
            return self.listing(request, best_deals()[:24], "Today's Deals")

        @router.get("/category/{slug}")
        async def category(request: Request, slug: str):
            if slug not in CATEGORY_NAMES:
                return self.page(request, "not_found.html", status_code=404)
            return self.listing(request, in_category(slug), CATEGORY_NAMES[slug], department=slug)

        @router.get("/search")
        async def search(request: Request, q: str = ""):
            query = q.strip()
            search_filter = self.session(request).state["filter"]
            search_filter["searchQuery"] = query
            search_filter["searchInputValue"] = query
            products, exact = search_products(query)
            return self.listing(request, products, f'Results for "{query}"' if query else "All products", query=query, exact=exact)

        @router.get("/product/{product_id}")
        async def product(request: Request, product_id: str):
            item = product_by_id(product_id)
            if item is None:
                return self.page(request, "not_found.html", status_code=404)
            related = [p for p in in_category(item["category"]) if p["id"] != item["id"]][:4]
            return self.page(request, "product.html", product=item, related=related)

        @router.post("/cart/add")
        async def add_to_cart(request: Request, product_id: str = Form(...), quantity: int = Form(1)):
            item = product_by_id(product_id)
            if item is None:
                return self.redirect("/")
            lines = self.session(request).state["cart"]["items"]
            for line in lines:
                if line["id"] == item["id"]:
                    line["quantity"] = clamp_quantity(line["quantity"] + quantity)
                    break
            else:
                lines.append(cart_line(item, clamp_quantity(quantity)))
            self.flash(request, "Added to Cart")
            return self.redirect("/cart")

        @router.post("/buy-now")
        async def buy_now(request: Request, product_id: str = Form(...), quantity: int = Form(1)):
            if product_by_id(product_id) is None:
                return self.redirect("/")
            return self.redirect("/checkout?" + urlencode({"buy": product_id, "qty": clamp_quantity(quantity)}))

        @router.post("/cart/update")
        async def update_cart(request: Request, product_id: str = Form(...), quantity: int = Form(1)):
            for line in self.session(request).state["cart"]["items"]:
                if line["id"] == product_id:
                    line["quantity"] = clamp_quantity(quantity)
                    self.flash(request, f"Quantity of {line['title']} changed to {line['quantity']}.")
            return self.redirect("/cart")

        @router.post("/cart/delete")
        async def delete_from_cart(request: Request, product_id: str = Form(...)):
            cart = self.session(request).state["cart"]
            removed = [line for line in cart["items"] if line["id"] == product_id]
            cart["items"] = [line for line in cart["items"] if line["id"] != product_id]
            if removed:
                self.flash(request, f"{removed[0]['title']} was removed from Shopping Cart.")
            return self.redirect("/cart")

        @router.post("/cart/checkout")
        async def proceed_to_checkout(request: Request):
            return self.redirect("/checkout")

        @router.get("/cart")
        async def cart(request: Request):
            lines = self.session(request).state["cart"]["items"]
            return self.page(request, "cart.html", lines=lines, subtotal=order_total(lines), products=product_by_id)

        @router.get("/checkout")
        async def checkout(request: Request, buy: str = "", qty: str = "1"):
            lines = self.checkout_lines(request, buy, qty)
            return self.page(
                request,
                "checkout.html",
                lines=lines,
                total=order_total(lines),
                buy=buy if lines and buy else "",
                qty=lines[0]["quantity"] if buy and lines else 1,
                address=SHIPPING_ADDRESS,
                payment=PAYMENT_METHOD,
                products=product_by_id,
            )

        @router.post("/checkout/place-order")
        async def place_order(request: Request, buy: str = Form(""), qty: str = Form("1")):
            state = self.session(request).state
            lines = self.checkout_lines(request, buy, qty)
            if not lines:
                self.flash(request, "Your cart is empty. Add an item before placing an order.")
                return self.redirect("/cart")
            now = datetime.now(timezone.utc)
            state["order"]["orders"].append(
                {
                    "orderNumber": f"113-{random.randrange(10**6, 10**7)}-{random.randrange(10**6, 10**7)}",
                    "date": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "items": lines,
                    "total": order_total(lines),
                    "shippingAddress": SHIPPING_ADDRESS,
                    "paymentMethod": PAYMENT_METHOD,
                    "estimatedDelivery": delivery_day().isoformat(),
                }
            )
            if not buy:
                state["cart"]["items"] = []
            return self.redirect("/confirmation")

        @router.get("/confirmation")
        async def confirmation(request: Request):
            orders = self.session(request).state["order"]["orders"]
            return self.page(request, "confirmation.html", order=orders[-1] if orders else None, products=product_by_id)

        @router.get("/orders")
        async def orders(request: Request):
            placed = list(reversed(self.session(request).state["order"]["orders"]))
            return self.page(request, "orders.html", orders=placed, products=product_by_id, fmt_date=_long_date)

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            # Unknown URLs (stray browser requests among them) must not move the recorded location.
            return self.page(request, "not_found.html", status_code=404, record=False)


def _number(text: str, default: float) -> float:
    try:
        return float(text)
    except ValueError:
        return default


def _long_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%B %-d, %Y")
    except ValueError:
        return iso

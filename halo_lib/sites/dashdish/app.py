"""DashDish, a DoorDash-like food delivery site (REAL v2 site `dashdish`): home with cuisines and restaurants,
search over restaurants and dishes, a restaurant's menu, a dish page with sizes and quantity, the cart (+/-,
remove), checkout (Delivery or Pickup, Standard or Express, tip), the order confirmation and past orders.
Everything is server-rendered: checkout choices are plain GET buttons that re-render the totals, mutations
are form POSTs answered with a redirect.

State (what /finish diffs; the initial snapshot is taken at /config):
    cart.cartItems    the cart: [{id ("<dish id>:<size>"), dishId, name, description, restaurantId,
                      restaurantName, size, quantity, price (unit)}]
    cart.foodOrders   the account's orders, oldest first: three past orders in the seed; each placed order
                      is appended as
                      {orderId: "DD-XXXXXX", orderDate (ISO, UTC), cartItems [as above],
                       checkoutDetails: {shipping: {shippingOption: "Delivery"|"Pickup",
                                                    deliveryOption: "Standard"|"Express"|"" (pickup),
                                                    address, estimatedTime},
                                         payment: {method},
                                         charges: {subtotal, deliveryFee, expressFee, serviceFee,
                                                   smallOrderFee, tax, tip, tipPercent, totalAmount}}}
so a new order shows in /finish as `initialfinaldiff.added.cart.foodOrders = {"3": {...}}` and in
`differences.foodOrders.added = {"3": {...}}` (dicts keyed by list index; see REAL-v2-STATE.md).
The cart itself never holds `checkoutDetails`, so scripts that scan the whole JSON for order-like objects
see placed orders only.

Charges (see `charges`): Delivery adds the restaurant's delivery fee (the highest among the cart's
restaurants), a service fee of 10% of the subtotal (at least $1.99), a $2.00 small-order fee under a $10
subtotal, $2.99 for Express, and a tip (No tip / 10% / 15% / 20% of the subtotal; 15% by default). Pickup
has no fees and no tip by default. Tax is 8.75% of the subtotal.

Run it alone: `python -m halo_lib.sites.server --sites dashdish --base-port 9100`, then open
http://127.0.0.1:9100/ (or call /config?task_id=v2.dashdish-7, browse, and read /finish).
"""

from __future__ import annotations

import copy
import random
import string
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request

from halo_lib.sites.dashdish.seed import (
    CUISINE_NAMES,
    CUISINES,
    PAST_ORDER_ROWS,
    RESTAURANTS,
    _past_line,
    dish_by_id,
    in_cuisine,
    restaurant_by_id,
    search,
)
from halo_lib.sites.diff import detailed_diff
from halo_lib.sites.framework import Replica

CUSTOMER = "Jordan Lee"
ADDRESS = "1455 Market St, Apt 1203, San Francisco, CA 94103"
PAYMENT = "Visa ending in 4242"
MAX_QUANTITY = 10
TAX_RATE = 0.0875
SERVICE_RATE, SERVICE_MIN = 0.10, 1.99
SMALL_ORDER_FEE, SMALL_ORDER_UNDER = 2.00, 10.00
EXPRESS_FEE = 2.99
TIPS = [(0, "No tip"), (10, "10%"), (15, "15%"), (20, "20%")]
SHIPPING = ("Delivery", "Pickup")
SPEEDS = ("Standard", "Express")


def money(value: float) -> str:
    return f"${value:,.2f}"


def clamp_quantity(value: Any) -> int:
    try:
        return max(1, min(MAX_QUANTITY, int(value)))
    except (TypeError, ValueError):
        return 1


def _round(value: float) -> float:
    return round(value + 1e-9, 2)


def charges(lines: list[dict], shipping: str, speed: str, tip_percent: int) -> dict[str, float]:
    """The order's charges (all numbers, dollars): what checkout shows and the order records."""
    subtotal = _round(sum(line["price"] * line["quantity"] for line in lines))
    delivery = shipping == "Delivery"
    fees = [restaurant_by_id(line["restaurantId"])["deliveryFee"] for line in lines if restaurant_by_id(line["restaurantId"])]
    delivery_fee = max(fees) if delivery and fees else 0.0
    express_fee = EXPRESS_FEE if delivery and speed == "Express" else 0.0
    service_fee = _round(max(SERVICE_MIN, subtotal * SERVICE_RATE)) if delivery and lines else 0.0
    small_order_fee = SMALL_ORDER_FEE if delivery and lines and subtotal < SMALL_ORDER_UNDER else 0.0
    tax = _round(subtotal * TAX_RATE)
    tip = _round(subtotal * tip_percent / 100)
    total = _round(subtotal + delivery_fee + express_fee + service_fee + small_order_fee + tax + tip)
    return {
        "subtotal": subtotal,
        "deliveryFee": delivery_fee,
        "expressFee": express_fee,
        "serviceFee": service_fee,
        "smallOrderFee": small_order_fee,
        "tax": tax,
        "tip": tip,
        "tipPercent": tip_percent,
        "totalAmount": total,
    }


def eta(lines: list[dict], shipping: str, speed: str) -> str:
    restaurant = restaurant_by_id(lines[0]["restaurantId"]) if lines else None
    low, _, high = (restaurant["eta"] if restaurant else "25-35").partition("-")
    if shipping == "Pickup":
        return f"Ready in {max(10, int(low) - 10)}-{max(15, int(high) - 15)} min"
    if speed == "Express":
        return f"{max(10, int(low) - 10)}-{max(15, int(high) - 10)} min"
    return f"{low}-{high} min"


def checkout_details(lines: list[dict], shipping: str, speed: str, tip_percent: int) -> dict:
    pickup_at = restaurant_by_id(lines[0]["restaurantId"])["address"] if lines else ""
    return {
        "shipping": {
            "shippingOption": shipping,
            "deliveryOption": speed if shipping == "Delivery" else "",
            "address": ADDRESS if shipping == "Delivery" else pickup_at,
            "estimatedTime": eta(lines, shipping, speed),
        },
        "payment": {"method": PAYMENT},
        "charges": charges(lines, shipping, speed, tip_percent),
    }


def _past_orders() -> list[dict]:
    orders = []
    for order_id, when, rows, shipping, speed, tip in PAST_ORDER_ROWS:
        lines = [_past_line(*row) for row in rows]
        orders.append(
            {
                "orderId": order_id,
                "orderDate": when,
                "cartItems": lines,
                "checkoutDetails": checkout_details(lines, shipping, speed or "Standard", int(tip * 100)),
            }
        )
    return orders


_INITIAL = {"cart": {"cartItems": [], "foodOrders": _past_orders()}}


def parse_checkout(shipping: str, speed: str, tip: str) -> tuple[str, str, int]:
    """Checkout choices from the query string or form, with the site's defaults."""
    shipping = shipping.capitalize() if shipping.capitalize() in SHIPPING else "Delivery"
    speed = speed.capitalize() if speed.capitalize() in SPEEDS else "Standard"
    valid = {value for value, _ in TIPS}
    try:
        tip_percent = int(tip)
    except (TypeError, ValueError):
        tip_percent = -1
    if tip_percent not in valid:
        tip_percent = 15 if shipping == "Delivery" else 0
    return shipping, speed, tip_percent


def new_order_id() -> str:
    return "DD-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=6))


class Dashdish(Replica):
    name = "dashdish"
    title = "DashDish"
    templates_dir = Path(__file__).resolve().parent / "templates"
    favicon_svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="4" fill="#eb1700"/><path d="M3 6h7a3 3 0 010 6H6" stroke="#fff" stroke-width="2" fill="none"/></svg>'

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return copy.deepcopy(_INITIAL)

    def differences(self, initial: dict[str, Any], final: dict[str, Any]) -> dict[str, Any]:
        """`differences.foodOrders.{added,updated,deleted}`: dicts keyed by the order's list index."""
        before, after = initial["cart"]["foodOrders"], final["cart"]["foodOrders"]
        added = {str(i): order for i, order in enumerate(after) if i >= len(before)}
        updated = {
            str(i): order
            for i, order in enumerate(after)
            if i < len(before) and detailed_diff(before[i], order) != {"added": {}, "updated": {}, "deleted": {}}
        }
        deleted = {str(i): order for i, order in enumerate(before) if i >= len(after)}
        return {"foodOrders": {"added": added, "updated": updated, "deleted": deleted}}

    # ---- helpers ------------------------------------------------------------------------------------
    def page(self, request: Request, template: str, status_code: int = 200, **context: Any):
        lines = self.session(request).state["cart"]["cartItems"]
        return self.render(
            request,
            template,
            status_code=status_code,
            cuisines=CUISINES,
            cuisine_names=CUISINE_NAMES,
            money=money,
            cart_count=sum(line["quantity"] for line in lines),
            customer=CUSTOMER,
            address=ADDRESS,
            restaurant_by_id=restaurant_by_id,
            cuisine_text=lambda r: ", ".join(CUISINE_NAMES[c] for c in r["cuisines"]),
            **context,
        )

    def cart_lines(self, request: Request) -> list[dict]:
        return self.session(request).state["cart"]["cartItems"]

    # ---- pages --------------------------------------------------------------------------------------
    def register(self, router: APIRouter) -> None:
        @router.get("/")
        async def home(request: Request, sort: str = ""):
            shown = list(RESTAURANTS)
            if sort == "rating":
                shown.sort(key=lambda r: -r["rating"])
            elif sort == "fee":
                shown.sort(key=lambda r: r["deliveryFee"])
            elif sort == "time":
                shown.sort(key=lambda r: int(r["eta"].split("-")[0]))
            return self.page(request, "home.html", restaurants=shown, sort=sort, heading="All restaurants")

        @router.get("/cuisine/{slug}")
        async def cuisine(request: Request, slug: str):
            if slug not in CUISINE_NAMES:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "home.html", restaurants=in_cuisine(slug), sort="", heading=CUISINE_NAMES[slug], cuisine=slug)

        @router.get("/search")
        async def search_page(request: Request, q: str = ""):
            query = q.strip()
            restaurants, dishes = search(query)
            return self.page(
                request, "search.html", query=query, restaurants=restaurants, dishes=dishes[:40], more=max(0, len(dishes) - 40)
            )

        @router.get("/store/{rid}")
        async def store(request: Request, rid: str):
            restaurant = restaurant_by_id(rid)
            if restaurant is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "store.html", restaurant=restaurant)

        @router.get("/store/{rid}/item/{did}")
        async def item(request: Request, rid: str, did: str):
            dish = dish_by_id(did)
            if dish is None or dish["restaurantId"] != rid:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "item.html", dish=dish, restaurant=restaurant_by_id(rid))

        @router.post("/cart/add")
        async def add_to_cart(request: Request, dish_id: str = Form(...), size: str = Form(""), quantity: str = Form("1")):
            dish = dish_by_id(dish_id)
            if dish is None:
                return self.redirect("/")
            option = next((s for s in dish["sizes"] if s["label"] == size), dish["sizes"][0])
            count = clamp_quantity(quantity)
            key = f"{dish['id']}:{option['label']}"
            lines = self.cart_lines(request)
            for line in lines:
                if line["id"] == key:
                    line["quantity"] = clamp_quantity(line["quantity"] + count)
                    break
            else:
                lines.append(
                    {
                        "id": key,
                        "dishId": dish["id"],
                        "name": dish["name"],
                        "description": dish["description"],
                        "restaurantId": dish["restaurantId"],
                        "restaurantName": dish["restaurantName"],
                        "size": option["label"],
                        "quantity": count,
                        "price": option["price"],
                    }
                )
            label = f"{dish['name']} ({option['label']})" if dish["hasSizes"] else dish["name"]
            self.flash(request, f"Added {count} × {label} to your cart")
            return self.redirect(f"/store/{dish['restaurantId']}")

        @router.post("/cart/quantity")
        async def change_quantity(request: Request, line_id: str = Form(...), change: str = Form("0")):
            lines = self.cart_lines(request)
            for line in list(lines):
                if line["id"] == line_id:
                    try:
                        step = int(change)
                    except ValueError:
                        step = 0
                    quantity = line["quantity"] + step
                    if quantity <= 0:
                        lines.remove(line)
                        self.flash(request, f"Removed {line['name']} from your cart")
                    else:
                        line["quantity"] = min(MAX_QUANTITY, quantity)
                        self.flash(request, f"{line['name']}: quantity {line['quantity']}")
            return self.redirect("/cart")

        @router.post("/cart/remove")
        async def remove(request: Request, line_id: str = Form(...)):
            lines = self.cart_lines(request)
            for line in list(lines):
                if line["id"] == line_id:
                    lines.remove(line)
                    self.flash(request, f"Removed {line['name']} from your cart")
            return self.redirect("/cart")

        @router.post("/cart/clear")
        async def clear(request: Request):
            self.session(request).state["cart"]["cartItems"] = []
            self.flash(request, "Your cart is empty")
            return self.redirect("/cart")

        @router.get("/cart")
        async def cart(request: Request):
            lines = self.cart_lines(request)
            subtotal = charges(lines, "Pickup", "Standard", 0)["subtotal"]
            return self.page(request, "cart.html", lines=lines, subtotal=subtotal)

        @router.get("/checkout")
        async def checkout(request: Request, shipping: str = "", speed: str = "", tip: str = ""):
            lines = self.cart_lines(request)
            shipping, speed, tip_percent = parse_checkout(shipping, speed, tip)
            details = checkout_details(lines, shipping, speed, tip_percent)

            def link(**change: Any) -> str:
                params = {"shipping": shipping, "speed": speed, "tip": tip_percent, **change}
                if "shipping" in change and "tip" not in change:
                    params.pop("tip")  # each mode has its own default tip
                return "/checkout?" + urlencode(params)

            restaurants = []
            for line in lines:
                if line["restaurantName"] not in restaurants:
                    restaurants.append(line["restaurantName"])
            return self.page(
                request,
                "checkout.html",
                lines=lines,
                details=details,
                shipping=shipping,
                speed=speed,
                tip_percent=tip_percent,
                tips=TIPS,
                link=link,
                restaurants=restaurants,
                express_fee=EXPRESS_FEE,
                payment=PAYMENT,
            )

        @router.post("/checkout/place-order")
        async def place_order(request: Request, shipping: str = Form(""), speed: str = Form(""), tip: str = Form("")):
            state = self.session(request).state
            lines = state["cart"]["cartItems"]
            if not lines:
                self.flash(request, "Your cart is empty. Add something before placing an order.")
                return self.redirect("/cart")
            shipping, speed, tip_percent = parse_checkout(shipping, speed, tip)
            order = {
                "orderId": new_order_id(),
                "orderDate": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "cartItems": [dict(line) for line in lines],
                "checkoutDetails": checkout_details(lines, shipping, speed, tip_percent),
            }
            state["cart"]["foodOrders"].append(order)
            state["cart"]["cartItems"] = []
            return self.redirect(f"/orders/{order['orderId']}?placed=1")

        @router.get("/orders")
        async def orders(request: Request):
            placed = list(reversed(self.session(request).state["cart"]["foodOrders"]))
            return self.page(request, "orders.html", orders=placed, fmt_date=_long_date)

        @router.get("/orders/{order_id}")
        async def order(request: Request, order_id: str, placed: str = ""):
            found = next((o for o in self.session(request).state["cart"]["foodOrders"] if o["orderId"] == order_id), None)
            if found is None:
                return self.page(request, "not_found.html", status_code=404)
            return self.page(request, "order.html", order=found, placed=bool(placed), fmt_date=_long_date)

        @router.get("/{path:path}")
        async def not_found(request: Request, path: str):
            return self.page(request, "not_found.html", status_code=404)


def _long_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%B %-d, %Y")
    except ValueError:
        return iso

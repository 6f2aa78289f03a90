"""Omnizon, an Amazon-like store (REAL v2 site `omnizon`): search, product pages, cart, checkout, orders.

State (what /finish diffs; initial snapshot taken at /config):
    router.location.pathname   the page being shown ("/", "/search", "/product/16", "/cart", "/confirmation")
    filter.searchQuery, filter.searchInputValue   the last search (kept through checkout)
    cart.items                 [{id, title, price, quantity}]
    order.orders               [] -> each placed order {orderNumber, date, items[{id,title,price,quantity}], total}

Run it alone: `python -m halo_lib.sites.server --sites omnizon`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request

from halo_lib.sites.framework import Replica
from halo_lib.sites.omnizon.seed import PRODUCTS, product_by_id


class Omnizon(Replica):
    name = "omnizon"
    title = "Omnizon"
    templates_dir = Path(__file__).resolve().parent / "templates"

    def initial_state(self, task_id: str) -> dict[str, Any]:
        return {
            "router": {"location": {"pathname": "/"}},
            "filter": {"searchQuery": "", "searchInputValue": ""},
            "cart": {"items": []},
            "order": {"orders": []},
        }

    def _at(self, request: Request, pathname: str) -> dict[str, Any]:
        state = self.session(request).state
        state["router"]["location"]["pathname"] = pathname
        return state

    def register(self, router: APIRouter) -> None:
        @router.get("/")
        async def home(request: Request):
            self._at(request, "/")
            return self.render(request, "home.html", products=PRODUCTS[:8])

        @router.get("/search")
        async def search(request: Request, q: str = ""):
            state = self._at(request, "/search")
            state["filter"]["searchQuery"] = q
            state["filter"]["searchInputValue"] = q
            words = q.lower().split()
            results = [p for p in PRODUCTS if all(w in (p["title"] + " " + p["category"]).lower() for w in words)]
            return self.render(request, "search.html", results=results, q=q)

        @router.get("/product/{product_id}")
        async def product(request: Request, product_id: str):
            self._at(request, f"/product/{product_id}")
            return self.render(request, "product.html", product=product_by_id(product_id))

        @router.post("/cart/add")
        async def add_to_cart(request: Request, product_id: str = Form(...), quantity: int = Form(1)):
            state = self.session(request).state
            item = product_by_id(product_id)
            for line in state["cart"]["items"]:
                if line["id"] == product_id:
                    line["quantity"] += quantity
                    break
            else:
                state["cart"]["items"].append({"id": item["id"], "title": item["title"], "price": item["price"], "quantity": quantity})
            self.flash(request, "Added to Cart")
            return self.redirect("/cart")

        @router.get("/cart")
        async def cart(request: Request):
            self._at(request, "/cart")
            return self.render(request, "cart.html")

        @router.get("/checkout")
        async def checkout(request: Request):
            self._at(request, "/checkout")
            return self.render(request, "checkout.html")

        @router.post("/checkout/place-order")
        async def place_order(request: Request):
            state = self.session(request).state
            items = [dict(line) for line in state["cart"]["items"]]
            if items:
                number = f"112-{7000000 + len(state['order']['orders']):07d}"
                total = round(sum(i["price"] * i["quantity"] for i in items), 2)
                state["order"]["orders"].append(
                    {"orderNumber": number, "date": "2024-07-18T10:00:00.000Z", "items": items, "total": total}
                )
                state["cart"]["items"] = []
            return self.redirect("/confirmation")

        @router.get("/confirmation")
        async def confirmation(request: Request):
            state = self._at(request, "/confirmation")
            orders = state["order"]["orders"]
            return self.render(request, "confirmation.html", order=orders[-1] if orders else None)

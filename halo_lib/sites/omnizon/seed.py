"""Omnizon's catalog. Ids are strings (REAL's scripts compare ids as strings)."""
from __future__ import annotations

PRODUCTS: list[dict] = [
    {"id": "212", "title": "Stainless Steel Stock Pot with Lid, 8 Quart Cooking Pot", "price": 39.99, "category": "Kitchen"},
    {"id": "215", "title": "Enameled Cast Iron Dutch Oven Cooking Pot, 6 Quart", "price": 64.5, "category": "Kitchen"},
    {"id": "91", "title": "Adjustable Cotton Kitchen Apron with Pockets", "price": 12.99, "category": "Kitchen"},
    {"id": "16", "title": "PlayStation DualSense Wireless Controller for PS5", "price": 69.0, "category": "Gaming"},
]


def product_by_id(product_id: str) -> dict:
    for product in PRODUCTS:
        if product["id"] == str(product_id):
            return product
    raise KeyError(product_id)

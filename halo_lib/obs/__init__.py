"""Observations: the AXTree flattened and searched by role + name (axtree.py)."""

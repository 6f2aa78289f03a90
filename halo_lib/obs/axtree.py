"""The AXTree as a flat list of nodes, and lookup of elements by role and accessible name.

BrowserGym's observation carries Chrome's full accessibility tree (`obs["axtree_object"]`); nodes that
correspond to DOM elements carry a `browsergym_id` (bid) that actions address. Bids are renumbered when
the page re-renders, so code that must survive that (the expert, the action cache) finds elements by
role + name (+ the text around them) instead.

    nodes = flatten(obs["axtree_object"])
    button = find(nodes, role="button", name="Add to Cart")           # exact name
    rows = find_all(nodes, role="row", name_contains="Amazon")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

IGNORED_ROLES = {"none", "InlineTextBox", "LineBreak"}
# roles an action can target (BrowserGym's bid actions); "Date"/"InputTime" are Chrome's date and time inputs
INTERACTIVE_ROLES = frozenset(
    {
        "link",
        "button",
        "textbox",
        "searchbox",
        "combobox",
        "checkbox",
        "radio",
        "option",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "tab",
        "switch",
        "spinbutton",
        "slider",
        "listbox",
        "treeitem",
        "Date",
        "InputTime",
        "DateTime",
    }
)


@dataclass
class AXNode:
    """One accessibility node; `ancestors` are the indices of its parents, nearest last."""

    index: int
    bid: str | None
    role: str
    name: str
    value: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    ancestors: tuple[int, ...] = ()

    @property
    def depth(self) -> int:
        return len(self.ancestors)

    @property
    def checked(self) -> bool:
        return str(self.properties.get("checked", "false")).lower() == "true"

    @property
    def disabled(self) -> bool:
        return bool(self.properties.get("disabled", False))

    def __str__(self) -> str:
        bid = f"[{self.bid}] " if self.bid else ""
        value = f" value={self.value!r}" if self.value not in (None, "") else ""
        return f"{bid}{self.role} {self.name!r}{value}"


def flatten(axtree: dict[str, Any]) -> list[AXNode]:
    """Depth-first list of the tree's nodes (ignored and text-box nodes dropped)."""
    raw = axtree.get("nodes", [])
    if not raw:
        return []
    by_id = {node["nodeId"]: node for node in raw}
    out: list[AXNode] = []

    def visit(node: dict[str, Any], ancestors: tuple[int, ...]) -> None:
        role = (node.get("role") or {}).get("value", "")
        keep = not node.get("ignored") and role not in IGNORED_ROLES
        child_ancestors = ancestors
        if keep:
            props = {}
            for prop in node.get("properties", []):
                value = prop.get("value", {})
                if "value" in value:
                    props[prop["name"]] = value["value"]
            value = (node.get("value") or {}).get("value")
            ax = AXNode(
                index=len(out),
                bid=node.get("browsergym_id"),
                role=role,
                name=((node.get("name") or {}).get("value") or "").strip(),
                value=None if value is None else str(value),
                properties=props,
                ancestors=ancestors,
            )
            out.append(ax)
            child_ancestors = ancestors + (ax.index,)
        for child_id in node.get("childIds", []):
            child = by_id.get(child_id)
            if child is not None and child is not node:
                visit(child, child_ancestors)

    visit(raw[0], ())
    return out


def _matches(node: AXNode, role: str | None, name: str | None, name_contains: str | None) -> bool:
    if role is not None and node.role != role:
        return False
    if name is not None and node.name != name:
        return False
    if name_contains is not None and name_contains.lower() not in node.name.lower():
        return False
    return True


def find_all(
    nodes: Iterable[AXNode],
    role: str | None = None,
    name: str | None = None,
    *,
    name_contains: str | None = None,
    within: AXNode | None = None,
) -> list[AXNode]:
    """Nodes with this role and name (exact) or name substring (case-insensitive), optionally inside `within`."""
    found = []
    for node in nodes:
        if within is not None and within.index not in node.ancestors:
            continue
        if _matches(node, role, name, name_contains):
            found.append(node)
    return found


def find(nodes: Iterable[AXNode], role: str | None = None, name: str | None = None, **kwargs) -> AXNode | None:
    """The first node that `find_all` would return, or None."""
    found = find_all(nodes, role, name, **kwargs)
    return found[0] if found else None


def text_of(nodes: list[AXNode], container: AXNode) -> str:
    """All names inside `container` (its own included), joined: the text a person reads there."""
    parts = [container.name] if container.name else []
    for node in nodes:
        if container.index in node.ancestors and node.name and node.name not in parts:
            parts.append(node.name)
    return " ".join(parts)

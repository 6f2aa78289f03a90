"""Element identity that survives bid renumbering: role + accessible name + the container it sits in.

BrowserGym's bids are assigned per render, so a cached or mined action cannot store "click('103')".
It stores an `ElementKey` instead: the element's role, its name (whitespace collapsed), a short context
(the name of the nearest row/list item/dialog/region around it, or that container's first named child when
the container itself has no name, e.g. a table row) and `nth`, its rank among elements with the same three.

    key = element_key(nodes, node)                    # from the page the action was taken on
    node = resolve(flatten(new_axtree), key)          # the same element on a later page, or None

`resolve` tries an exact match first, then a match that ignores digits (counters such as "Inbox 17" move),
accepting the loose match only when it is unique, so a stale key never lands on a lookalike.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from halo_lib.obs.axtree import AXNode

CONTAINER_ROLES = {
    "row",
    "listitem",
    "article",
    "dialog",
    "alertdialog",
    "region",
    "group",
    "form",
    "toolbar",
    "navigation",
    "complementary",
    "menu",
    "listbox",
    "tabpanel",
    "banner",
    "search",
    "contentinfo",
}
CONTEXT_CHARS = 60
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def normalize(text: str | None) -> str:
    """Whitespace collapsed and trimmed."""
    return _SPACE.sub(" ", text or "").strip()


def loose(text: str) -> str:
    """`normalize` with every run of digits replaced by '#' and lower case: for volatile counters and clocks."""
    return _DIGITS.sub("#", normalize(text)).lower()


@dataclass(frozen=True)
class ElementKey:
    role: str
    name: str
    context: str = ""
    nth: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ElementKey":
        return cls(**{k: data[k] for k in ("role", "name", "context", "nth") if k in data})

    def describe(self) -> str:
        where = f" in {self.context!r}" if self.context else ""
        nth = f" (#{self.nth + 1})" if self.nth else ""
        return f"{self.role} {self.name!r}{where}{nth}"


def context_of(nodes: list[AXNode], node: AXNode) -> str:
    """The name of the nearest container around `node`, or its first named descendant other than `node`."""
    for index in reversed(node.ancestors):
        container = nodes[index]
        if container.role not in CONTAINER_ROLES:
            continue
        if container.name:
            return normalize(container.name)[:CONTEXT_CHARS]
        for other in nodes[container.index + 1 :]:
            if container.index not in other.ancestors:
                break
            if other.index != node.index and other.name and node.index not in other.ancestors:
                return normalize(other.name)[:CONTEXT_CHARS]
        return ""
    return ""


def _signature(nodes: list[AXNode], node: AXNode) -> tuple[str, str, str]:
    return node.role, normalize(node.name), context_of(nodes, node)


def element_key(nodes: list[AXNode], node: AXNode) -> ElementKey:
    """The identity of `node` on the page `nodes`; `nth` counts only lookalikes with a bid, as `resolve` does."""
    role, name, context = _signature(nodes, node)
    nth = 0
    for other in nodes[: node.index]:
        if other.bid and other.role == role and normalize(other.name) == name and _signature(nodes, other) == (role, name, context):
            nth += 1
    return ElementKey(role, name, context, nth)


def resolve(nodes: list[AXNode], key: ElementKey) -> AXNode | None:
    """The node on this page with identity `key` (exact, else a unique digit-insensitive match), or None."""
    exact = [n for n in nodes if n.role == key.role and normalize(n.name) == key.name and n.bid]
    exact = [n for n in exact if context_of(nodes, n) == key.context]
    if len(exact) > key.nth:
        return exact[key.nth]
    name, context = loose(key.name), loose(key.context)
    fuzzy = [n for n in nodes if n.role == key.role and n.bid and loose(n.name) == name and loose(context_of(nodes, n)) == context]
    return fuzzy[0] if len(fuzzy) == 1 else None


def by_bid(nodes: list[AXNode], bid: str) -> AXNode | None:
    for node in nodes:
        if node.bid == bid:
            return node
    return None

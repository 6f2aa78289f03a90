"""An action with its target named by element identity instead of a bid, so it can be replayed later.

portable = PortableAction.capture(action, summary.nodes)     # from the page the action was taken on
action = portable.bind(new_summary.nodes)                     # the same action on a new page, or None
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from halo_lib.obs.axtree import AXNode
from halo_lib.obs.identity import ElementKey, by_bid, element_key, resolve
from halo_lib.policy.grammar import BID_ACTIONS, Action


@dataclass(frozen=True)
class PortableAction:
    name: str
    element: ElementKey | None
    args: tuple  # the arguments after the bid (or all of them for actions without a bid)

    @classmethod
    def capture(cls, action: Action, nodes: list[AXNode]) -> "PortableAction | None":
        """None when the action's bid is not on the page (nothing portable to remember)."""
        if action.name not in BID_ACTIONS:
            return cls(action.name, None, tuple(action.args))
        node = by_bid(nodes, action.args[0])
        if node is None:
            return None
        return cls(action.name, element_key(nodes, node), tuple(action.args[1:]))

    def bind(self, nodes: list[AXNode]) -> Action | None:
        """The concrete action on this page, or None when the element is not there."""
        if self.element is None:
            return Action(self.name, tuple(self.args))
        node = resolve(nodes, self.element)
        if node is None or not node.bid:
            return None
        return Action(self.name, (node.bid, *self.args))

    def describe(self) -> str:
        target = self.element.describe() if self.element else ""
        args = ", ".join(repr(a) for a in self.args)
        return f"{self.name}({', '.join(x for x in (target, args) if x)})"

    def to_json(self) -> str:
        return json.dumps(
            {"name": self.name, "element": self.element.to_dict() if self.element else None, "args": list(self.args)}, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str) -> "PortableAction":
        data = json.loads(text)
        element = ElementKey.from_dict(data["element"]) if data.get("element") else None
        return cls(data["name"], element, tuple(data.get("args", ())))

"""State fingerprints: equal for the same page state, different when the page really changed.

The fingerprint hashes what defines a state for an agent:
- the URL's path and query (scheme, host and port dropped, so replicas on other ports match; fragment dropped),
- every interactive element, heading and dialog in page order: role, name with digits folded to '#'
  (clocks, counters, "Inbox 17"), its typed value (kept exactly: typed text is state) and its
  checked/selected/expanded/pressed flags.
Bids, static text (prices, delivery dates, snippets) and focus are left out, so re-renders and volatile
text do not change it; typing, ticking a box, opening a dialog or navigating does.

    fp = fingerprint(flatten(obs["axtree_object"]), obs["url"])      # 16 hex chars
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlsplit

from halo_lib.obs.axtree import INTERACTIVE_ROLES, AXNode
from halo_lib.obs.identity import loose, normalize

FINGERPRINT_VERSION = "fp1"  # bump when the recipe changes: cached states keyed on it become misses
STATE_ROLES = INTERACTIVE_ROLES | {"heading", "dialog", "alertdialog"}
STATE_FLAGS = ("checked", "selected", "expanded", "pressed")


def page_of(url: str) -> str:
    """Path plus sorted query, without scheme/host/port/fragment."""
    split = urlsplit(url or "")
    query = "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(split.query, keep_blank_values=True)))
    return (split.path or "/") + (f"?{query}" if query else "")


def state_items(nodes: list[AXNode]) -> list[str]:
    items = []
    for node in nodes:
        if node.role not in STATE_ROLES:
            continue
        flags = ",".join(f"{f}={node.properties[f]}" for f in STATE_FLAGS if f in node.properties)
        value = normalize(node.value) if node.value is not None and node.role not in ("link", "button") else ""
        items.append(f"{node.role}|{loose(node.name)}|{value}|{flags}")
    return items


def fingerprint(nodes: list[AXNode], url: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{FINGERPRINT_VERSION}\n{page_of(url)}\n".encode())
    for item in state_items(nodes):
        digest.update(item.encode() + b"\n")
    return digest.hexdigest()[:16]

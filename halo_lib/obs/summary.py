"""What the LLM reads about a page: interactive elements with bids, headings and nearby text, within a budget.

    summary = summarize(obs, ObsConfig())
    summary.text          # the prompt block (URL, title, one line per element / heading / text, last error)
    summary.bids          # every bid an action may target on this page (what the parser accepts)
    summary.fingerprint   # the state fingerprint (obs/fingerprint.py)
    summary.nodes         # the flattened AXTree, for identity lookups

One line per interactive element: `[bid] role 'name' value='..' checked`; combobox options are folded into
their combobox's line; text that only repeats an element's name is dropped. When the page is longer than
`budget_tokens` (estimated as characters / `chars_per_token`; tests measure it with the real tokenizer),
text lines go first, then elements from the bottom up, and a last line says how many were left out. Lines
inside an open dialog (a compose window, a confirmation) go last of all: that is where the page wants the
user's attention, even when the dialog sits at the end of a long page. Every bid on the page stays
actionable, listed or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from halo_lib.config import ObsConfig
from halo_lib.obs.axtree import INTERACTIVE_ROLES, AXNode, flatten
from halo_lib.obs.fingerprint import fingerprint
from halo_lib.obs.identity import normalize

LANDMARK_ROLES = {"heading", "dialog", "alertdialog", "alert", "status"}
STATE_FLAGS = ("checked", "selected", "expanded", "pressed", "disabled", "required")


@dataclass
class ObsSummary:
    text: str
    url: str
    title: str
    bids: set[str]
    fingerprint: str
    nodes: list[AXNode] = field(repr=False, default_factory=list)
    n_elements: int = 0
    n_shown: int = 0
    error: str = ""

    def estimated_tokens(self, chars_per_token: float = ObsConfig.chars_per_token) -> int:
        return int(len(self.text) / chars_per_token) + 1


def _cut(text: str, limit: int) -> str:
    text = normalize(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _state(node: AXNode) -> str:
    flags = []
    for flag in STATE_FLAGS:
        value = node.properties.get(flag)
        if value in (True, "true", "mixed"):
            flags.append(flag if value != "mixed" else "partly checked")
        elif flag in ("checked", "pressed") and value in (False, "false"):
            flags.append("not " + flag)
    return " ".join(flags)


def _in_select(nodes: list[AXNode], node: AXNode) -> bool:
    return any(nodes[i].role in ("combobox", "MenuListPopup") for i in node.ancestors)


def element_line(nodes: list[AXNode], node: AXNode, config: ObsConfig) -> str:
    parts = [f"[{node.bid}] {node.role} {_cut(node.name, config.max_name_chars)!r}"]
    if node.value not in (None, "") and node.role not in ("link", "button"):
        parts.append(f"value={_cut(node.value, config.max_name_chars)!r}")
    state = _state(node)
    if state:
        parts.append(state)
    if node.role == "combobox":
        options = [n.name for n in nodes[node.index + 1 :] if node.index in n.ancestors and n.role == "option"]
        if options:
            parts.append("options: " + " | ".join(_cut(o, 40) for o in options[:12]) + (" | …" if len(options) > 12 else ""))
    return " ".join(parts)


DIALOG_ROLES = {"dialog", "alertdialog"}
# Drop order when a page is over budget (lowest first): text outside dialogs, elements outside dialogs, text
# inside a dialog, elements inside a dialog.
TEXT, ELEMENT, DIALOG_TEXT, DIALOG_ELEMENT = 0, 1, 2, 3


def _in_dialog(nodes: list[AXNode], node: AXNode) -> bool:
    return node.role in DIALOG_ROLES or any(nodes[i].role in DIALOG_ROLES for i in node.ancestors)


def _lines(nodes: list[AXNode], config: ObsConfig) -> list[tuple[int, str]]:
    """(drop rank, line) in page order; ranks: TEXT < ELEMENT < DIALOG_TEXT < DIALOG_ELEMENT (headings and
    landmarks count as elements)."""
    lines: list[tuple[int, str]] = []
    last_names: list[str] = []
    for node in nodes:
        boost = 2 if _in_dialog(nodes, node) else 0
        if node.role in INTERACTIVE_ROLES and node.bid:
            if node.role == "option" and _in_select(nodes, node):
                continue
            lines.append((ELEMENT + boost, element_line(nodes, node, config)))
            last_names = [normalize(node.name).lower()]
        elif node.role in LANDMARK_ROLES and node.name:
            lines.append((ELEMENT + boost, f"{node.role} {_cut(node.name, config.max_name_chars)!r}"))
            last_names = [normalize(node.name).lower()]
        elif node.role == "StaticText" and node.name:
            text = normalize(node.name)
            lowered = text.lower()
            if len(text) < 2 or any(lowered in name for name in last_names if name):
                continue
            if any(nodes[i].role in INTERACTIVE_ROLES | {"heading"} for i in node.ancestors[-3:]):
                continue  # text inside an element repeats (part of) its name
            lines.append((TEXT + boost, _cut(text, config.max_text_chars)))
    return lines


def _fit(lines: list[tuple[int, str]], budget_chars: int) -> tuple[list[str], int]:
    """Drop lines by rank (text, elements, then the same inside dialogs), each rank from the bottom up, until
    the rest fits; returns (kept, n_dropped_elements)."""
    keep = [True] * len(lines)
    size = sum(len(line) + 1 for _, line in lines)
    for priority in (TEXT, ELEMENT, DIALOG_TEXT, DIALOG_ELEMENT):
        for i in range(len(lines) - 1, -1, -1):
            if size <= budget_chars:
                break
            if keep[i] and lines[i][0] == priority:
                keep[i] = False
                size -= len(lines[i][1]) + 1
    dropped = sum(1 for (p, _), k in zip(lines, keep) if not k and p in (ELEMENT, DIALOG_ELEMENT))
    return [line for (_, line), k in zip(lines, keep) if k], dropped


def all_bids(axtree: dict[str, Any]) -> set[str]:
    """Every bid in the raw tree, including nodes `flatten` drops (e.g. a <br>'s LineBreak): all are actionable."""
    return {str(n["browsergym_id"]) for n in axtree.get("nodes", []) if n.get("browsergym_id")}


def summarize(obs: dict[str, Any], config: ObsConfig | None = None) -> ObsSummary:
    """The page in `obs` (a BrowserGym observation) as an LLM-sized text block plus its bids and fingerprint."""
    config = config or ObsConfig()
    nodes = flatten(obs.get("axtree_object") or {})
    url = obs.get("url", "") or ""
    title = nodes[0].name if nodes and nodes[0].role == "RootWebArea" else ""
    error = normalize(obs.get("last_action_error") or "")
    split = urlsplit(url)
    page = split.path + (f"?{split.query}" if split.query else "")
    header = [f"Page: {title!r} at {page or '/'}"]
    footer = [f"Last action failed: {_cut(error, 200)}"] if error else []
    lines = _lines(nodes, config)
    budget_chars = int(config.budget_tokens * config.chars_per_token) - sum(len(x) + 1 for x in header + footer) - 80
    kept, dropped = _fit(lines, max(budget_chars, 0))
    if dropped:
        kept.append(f"(… {dropped} more elements not shown: scroll or search to reach them)")
    n_elements = sum(1 for p, _ in lines if p in (ELEMENT, DIALOG_ELEMENT))
    return ObsSummary(
        text="\n".join(header + kept + footer),
        url=url,
        title=title,
        bids=all_bids(obs.get("axtree_object") or {}),
        fingerprint=fingerprint(nodes, url),
        nodes=nodes,
        n_elements=n_elements,
        n_shown=n_elements - dropped,
        error=error,
    )

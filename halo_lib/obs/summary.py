"""What the LLM reads about a page: interactive elements with bids, headings and nearby text, within a budget.

    summary = summarize(obs, ObsConfig(), goal="Buy two PS5 controllers")
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

Given the task's goal (`summarize(obs, config, goal=...)`, ObsConfig.goal_aware), the cut also reads the goal:
a line that shares a distinctive content word with it ("PS5", "Italian", "7:30"; a word on every row of a list
counts little: goal_scores) is dropped after the lines that do not, and links that do not are dropped before
buttons and fields (a results page's fifty unrelated links go before its "Search" button and its "Sort by" box).
The lines kept stay in page order. On the saved expert pages (tests/unit/test_obs.py) the expert's next target
is listed on 65 of 90 pages at 300 tokens with the goal, 50 without; at 500 tokens, 79 and 76.
"""

from __future__ import annotations

import re
from collections import Counter
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
_WORD = re.compile(r"[a-z0-9]+(?::[0-9]+)?")
# words too common in goals and on pages to say what a line is about
_STOPWORDS = frozenset(
    "a an and are as at be by can for from has have i in is it its me my of on or our that the their this to was "
    "were what which who will with you your all any please find show go get then there".split()
)


@dataclass(frozen=True)
class _Line:
    """One line of the summary and how readily it is dropped."""

    text: str
    element: bool  # an interactive element, heading or landmark (counted in "n more elements")
    link: bool
    in_dialog: bool
    words: frozenset[str]  # content words of the element's name or the text


def content_words(text: str) -> frozenset[str]:
    """Lowercased words that say what a goal or a line is about (stopwords and one-letter words dropped)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and (len(w) > 1 or w.isdigit()))


def goal_scores(lines: list[_Line], goal_words: frozenset[str]) -> list[float]:
    """How much each line is about the goal: the goal words it has, each weighted by 1 / the number of lines on the
    page that have it (a word on every inbox row says little about which row the goal means)."""
    counts: Counter = Counter(w for line in lines for w in line.words & goal_words)
    return [sum(1.0 / counts[w] for w in line.words & goal_words) for line in lines]


RELATED = 0.5  # a goal score from here up: the line is about the goal (one goal word shared with at most one other line)


def _drop_rank(line: _Line, score: float, goal_aware: bool) -> tuple[int, float]:
    """Lower ranks are dropped first. Without a goal: text, then elements. With one: unrelated text, unrelated
    links, related text, unrelated buttons and fields, related elements (these two by goal score). Inside an open
    dialog, the same order after everything outside it."""
    dialog = 5 if line.in_dialog else 0
    if not goal_aware:
        return (3 if line.element else 0) + dialog, 0.0
    if score >= RELATED:
        return (4 if line.element else 2) + dialog, score
    if line.element:
        return (1 if line.link else 3) + dialog, 0.0
    return dialog, 0.0


def _in_dialog(nodes: list[AXNode], node: AXNode) -> bool:
    return node.role in DIALOG_ROLES or any(nodes[i].role in DIALOG_ROLES for i in node.ancestors)


def _lines(nodes: list[AXNode], config: ObsConfig) -> list[_Line]:
    """The summary's lines in page order (headings and landmarks count as elements)."""
    lines: list[_Line] = []
    last_names: list[str] = []
    for node in nodes:
        in_dialog = _in_dialog(nodes, node)
        if node.role in INTERACTIVE_ROLES and node.bid:
            if node.role == "option" and _in_select(nodes, node):
                continue
            words = content_words(f"{node.name} {node.value or ''}")
            lines.append(_Line(element_line(nodes, node, config), True, node.role == "link", in_dialog, words))
            last_names = [normalize(node.name).lower()]
        elif node.role in LANDMARK_ROLES and node.name:
            line = f"{node.role} {_cut(node.name, config.max_name_chars)!r}"
            lines.append(_Line(line, True, False, in_dialog, content_words(node.name)))
            last_names = [normalize(node.name).lower()]
        elif node.role == "StaticText" and node.name:
            text = normalize(node.name)
            lowered = text.lower()
            if len(text) < 2 or any(lowered in name for name in last_names if name):
                continue
            if any(nodes[i].role in INTERACTIVE_ROLES | {"heading"} for i in node.ancestors[-3:]):
                continue  # text inside an element repeats (part of) its name
            lines.append(_Line(_cut(text, config.max_text_chars), False, False, in_dialog, content_words(text)))
    return lines


def _fit(lines: list[_Line], budget_chars: int, goal_words: frozenset[str] = frozenset()) -> tuple[list[str], int]:
    """Drop lines by rank (_drop_rank), lines of equal rank from the bottom up, until the rest fits; returns (kept
    lines in page order, n_dropped_elements)."""
    keep = [True] * len(lines)
    size = sum(len(line.text) + 1 for line in lines)
    scores = goal_scores(lines, goal_words) if goal_words else [0.0] * len(lines)
    order = sorted(range(len(lines)), key=lambda i: (_drop_rank(lines[i], scores[i], bool(goal_words)), -i))
    for i in order:
        if size <= budget_chars:
            break
        keep[i] = False
        size -= len(lines[i].text) + 1
    dropped = sum(1 for line, k in zip(lines, keep) if not k and line.element)
    return [line.text for line, k in zip(lines, keep) if k], dropped


def all_bids(axtree: dict[str, Any]) -> set[str]:
    """Every bid in the raw tree, including nodes `flatten` drops (e.g. a <br>'s LineBreak): all are actionable."""
    return {str(n["browsergym_id"]) for n in axtree.get("nodes", []) if n.get("browsergym_id")}


def summarize(obs: dict[str, Any], config: ObsConfig | None = None, goal: str = "") -> ObsSummary:
    """The page in `obs` (a BrowserGym observation) as an LLM-sized text block plus its bids and fingerprint; with
    `goal` (and config.goal_aware), what the goal names is kept longest when the page is cut."""
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
    goal_words = content_words(goal) if config.goal_aware else frozenset()
    kept, dropped = _fit(lines, max(budget_chars, 0), goal_words)
    if dropped:
        kept.append(f"(… {dropped} more elements not shown: scroll or search to reach them)")
    n_elements = sum(1 for line in lines if line.element)
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

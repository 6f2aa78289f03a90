"""BrowserGym's high-level action grammar and a strict parser for model output.

An action is one call, written as a Python call with literal arguments:

    click(bid) | fill(bid, text) | select_option(bid, option) | press(bid, key) | scroll(dx, dy)
    goto(url) | go_back() | send_msg_to_user(text) | report_infeasible(reason) | noop()

`parse_action(text, bids)` accepts the model's reply (a bare call, or a line `Action: <call>`, optionally
after a line of reasoning and inside ``` fences) and returns an `Action`, or raises `ActionParseError` whose
one-sentence message is fed back to the model. An unknown function, wrong arguments, a bid that is not on the
current page, or more than one action is an error: nothing unparsed is ever executed. `Action.code()` is
the canonical string BrowserGym executes.

    action = parse_action("Action: click('42')", bids={"42", "43"})
    action.code()          # "click('42')"
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

# name -> (parameter names, types, number required); "bid" parameters must name an element on the page
GRAMMAR: dict[str, tuple[tuple[str, ...], tuple[type | tuple[type, ...], ...], int]] = {
    "click": (("bid",), (str,), 1),
    "fill": (("bid", "value"), (str, str), 2),
    "select_option": (("bid", "options"), (str, (str, list)), 2),
    "press": (("bid", "key_comb"), (str, str), 2),
    "scroll": (("delta_x", "delta_y"), ((int, float), (int, float)), 2),
    "goto": (("url",), (str,), 1),
    "go_back": ((), (), 0),
    "send_msg_to_user": (("text",), (str,), 1),
    "report_infeasible": (("reason",), (str,), 1),
    "noop": (("wait_ms",), ((int, float),), 0),
}
BID_ACTIONS = {"click", "fill", "select_option", "press"}
TERMINAL_ACTIONS = {"send_msg_to_user", "report_infeasible"}
MAX_ACTION_CHARS = 2000

_FENCE = re.compile(r"```[a-zA-Z]*\n?|```")
_ACTION_LINE = re.compile(r"^\s*(?:action|next action)\s*[:=]\s*(.+)$", re.IGNORECASE | re.MULTILINE | re.DOTALL)
_CALL_START = re.compile(r"\b(" + "|".join(GRAMMAR) + r")\s*\(")
_ANY_CALL = re.compile(r"\b([A-Za-z_]\w*)\(")


class ActionParseError(ValueError):
    """The text is not exactly one valid action for this page; the message says why, in one sentence."""


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple = ()

    @property
    def bid(self) -> str | None:
        return self.args[0] if self.name in BID_ACTIONS else None

    @property
    def is_terminal(self) -> bool:
        return self.name in TERMINAL_ACTIONS

    def code(self) -> str:
        return f"{self.name}({', '.join(repr(a) for a in self.args)})"

    def __str__(self) -> str:
        return self.code()


def _literal(node: ast.expr):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        raise ActionParseError(f"Arguments must be literal strings or numbers, got `{ast.unparse(node)}`.") from None


def _candidate(text: str) -> str:
    """The call expression in the model's reply."""
    text = _FENCE.sub("", text).strip()
    match = _ACTION_LINE.search(text)
    if match:
        text = match.group(1).strip()
    start = _CALL_START.search(text)
    if start is None:
        other = _ANY_CALL.search(text)
        if other:
            raise ActionParseError(f"Unknown action `{other.group(1)}`: use one of {', '.join(GRAMMAR)}.")
        raise ActionParseError("No action found: answer with exactly one call such as click('12') or fill('7', 'text').")
    return text[start.start() :].strip()


def _split_call(text: str) -> ast.Call:
    """Parse the shortest prefix of `text` that is a complete call; trailing prose is allowed, a second call is not.

    A line break typed inside a quoted argument (a multi-line message) is read as the newline it means."""
    depth, quote, escaped = 0, "", False
    source: list[str] = []  # `text` with raw line breaks inside quotes escaped, for ast
    for i, char in enumerate(text):
        source.append(char)
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
            elif char in "\r\n":
                source[-1] = "\\r" if char == "\r" else "\\n"
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                call_text, rest = text[: i + 1], text[i + 1 :]
                if _CALL_START.search(rest):
                    raise ActionParseError("Give exactly one action per step, not several.")
                try:
                    tree = ast.parse("".join(source), mode="eval")
                except SyntaxError:
                    raise ActionParseError(f"`{call_text[:80]}` is not a valid call: check quotes and commas.") from None
                return tree.body  # type: ignore[return-value]
    raise ActionParseError("The action is cut off: close its quotes and parentheses.")


def parse_action(text: str, bids: set[str] | frozenset[str] | None = None) -> Action:
    """The single action in `text`, checked against the grammar and (for bid actions) the page's `bids`."""
    if not isinstance(text, str) or not text.strip():
        raise ActionParseError("The reply is empty: answer with exactly one action such as click('12').")
    if len(text) > MAX_ACTION_CHARS * 4:
        text = text[: MAX_ACTION_CHARS * 4]
    call = _split_call(_candidate(text))
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
        raise ActionParseError("The action must be a plain call such as click('12').")
    name = call.func.id
    if name not in GRAMMAR:
        raise ActionParseError(f"Unknown action `{name}`: use one of {', '.join(GRAMMAR)}.")
    params, types, required = GRAMMAR[name]
    values = [_literal(a) for a in call.args]
    for keyword in call.keywords:
        if keyword.arg not in params:
            raise ActionParseError(f"{name}() has no argument `{keyword.arg}`: its arguments are ({', '.join(params)}).")
        index = params.index(keyword.arg)
        while len(values) <= index:
            values.append(None)
        if values[index] is not None:
            raise ActionParseError(f"{name}() got `{keyword.arg}` twice.")
        values[index] = _literal(keyword.value)
    if len(values) > len(params) or sum(v is not None for v in values) < required or None in values[:required]:
        raise ActionParseError(f"{name}() takes ({', '.join(params)}), got {len(values)} argument(s).")
    for value, param, kind in zip(values, params, types):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, kind):
            raise ActionParseError(f"{name}(): `{param}` must be {_type_name(kind)}, got {value!r}.")
    if name == "select_option" and isinstance(values[1], list) and not all(isinstance(v, str) for v in values[1]):
        raise ActionParseError("select_option(): options must be strings.")
    if name in BID_ACTIONS:
        bid = values[0]
        if bids is not None and bid not in bids:
            raise ActionParseError(f"There is no element [{bid}] on this page: use a bid from the page listing.")
    if any(isinstance(v, str) and len(v) > MAX_ACTION_CHARS for v in values):
        raise ActionParseError(f"An argument is longer than {MAX_ACTION_CHARS} characters.")
    values = [v for v in values if v is not None]
    if name == "select_option" and isinstance(values[1], list):
        values[1] = values[1][0] if len(values[1]) == 1 else values[1]
    return Action(name, tuple(values))


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "a string", int: "a number", float: "a number", list: "a list of strings"}
    return " or ".join(dict.fromkeys(names[k] for k in kinds))

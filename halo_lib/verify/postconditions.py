"""Did the action do what an action of its kind should? Checked on the page before and after it.

    check = postcondition(action, before, after)     # before/after: ObsSummary of the pages around the step
    check.held, check.reason

- any action that BrowserGym reports as failed (`last_action_error`) -> not held
- fill(bid, text): the same element (by identity) now holds `text` (whitespace-insensitive)
- select_option(bid, option): the element's value is the option
- click(bid) / press(bid, 'Enter'): the page changed (fingerprint or URL) or the element's own state did
  (checked, pressed, expanded, selected)
- goto(url): the browser is at that URL (ignoring a trailing slash); go_back(): the URL changed
- press with other keys, scroll, noop, send_msg_to_user, report_infeasible: held when no error

When an action failed with a Playwright timeout, `timeout_retry(action, before_obs, after_obs)` says whether
it may be tried again: only when the page shows the action had no effect, so a click that landed ("Place
order") is never doubled. Two independent signs must both say "not carried out":
- Playwright's call log in the error never reached the acting phase (`performing click action`, `click action
  done`, `waiting for scheduled navigations`, `elementHandle.press(...)`): it timed out waiting for the
  element to be visible, enabled, stable or to receive events, so no event was dispatched (only its last try
  counts: an earlier one that another element intercepted, followed by `retrying click action`, did not land);
- the page is unchanged: same state fingerprint (obs/fingerprint.py) and same URL.
An element Playwright found hidden (`element is not visible`) is not retried: that is the page's state (an agent
clicking a collapsed option), not the machine's load, and waiting longer would only cost time.
`fill` and `select_option` set a value (doing it twice leaves the same value), so for them the second sign
alone decides: the field does not hold the value yet.

    why = timeout_retry("click('12')", obs_before, obs_after)   # None: do not retry
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import re
from typing import Any

from halo_lib.obs.axtree import flatten
from halo_lib.obs.fingerprint import fingerprint
from halo_lib.obs.identity import by_bid, element_key, normalize, resolve
from halo_lib.obs.summary import ObsSummary
from halo_lib.policy.grammar import Action

STATE_PROPERTIES = ("checked", "pressed", "expanded", "selected")


@dataclass(frozen=True)
class Postcondition:
    held: bool
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


def _same_url(a: str, b: str) -> bool:
    sa, sb = urlsplit(a), urlsplit(b)
    return (sa.netloc, sa.path.rstrip("/"), sa.query) == (sb.netloc, sb.path.rstrip("/"), sb.query)


def _element_after(action: Action, before: ObsSummary, after: ObsSummary):
    node = by_bid(before.nodes, action.bid or "")
    if node is None:
        return None, None
    return node, resolve(after.nodes, element_key(before.nodes, node)) or by_bid(after.nodes, node.bid or "")


def postcondition(action: Action, before: ObsSummary, after: ObsSummary) -> Postcondition:
    if after.error:
        return Postcondition(False, f"the browser reported an error: {after.error[:160]}")
    page_changed = after.fingerprint != before.fingerprint or not _same_url(after.url, before.url)
    name = action.name
    if name == "fill":
        node, now = _element_after(action, before, after)
        if now is None:
            return Postcondition(page_changed, "the field left the page" if page_changed else "the field is gone")
        held = normalize(now.value) == normalize(action.args[1])
        return Postcondition(held, "the field holds the text" if held else f"the field holds {normalize(now.value)[:60]!r}")
    if name == "select_option":
        _, now = _element_after(action, before, after)
        wanted = action.args[1] if isinstance(action.args[1], str) else action.args[1][0]
        held = now is not None and normalize(now.value) == normalize(wanted)
        return Postcondition(held, "the option is selected" if held else "the option is not selected")
    if name == "click" or (name == "press" and action.args[1].lower() == "enter"):
        if page_changed:
            return Postcondition(True, "the page changed")
        node, now = _element_after(action, before, after)
        if node is not None and now is not None:
            changed = [p for p in STATE_PROPERTIES if node.properties.get(p) != now.properties.get(p)]
            if changed:
                return Postcondition(True, f"the element's {changed[0]} state changed")
        return Postcondition(False, "nothing changed on the page")
    if name == "goto":
        held = _same_url(after.url, action.args[0])
        return Postcondition(held, "at the URL" if held else f"at {after.url} instead")
    if name == "go_back":
        held = not _same_url(after.url, before.url)
        return Postcondition(held, "went back" if held else "the URL did not change")
    return Postcondition(True, "no error")


PLAYWRIGHT_TIMEOUT = re.compile(r"Timeout \d+ms exceeded")
# lines of Playwright's call log written once the input event was (or was being) dispatched
ACTED_MARKERS = ("performing ", " action done", "scheduled navigations", "elementHandle.press", "elementHandle.type")
IDEMPOTENT_ACTIONS = ("fill", "select_option")
RETRYABLE_ACTIONS = ("click", "dblclick", "hover", "press", "focus", "clear", "fill", "select_option")


def _verb(action: str) -> str:
    match = re.match(r"\s*(\w+)\(", action or "")
    return match.group(1) if match else ""


def page_state(obs: dict[str, Any]) -> tuple[str, str]:
    """(state fingerprint, URL) of an observation."""
    url = obs.get("url", "")
    return fingerprint(flatten(obs.get("axtree_object") or {}), url), url


def timeout_retry(action: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """Why `action` may be tried again after it timed out (see module docstring), or None."""
    error = after.get("last_action_error") or ""
    verb = _verb(action)
    if not PLAYWRIGHT_TIMEOUT.search(error) or verb not in RETRYABLE_ACTIONS:
        return None
    unchanged = page_state(before) == page_state(after)
    if verb in IDEMPOTENT_ACTIONS:
        return "it timed out; setting the value again leaves the same value" if unchanged or verb == "fill" else None
    last_try = error.rsplit("retrying ", 1)[-1]  # Playwright's own retries after a blocked event (an overlay)
    if "element is not visible" in error:
        return None  # a hidden element is the page's state, not the machine's load: waiting longer will not show it
    if any(marker in last_try for marker in ACTED_MARKERS):
        return None  # the event may have been dispatched: never repeat it
    if not unchanged:
        return None
    return "it timed out before acting (no event dispatched) and the page is unchanged"

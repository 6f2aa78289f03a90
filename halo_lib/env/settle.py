"""Wait until a page has settled after an action: HALO's replacement for agisdk's fixed 0.5 s sleep.

"Settled" means: no network request in flight, and for `quiet_ms` (counted from the action or the last
change, whichever is later) no request started or finished and the DOM did not mutate; the active document
has reached `load`. So a click's navigation, fetch or timer that starts within `quiet_ms` is waited for.
The whole wait is bounded by `max_ms`, so a page that never goes quiet (polling, animations) costs at most
that. On an idle page it costs about `quiet_ms`.

With `adaptive=True` the quiet window stretches with the machine's load: it is at least 3x the round trip of
one trivial `page.evaluate` (about 1 ms on a quiet machine, tens of ms when the cores are busy), so a handler
whose timer or fetch is late on a busy CPU still counts as "not settled yet". The round trip is what the page
itself takes to answer, not a wall-clock guess. And when `max_ms` has passed while a request is still in flight
(a page load the busy server or browser has not finished), the wait goes on until it ends, at most
`ADAPTIVE_MAX_FACTOR` x `max_ms` in all.

    tracker = NetworkTracker(context)              # once per browser context
    install_mutation_clock(context)                # once per context, before pages load
    waited_s = settle(page, tracker, quiet_ms=60, max_ms=3000)
"""

from __future__ import annotations

import time

import playwright.sync_api

MUTATION_CLOCK_JS = r"""
(() => {
  if (window.__haloMutationClock) return;
  window.__haloMutationClock = true;
  window.__haloLastMutation = performance.now();
  const start = () => {
    const root = document.documentElement || document;
    new MutationObserver(() => { window.__haloLastMutation = performance.now(); })
      .observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"""

# Resolves once the document is complete and the DOM has not mutated for `quiet` ms counted from the later
# of its last mutation and the action (`sinceAction` ms ago), or after `cap` ms.
DOM_QUIET_JS = r"""
([quiet, cap, sinceAction]) => new Promise(resolve => {
  const start = performance.now();
  const actionTime = start - sinceAction;
  const tick = () => {
    const now = performance.now();
    const last = Math.max(window.__haloLastMutation || 0, actionTime);
    if ((document.readyState === 'complete' && now - last >= quiet) || now - start >= cap) resolve(now - start);
    else setTimeout(tick, 8);
  };
  tick();
})
"""


class NetworkTracker:
    """Counts the context's in-flight requests and remembers when the network last changed."""

    def __init__(self, context: playwright.sync_api.BrowserContext):
        self._inflight: set = set()
        self.last_event = time.perf_counter()
        context.on("request", self._started)
        context.on("requestfinished", self._ended)
        context.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        self._inflight.add(request)
        self.last_event = time.perf_counter()

    def _ended(self, request) -> None:
        self._inflight.discard(request)
        self.last_event = time.perf_counter()

    @property
    def inflight(self) -> int:
        return len(self._inflight)


def install_mutation_clock(context: playwright.sync_api.BrowserContext) -> None:
    context.add_init_script(MUTATION_CLOCK_JS)


ADAPTIVE_MAX_FACTOR = 4


def page_round_trip_s(page: playwright.sync_api.Page) -> float:
    """Seconds one trivial evaluate takes (0 when the page cannot answer now, e.g. mid-navigation)."""
    start = time.perf_counter()
    try:
        page.evaluate("0")
    except playwright.sync_api.Error:
        return 0.0
    return time.perf_counter() - start


_NAVIGATION_ERRORS = ("Execution context was destroyed", "navigat")


def settle(
    page: playwright.sync_api.Page,
    tracker: NetworkTracker,
    *,
    quiet_ms: int = 60,
    max_ms: int = 3000,
    adaptive: bool = False,
) -> float:
    """Block until `page` has settled (see module docstring); returns the seconds waited."""
    start = time.perf_counter()
    deadline = start + max_ms / 1000
    hard_deadline = start + ADAPTIVE_MAX_FACTOR * max_ms / 1000
    if adaptive:
        quiet_ms = max(quiet_ms, int(3000 * page_round_trip_s(page)))
    quiet_s = quiet_ms / 1000
    while True:
        now = time.perf_counter()
        remaining_ms = (deadline - now) * 1000
        if remaining_ms <= 0:
            if not (adaptive and tracker.inflight and now < hard_deadline):
                break
            remaining_ms = (hard_deadline - now) * 1000  # a request (a slow page load) is still on its way: wait for it
        if tracker.inflight or now - max(tracker.last_event, start) < quiet_s:
            page.wait_for_timeout(8)  # pumps Playwright's events: requests the action triggered show up here
            continue
        try:
            page.wait_for_load_state("load", timeout=remaining_ms)
            since_action_ms = (time.perf_counter() - start) * 1000
            page.evaluate(DOM_QUIET_JS, [quiet_ms, max(remaining_ms, 1), since_action_ms])
        except playwright.sync_api.Error as exc:
            if any(marker in str(exc) for marker in _NAVIGATION_ERRORS):
                continue  # the page navigated while we checked: check the new document
            break
        if not tracker.inflight and time.perf_counter() - max(tracker.last_event, start) >= quiet_s:
            break
    return time.perf_counter() - start

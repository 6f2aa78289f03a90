"""Wait until a page has settled after an action: HALO's replacement for agisdk's fixed 0.5 s sleep.

"Settled" means: no network request in flight and none started or finished for `quiet_ms`, the active
document has reached `load`, and its DOM has not mutated for `quiet_ms`. A short grace period first lets a
click's navigation or fetch start. The whole wait is bounded by `max_ms`, so a page that never goes quiet
(polling, animations) costs at most that. On an idle page it costs about `grace_ms + quiet_ms`.

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

# Resolves once the DOM has been quiet for `quiet` ms and the document is complete (or after `cap` ms).
DOM_QUIET_JS = r"""
([quiet, cap]) => new Promise(resolve => {
  const start = performance.now();
  const tick = () => {
    const now = performance.now();
    const last = window.__haloLastMutation || 0;
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


_NAVIGATION_ERRORS = ("Execution context was destroyed", "navigat")


def settle(
    page: playwright.sync_api.Page,
    tracker: NetworkTracker,
    *,
    quiet_ms: int = 60,
    max_ms: int = 3000,
    grace_ms: int = 20,
) -> float:
    """Block until `page` has settled (see module docstring); returns the seconds waited."""
    start = time.perf_counter()
    deadline = start + max_ms / 1000
    quiet_s = quiet_ms / 1000
    page.wait_for_timeout(grace_ms)  # pumps Playwright events: a triggered request shows up here
    while True:
        now = time.perf_counter()
        remaining_ms = (deadline - now) * 1000
        if remaining_ms <= 0:
            break
        if tracker.inflight or now - tracker.last_event < quiet_s:
            page.wait_for_timeout(8)
            continue
        try:
            page.wait_for_load_state("load", timeout=remaining_ms)
            page.evaluate(DOM_QUIET_JS, [quiet_ms, max(remaining_ms, 1)])
        except playwright.sync_api.Error as exc:
            if any(marker in str(exc) for marker in _NAVIGATION_ERRORS):
                continue  # the page navigated while we checked: check the new document
            break
        if not tracker.inflight and time.perf_counter() - tracker.last_event >= quiet_s:
            break
    return time.perf_counter() - start

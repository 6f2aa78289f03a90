"""When a timed-out action may be tried again (verify/postconditions.py `timeout_retry`), with Playwright's
real call-log wording (copied from errors it raised on the replicas), and agisdk's 500 ms replaced in the
action code (env/actions.py)."""

from __future__ import annotations

from halo_lib.env.actions import action_mapping
from halo_lib.verify.postconditions import timeout_retry

PAGE = {
    "url": "http://127.0.0.1:8601/",
    "axtree_object": {
        "nodes": [
            {"nodeId": "1", "role": {"value": "RootWebArea"}, "name": {"value": "Shop"}, "childIds": ["2"]},
            {
                "nodeId": "2",
                "role": {"value": "button"},
                "name": {"value": "Place order"},
                "childIds": [],
                "browsergym_id": "12",
                "parentId": "1",
            },
        ]
    },
}
CHANGED = {**PAGE, "url": "http://127.0.0.1:8601/thanks"}

NOT_ENABLED = """TimeoutError: Locator.click: Timeout 500ms exceeded.
Call log:
  - waiting for get_by_test_id("12")
    - locator resolved to <button disabled data-testid="12">Place order</button>
  - attempting click action
    2 x waiting for element to be visible, enabled and stable
      - element is not enabled
    - retrying click action
    - waiting 20ms
"""
LANDED = """TimeoutError: Locator.click: Timeout 500ms exceeded.
Call log:
  - waiting for get_by_test_id("12")
    - locator resolved to <button data-testid="12">Place order</button>
  - attempting click action
    - waiting for element to be visible, enabled and stable
    - element is visible, enabled and stable
    - scrolling into view if needed
    - done scrolling
    - performing click action
"""
INTERCEPTED_THEN_WAITING = """TimeoutError: Locator.click: Timeout 500ms exceeded.
Call log:
  - attempting click action
    - performing click action
    - <div class="overlay"></div> intercepts pointer events
  - retrying click action
    - waiting for element to be visible, enabled and stable
"""


def with_error(obs, error):
    return {**obs, "last_action_error": error}


def test_a_click_that_timed_out_before_acting_on_an_unchanged_page_is_retried():
    assert timeout_retry("click('12')", PAGE, with_error(PAGE, NOT_ENABLED))
    assert timeout_retry("click('12')", PAGE, with_error(PAGE, INTERCEPTED_THEN_WAITING))  # the blocked try did not land


def test_a_click_that_may_have_landed_is_never_repeated():
    assert timeout_retry("click('12')", PAGE, with_error(PAGE, LANDED)) is None  # Playwright dispatched it
    assert timeout_retry("press('12', 'Enter')", PAGE, with_error(PAGE, NOT_ENABLED + '  - elementHandle.press("Enter")\n')) is None
    assert timeout_retry("click('12')", PAGE, with_error(CHANGED, NOT_ENABLED)) is None  # the page changed


HIDDEN = """TimeoutError: Locator.click: Timeout 500ms exceeded.
Call log:
  - waiting for get_by_test_id("12")
    - locator resolved to <option data-testid="12">Large</option>
  - attempting click action
    2 x waiting for element to be visible, enabled and stable
      - element is not visible
    - retrying click action
"""


def test_a_hidden_element_is_not_waited_for_again():
    assert timeout_retry("click('12')", PAGE, with_error(PAGE, HIDDEN)) is None


def test_only_timeouts_of_element_actions_are_retried():
    assert timeout_retry("click('12')", PAGE, with_error(PAGE, "ValueError: Could not find element with bid '12'")) is None
    assert timeout_retry("click('12')", PAGE, PAGE) is None
    assert timeout_retry("goto('http://x/')", PAGE, with_error(PAGE, "TimeoutError: Page.goto: Timeout 5000ms exceeded.")) is None
    assert timeout_retry("fill('12', 'a')", PAGE, with_error(CHANGED, NOT_ENABLED))  # setting a value twice is harmless


def test_action_code_waits_the_configured_element_timeout_instead_of_500_ms():
    code = action_mapping(2000)("click('12')")
    assert "timeout=2000)" in code and "timeout=500)" not in code
    assert code.rstrip().endswith("click('12')")

"""Postconditions on real consecutive pages of expert episodes, and loop detection."""

from __future__ import annotations

import pytest

from halo_lib.obs.axtree import find
from halo_lib.obs.summary import summarize
from halo_lib.policy.grammar import Action, parse_action
from halo_lib.verify.loops import LoopDetector
from halo_lib.verify.postconditions import postcondition


def _step(page_summary, load_page, task: str, step: int):
    """(the expert's action at `step`, the page before it, the page after it)."""
    before = page_summary(f"{task}__{step}")
    action = parse_action(load_page(f"{task}__{step}")["action"], before.bids)
    return action, before, page_summary(f"{task}__{step + 1}")


def test_fill_held(page_summary, load_page):
    action, before, after = _step(page_summary, load_page, "omnizon-13", 0)
    assert action == Action("fill", ("17", "cooking pot"))
    check = postcondition(action, before, after)
    assert check.held, check.reason
    assert check.to_dict() == {"held": True, "reason": "the field holds the text"}


def test_fill_of_a_multiline_message_held(page_summary, load_page):
    action, before, after = _step(page_summary, load_page, "gomail-23", 4)
    assert action.name == "fill" and "\n" in action.args[1]
    assert postcondition(action, before, after).held


def test_fill_that_did_not_land_does_not_hold(page_summary):
    before = page_summary("omnizon-13__0")
    # the box is still empty after the step
    check = postcondition(Action("fill", ("17", "cooking pot")), before, before)
    assert not check.held and "''" in check.reason
    # the box holds other text than what was typed
    check = postcondition(Action("fill", ("17", "gaming controllers")), before, page_summary("omnizon-13__1"))
    assert not check.held and "cooking pot" in check.reason


def test_press_enter_held_when_the_page_changed(page_summary, load_page):
    action, before, after = _step(page_summary, load_page, "omnizon-13", 1)
    assert action == Action("press", ("17", "Enter"))
    check = postcondition(action, before, after)
    assert check.held and check.reason == "the page changed"


def test_click_held_when_the_page_changed(page_summary, load_page):
    action, before, after = _step(page_summary, load_page, "omnizon-13", 2)
    assert action.name == "click" and after.url.endswith("/product/212")
    assert postcondition(action, before, after).held


def test_every_expert_step_held(page_summary, load_page):
    for task, steps in (("omnizon-13", 6), ("omnizon-24", 7), ("gomail-23", 10), ("gomail-16", 3)):
        for step in range(steps):
            action, before, after = _step(page_summary, load_page, task, step)
            check = postcondition(action, before, after)
            assert check.held, f"{task} step {step} {action}: {check.reason}"


@pytest.mark.parametrize(
    "page, action",
    [
        ("omnizon-13__2", "click('103')"),
        ("omnizon-13__3", "click('90')"),
        ("gomail-23__3", "click('141')"),
        ("omnizon-13__1", "press('17', 'Enter')"),
    ],
)
def test_click_whose_page_did_not_change_does_not_hold(page, action, page_summary):
    summary = page_summary(page)
    check = postcondition(parse_action(action, summary.bids), summary, summary)
    assert not check.held and check.reason == "nothing changed on the page"


def test_click_that_only_toggled_a_button_held(page_summary, load_page):
    before = page_summary("gomail-23__3")  # an open email: its star button is 'Not starred', not pressed
    star = find(before.nodes, "button", "Not starred")
    obs = load_page("gomail-23__3")
    (raw,) = [n for n in obs["axtree_object"]["nodes"] if n.get("browsergym_id") == star.bid]
    (pressed,) = [p for p in raw["properties"] if p["name"] == "pressed"]
    pressed["value"]["value"] = True
    after = summarize(obs)
    assert after.fingerprint != before.fingerprint and after.url == before.url
    assert postcondition(Action("click", (star.bid,)), before, after).held


def test_an_error_reported_by_the_browser_does_not_hold(page_summary, load_page):
    action, before, _ = _step(page_summary, load_page, "omnizon-13", 2)
    obs = load_page("omnizon-13__3")
    obs["last_action_error"] = "TimeoutError: locator.click: Timeout 5000ms exceeded."
    check = postcondition(action, before, summarize(obs))
    assert not check.held and "TimeoutError" in check.reason
    # even for actions that otherwise always hold
    assert not postcondition(Action("scroll", (0, 600)), before, summarize(obs)).held
    assert postcondition(Action("scroll", (0, 600)), before, before).held


def test_goto_checks_the_url(page_summary):
    before, home = page_summary("omnizon-13__4"), page_summary("omnizon-13__0")  # cart, then the home page
    assert postcondition(Action("goto", ("http://127.0.0.1:8801/",)), before, home).held
    assert postcondition(Action("goto", ("http://127.0.0.1:8801",)), before, home).held  # trailing slash
    check = postcondition(Action("goto", ("http://127.0.0.1:8801/cart",)), before, home)
    assert not check.held and home.url in check.reason
    assert not postcondition(Action("goto", ("http://127.0.0.1:8802/",)), before, home).held  # another site


def test_go_back_checks_that_the_url_changed(page_summary):
    product, results = page_summary("omnizon-13__3"), page_summary("omnizon-13__2")
    assert postcondition(Action("go_back", ()), product, results).held
    assert not postcondition(Action("go_back", ()), product, product).held


def test_select_option_held(page_summary, load_page):
    action, before, after = _step(page_summary, load_page, "omnizon-24", 3)
    assert action == Action("select_option", ("79", "2"))
    assert find(before.nodes, "combobox", "Quantity").value == "1"
    check = postcondition(action, before, after)
    assert check.held and check.reason == "the option is selected"
    assert postcondition(Action("select_option", ("79", ["2"])), before, after).held
    assert not postcondition(Action("select_option", ("79", "3")), before, after).held
    assert not postcondition(action, before, before).held  # still at 1


# ------------------------------------------------------------------------------------------------ loops


def test_would_loop_after_max_repeats_identical_pairs():
    loops = LoopDetector(window=8, max_repeats=2)
    assert not loops.would_loop("fpA", "click('5')")
    loops.record("fpA", "click('5')")
    assert not loops.would_loop("fpA", "click('5')")
    loops.record("fpA", "click('5')")
    assert loops.would_loop("fpA", "click('5')")
    # another action in that state, or that action in another state, is not a loop
    assert not loops.would_loop("fpA", "click('6')")
    assert not loops.would_loop("fpB", "click('5')")
    loops.reset()
    assert not loops.would_loop("fpA", "click('5')")


def test_max_repeats_is_respected():
    loops = LoopDetector(window=8, max_repeats=3)
    for _ in range(2):
        loops.record("fp", "noop()")
    assert not loops.would_loop("fp", "noop()")
    loops.record("fp", "noop()")
    assert loops.would_loop("fp", "noop()")


def test_the_window_forgets_old_pairs():
    loops = LoopDetector(window=4, max_repeats=2)
    loops.record("fpA", "click('5')")
    loops.record("fpA", "click('5')")
    assert loops.would_loop("fpA", "click('5')")
    loops.record("fpB", "click('1')")
    loops.record("fpC", "click('2')")
    loops.record("fpD", "click('3')")  # the first click('5') leaves the window
    assert loops.count("fpA", "click('5')") == 1
    assert not loops.would_loop("fpA", "click('5')")


def test_cycling_between_two_states():
    loops = LoopDetector(window=8, max_repeats=2)
    for i in range(6):
        assert not loops.cycling()
        loops.record("fpA" if i % 2 == 0 else "fpB", "click('1')" if i % 2 == 0 else "go_back()")
    assert loops.cycling()


def test_progress_is_not_cycling():
    loops = LoopDetector(window=8, max_repeats=2)
    for i in range(8):
        loops.record(f"fp{i}", f"click('{i}')")
    assert not loops.cycling()
    # two states but many different actions (e.g. ticking boxes one by one on a list) is not a cycle either
    loops.reset()
    for i in range(6):
        loops.record("fpA" if i % 2 == 0 else "fpB", f"click('{i}')")
    assert not loops.cycling()


def test_loops_on_real_fingerprints(page_summary):
    page = page_summary("omnizon-13__3")
    loops = LoopDetector()
    for _ in range(2):
        loops.record(page.fingerprint, "click('90')")
    assert loops.would_loop(page_summary("omnizon-24__3").fingerprint, "click('90')") is False  # another product
    assert loops.would_loop(page.fingerprint, "click('90')")

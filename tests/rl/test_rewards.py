"""GRPO rewards on model-like completions (conversational message lists, as TRL passes them)."""

from __future__ import annotations

from halo_lib.rl.rewards import element_present_reward, format_reward, parses_reward, verified_action_reward


def _c(text):
    return [{"role": "assistant", "content": text}]


COMPLETIONS = [
    _c("Action: click('12')"),
    _c("Action: click('99')"),
    _c("I think click('12') is right\nmore"),
    _c("Action: fly('12')"),
    _c(""),
]
COLUMNS = {"bids": [["12", "13"]] * 5, "verified": [["click('12')"]] * 5}


def test_each_reward_term():
    assert parses_reward(COMPLETIONS, **COLUMNS) == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert element_present_reward(COMPLETIONS, **COLUMNS) == [1.0, 0.0, 1.0, 0.0, 0.0]
    verified = verified_action_reward(COMPLETIONS, **COLUMNS)
    assert verified[0] == verified[2] == 1.0  # the parser reads the call out of the prose, as it would in an episode
    assert 0.0 < verified[1] < 0.2 and verified[4] == 0.0  # shaping credit for a near miss, none for nothing
    assert format_reward(COMPLETIONS, **COLUMNS) == [1.0, 1.0, 0.5, 0.0, 0.0]


def test_plain_string_completions_work_too():
    assert verified_action_reward(["Action: click('12')"], bids=[["12"]], verified=[["click('12')"]]) == [1.0]

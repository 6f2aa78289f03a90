"""DPO pairs from a DAgger run: at every state the policy reached, the expert's label (`expert_action`) is chosen over
the policy's different action, when the label's element is on that page; a state where they agree gives no pair.

    .venv/bin/python -m pytest tests/unit/test_dagger_pairs.py -q
"""

from __future__ import annotations

from halo_lib.rl.export import dpo_pairs
from halo_lib.rl.trajectories import Step, Trajectory


def _step(i: int, action: str, label: str | None, page: str) -> Step:
    prompt = [{"role": "system", "content": "rules"}, {"role": "user", "content": f"Goal: g\n\nPage: p\n{page}"}]
    return Step("v2.gen.gomail.x.0001", 0, i, "g", prompt, action, "worker", f"f{i}", None, True, None, expert_action=label)


def test_every_labelled_state_where_the_policy_differs_is_a_pair():
    steps = [
        _step(0, "click('14')", "click('20')", "[14] link 'Inbox'\n[20] button 'Compose'"),  # differs: a pair
        _step(1, "fill('31', 'Hi')", "fill('31', 'Hi')", "[31] textbox 'To'"),  # agrees: none
        _step(2, "click('40')", "click('99')", "[40] button 'Send'"),  # the label's element is not on the page: none
        _step(3, "noop()", "send_msg_to_user('done')", "[40] button 'Send'"),  # an action with no element: a pair
    ]
    dagger = Trajectory("v2.gen.gomail.x.0001", 0, "qwen_worker_zero", "dagger1", 0.0, False, steps)
    pairs = dpo_pairs([dagger], ["expert_vs_policy"])
    assert [(p["chosen"][0]["content"], p["rejected"][0]["content"]) for p in pairs] == [
        ("Action: click('20')", "Action: click('14')"),
        ("Action: send_msg_to_user('done')", "Action: noop()"),
    ]
    assert pairs[0]["prompt"] == steps[0].prompt and pairs[0]["chosen_from"] == "expert label"
    assert dpo_pairs([dagger], ["outcome", "progress_ranked"]) == []  # labels are the expert_vs_policy strategy's

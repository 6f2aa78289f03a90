"""GRPO prompts verify actions per state (task, page fingerprint, step number): a page that looks the same at two
points of an episode (gomail's inbox at the start and after a sent mail) keeps each point's own verified action.

Run: pytest tests/rl/test_grpo_prompts.py"""

from __future__ import annotations

from halo_lib.rl.export import grpo_prompts
from halo_lib.rl.trajectories import Step, Trajectory

INBOX = "fp-inbox"


def _step(n: int, fingerprint: str, action: str, bid_line: str) -> Step:
    prompt = [
        {"role": "system", "content": "You are a web agent."},
        {"role": "user", "content": f"Goal: send a mail\n\nPrevious actions: {n}\n\nPage: 'Inbox'\n{bid_line}\n\nNext action?"},
    ]
    return Step(
        task_id="v2.gomail-4",
        rollout=0,
        step=n,
        goal="send a mail",
        prompt=prompt,
        action=action,
        source="expert",
        fingerprint=fingerprint,
        element=None,
        held=True,
        error=None,
    )


def test_a_page_seen_twice_keeps_each_visits_verified_action():
    steps = [
        _step(0, INBOX, "click('20')", "[20] button 'Compose'"),
        _step(1, "fp-compose", "fill('30', 'hi')", "[30] textbox 'Body'"),
        _step(2, INBOX, "send_msg_to_user('sent')", "[20] button 'Compose'"),
    ]
    expert = Trajectory(task_id="v2.gomail-4", rollout=0, mode="expert", run_dir="r", reward=1.0, success=True, steps=steps)
    rows = grpo_prompts([expert])
    at_inbox = [row["verified"] for row in rows if row["fingerprint"] == INBOX]
    assert at_inbox == [["click('20')"], ["send_msg_to_user('sent')"]]

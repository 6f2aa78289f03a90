"""A policy that plays a fixed list of BrowserGym action strings, then answers.

Used for baselines (answer at once), replays of recorded actions, and a human typing actions by hand.

    policy = ScriptedPolicy(["click('12')", "send_msg_to_user('done')"])
"""

from __future__ import annotations

from typing import Any, Iterable


class ScriptedPolicy:
    source = "scripted"

    def __init__(self, actions: Iterable[str], final_answer: str = "Done."):
        self.actions = list(actions)
        self.final_answer = final_answer
        self._next = 0

    def reset(self, task: Any = None) -> None:
        self._next = 0

    def act(self, obs: dict[str, Any]) -> str:
        if self._next < len(self.actions):
            action = self.actions[self._next]
            self._next += 1
            return action
        return f"send_msg_to_user({self.final_answer!r})"

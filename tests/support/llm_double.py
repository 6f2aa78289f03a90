"""Test doubles for the external LLMs (OpenAI's models cannot run here): scripted replies, given as text.

`ExpertShadow` wraps an agent: each step it first asks the scripted expert what it would do on this page,
then lets the agent decide. `ExpertTextLLM` is the worker double: asked by the agent, it replies with that
expert action as model text ("Action: click('42')"), which the agent's parser must accept like any reply.
`ScriptedManager` is the manager double: it replies with fixed text (APPROVE by default) and counts calls.
"""

from __future__ import annotations

from halo_lib.policy.backends import Completion


class _Double:
    def __init__(self):
        self.calls: list[list[dict]] = []

    def _reply(self, text: str, messages: list[dict]) -> Completion:
        self.calls.append(messages)
        prompt = sum(len(m["content"]) for m in messages) // 4
        return Completion(text=text, prompt_tokens=prompt, completion_tokens=len(text) // 4 + 1, latency_s=0.0, model="double", attempts=1)


class ExpertTextLLM(_Double):
    def __init__(self):
        super().__init__()
        self.next_action = ""

    def complete(self, messages, *, max_tokens=64, temperature=0.0, stop=None, seed=None) -> Completion:
        return self._reply(f"Action: {self.next_action}", messages)


class ScriptedManager(_Double):
    def __init__(self, reply: str = "APPROVE"):
        super().__init__()
        self.reply = reply

    def complete(self, messages, *, max_tokens=64, temperature=0.0, stop=None, seed=None) -> Completion:
        return self._reply(self.reply, messages)


class ExpertShadow:
    """A policy: the expert runs in lockstep so the worker double always knows the expert's next action.

    When the agent did something else (a poisoned cache entry, a manager's replacement), the expert's
    last intent is asked again on the new page instead of advancing its script."""

    def __init__(self, agent, expert, worker_double: ExpertTextLLM):
        self.agent, self.expert, self.worker_double = agent, expert, worker_double
        self.source = agent.source

    _proposed: str | None = None

    def reset(self, task):
        self.agent.reset(task)
        self._proposed = None

    def act(self, obs):
        followed = self._proposed is None or self.agent.last_decision.get("action") == self._proposed
        self.worker_double.next_action = self.expert.act(obs) if followed else self.expert.again(obs)
        self._proposed = self.worker_double.next_action
        return self.agent.act(obs)

    def __getattr__(self, name):  # last_decision, observe, finish, stats_dict, warnings
        return getattr(self.agent, name)

"""GRPO rewards for a worker completion in a recorded state (what TRL's GRPOTrainer calls).

Each function gets the completions (as message lists, TRL's conversational format, or plain strings) and the
dataset columns of their prompts (`bids`: the bids listed on that page; `verified`: actions verified in that
state by successful episodes) and returns one float per completion:

- `parses`          1 if the completion is exactly one action under HALO's grammar (policy/grammar.py), else 0
- `element_present` 1 if it parses and its bid (if any) is on that page, else 0
- `verified_action` 1 if it is one of the actions verified for that state; otherwise a shaping credit of
                    0.2 x its best string similarity to one of them (difflib ratio), so a group of wrong answers
                    still has a spread (GRPO's advantages are 0 when every completion in a group scores the same)
- `format`          1 for a single line `Action: <call>` and nothing else, 0.5 for a parsable reply with extra text

    rewards = [parses_reward, element_present_reward, verified_action_reward, format_reward]
    parses_reward(["Action: click('12')"], bids=[["12"]])   # [1.0]
"""

from __future__ import annotations

import re
from typing import Any

from halo_lib.policy.grammar import ActionParseError, parse_action

_EXACT = re.compile(r"^Action: [a-z_]+\(.*\)$", re.DOTALL)


def completion_text(completion: Any) -> str:
    if isinstance(completion, list):  # conversational: [{"role": "assistant", "content": ...}]
        return "".join(m.get("content", "") for m in completion if isinstance(m, dict))
    return str(completion)


def _parse(text: str, bids: set[str] | None):
    try:
        return parse_action(text, bids)
    except ActionParseError:
        return None


def _column(kwargs: dict, name: str, n: int) -> list:
    value = kwargs.get(name)
    return list(value) if value is not None else [None] * n


def parses_reward(completions: list, **kwargs) -> list[float]:
    return [1.0 if _parse(completion_text(c), None) is not None else 0.0 for c in completions]


def element_present_reward(completions: list, **kwargs) -> list[float]:
    bids = _column(kwargs, "bids", len(completions))
    return [1.0 if _parse(completion_text(c), set(b or [])) is not None else 0.0 for c, b in zip(completions, bids)]


def verified_action_reward(completions: list, **kwargs) -> list[float]:
    from difflib import SequenceMatcher

    verified = _column(kwargs, "verified", len(completions))
    bids = _column(kwargs, "bids", len(completions))
    out = []
    for c, actions, b in zip(completions, verified, bids):
        text = completion_text(c)
        action = _parse(text, set(b or []))
        if action is not None and action.code() in set(actions or []):
            out.append(1.0)
            continue
        body = text.strip().removeprefix("Action:").strip()
        similarity = max((SequenceMatcher(None, body, a).ratio() for a in actions or []), default=0.0)
        out.append(round(0.2 * similarity, 4))
    return out


def format_reward(completions: list, **kwargs) -> list[float]:
    out = []
    for c in completions:
        text = completion_text(c).strip()
        if _EXACT.match(text) and "\n" not in text and _parse(text, None) is not None:
            out.append(1.0)
        elif _parse(text, None) is not None:
            out.append(0.5)
        else:
            out.append(0.0)
    return out


REWARD_FUNCS = [parses_reward, element_present_reward, verified_action_reward, format_reward]

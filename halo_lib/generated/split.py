"""The clean split: no generated task is a REAL v2 task, a paraphrase of its goal, or the same parameters.

Two rules, checked when a set is generated and again by the tests:
- **Goals.** A goal is reduced to a set of tokens with its entities replaced by placeholders (the task's string
  parameters, numbers, quoted text and capitalised words inside a sentence -> `<e>` / `<n>`); a generated goal
  whose token-set Jaccard similarity with any REAL v2 goal is >= 0.8 is a near-duplicate.
- **Parameters.** A generated task whose identity (family.identity) equals that of one of the family's
  `real_params()` (the parameters REAL's own tasks of that shape use) is the same task.

    near_duplicates(tasks)      # -> [(generated name, REAL task name, similarity), ...]
    goal_tokens("Reply to Lena's email about the invoice.", ["Lena", "invoice"])
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Sequence

JACCARD_LIMIT = 0.8
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a", "an"}
_WORD = re.compile(r"<[en]>|[a-z0-9']+")


def goal_tokens(goal: str, entities: Iterable[str] = ()) -> frozenset[str]:
    """The goal's token set with entities, numbers, quoted text and inner capitalised words as placeholders."""
    text = goal
    for entity in sorted({e for e in entities if isinstance(e, str) and len(e) > 1}, key=len, reverse=True):
        text = re.sub(re.escape(entity), " <e> ", text, flags=re.IGNORECASE)
    text = re.sub(r"[\"“][^\"”]*[\"”]|'[^']{3,}'", " <e> ", text)
    text = re.sub(r"\$?\d[\d,.:]*\s*(?:am|pm)?", " <n> ", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=[a-z,;] )[A-Z][\w&'-]*", " <e> ", text)
    tokens = [t for t in _WORD.findall(text.lower())]
    return frozenset("<n>" if t in _NUMBER_WORDS else t for t in tokens)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@lru_cache(maxsize=1)
def real_goal_tokens() -> tuple[tuple[str, frozenset[str]], ...]:
    from halo_lib.env.tasks import v2_task_json, v2_task_names

    return tuple((name, goal_tokens(v2_task_json(name)["goal"])) for name in v2_task_names())


def string_values(params: Any) -> list[str]:
    if isinstance(params, str):
        return [params]
    if isinstance(params, dict):
        return [s for v in params.values() for s in string_values(v)]
    if isinstance(params, (list, tuple)):
        return [s for v in params for s in string_values(v)]
    return []


def closest_real_goal(goal: str, params: Any) -> tuple[str, float]:
    """The REAL v2 task whose goal is most similar to `goal` (placeholders in both), and the similarity."""
    tokens = goal_tokens(goal, string_values(params))
    best = max(((name, jaccard(tokens, real)) for name, real in real_goal_tokens()), key=lambda item: item[1])
    return best


def near_duplicates(tasks: Sequence[Any], limit: float = JACCARD_LIMIT) -> list[tuple[str, str, float]]:
    """Generated tasks (GeneratedTask) whose goal is a near-duplicate of a REAL goal."""
    found = []
    for task in tasks:
        name, score = closest_real_goal(task.goal, task.params)
        if score >= limit:
            found.append((task.name, name, round(score, 3)))
    return found


def same_parameters(tasks: Sequence[Any]) -> list[tuple[str, dict]]:
    """Generated tasks whose parameters are those of a REAL task of the same family shape."""
    from halo_lib.generated.family import family_by_key

    found = []
    for task in tasks:
        family = family_by_key(task.family)
        real = {family.identity(p) for p in family.real_params()}
        if family.identity(task.params) in real:
            found.append((task.name, task.params))
    return found

"""Every replica task, graded by agisdk's own v2 eval script through the real browser environment:
the expert earns reward 1, answering at once earns 0, and each plausible wrong episode earns 0.

By default one task per site (its first in natural order) and one wrong episode per site run, so CI stays
within its budget as sites are added; every other task and mistake is marked `heavy`:

    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py            # one per site
    .venv/bin/python -m pytest tests/integration/test_replica_tasks.py -m heavy   # all the others
"""

from __future__ import annotations

import pytest

from halo_lib.env.tasks import expand_task_spec, site_of
from halo_lib.policy.scripted import ScriptedPolicy
from halo_lib.sites import replica_names
from halo_lib.sites.expert import ExpertPolicy, solutions_for, unsolvable_for

pytestmark = pytest.mark.browser

TASKS = expand_task_spec("local", local_sites=replica_names())
MISTAKES = [
    (f"v2.{name}", index, solution)
    for site in replica_names()
    for name, solutions in solutions_for(site)[1].items()
    for index, solution in enumerate(solutions)
]

# Tasks whose own script can never pass (each site expert's UNSOLVABLE, with why): the expert still does what the
# goal says and earns 0; the verdict is FAILURE, or a crash where the script prints nothing (gocalendar-11's is empty).
UNSOLVABLE = {f"v2.{name}": why for site in replica_names() for name, why in unsolvable_for(site).items()}


def no_pass_verdict(task_ref: str, verdict: str | None) -> bool:
    """The grader's verdict on an episode that must earn 0: FAILURE; for an empty script, its crash."""
    return verdict == "FAILURE" or (task_ref in UNSOLVABLE and (verdict or "").startswith("crashed"))


def one_per_site(items: list, site_of_item) -> list:
    """`items` as pytest params: the first of each site runs by default, the others are marked heavy."""
    seen: set[str] = set()
    params = []
    for item in items:
        site = site_of_item(item)
        marks = [pytest.mark.heavy] if site in seen else []
        seen.add(site)
        params.append(pytest.param(*(item if isinstance(item, tuple) else (item,)), marks=marks))
    return params


def _site(task_ref: str) -> str:
    return site_of(task_ref.split(".", 1)[1])


@pytest.mark.parametrize("task_ref", one_per_site(TASKS, _site))
def test_expert_earns_reward_1(task_ref, run_policy):
    name = task_ref.split(".", 1)[1]
    solution = solutions_for(site_of(name))[0].get(name)
    assert solution is not None, f"no expert solution for {task_ref}"
    result = run_policy(task_ref, ExpertPolicy(solution))
    assert result.error is None
    if task_ref in UNSOLVABLE:  # impossible by its own script: the expert's full episode still earns 0
        assert result.reward == 0.0 and no_pass_verdict(task_ref, result.verdict), result.verdict
        return
    assert result.reward == 1.0, f"{task_ref}: expert got reward {result.reward} in {result.steps} steps ({result.verdict})"
    assert result.verdict == "SUCCESS"


@pytest.mark.parametrize("task_ref", one_per_site(TASKS, _site))
def test_answering_at_once_earns_0(task_ref, run_policy):
    result = run_policy(task_ref, ScriptedPolicy([], final_answer="Done."))
    assert result.error is None
    assert result.steps == 1
    assert result.reward == 0.0
    assert no_pass_verdict(task_ref, result.verdict), f"{task_ref}: the grader said {result.verdict}"


@pytest.mark.parametrize(
    "task_ref,index,solution", one_per_site(MISTAKES, lambda item: _site(item[0])), ids=[f"{t}-{i}" for t, i, _ in MISTAKES]
)
def test_plausible_wrong_episode_earns_0(task_ref, index, solution, run_policy):
    policy = ExpertPolicy(solution)
    result = run_policy(task_ref, policy)
    assert result.error is None, f"the wrong episode did not play out: {result.error}"
    assert result.steps > 2
    assert result.reward == 0.0
    assert no_pass_verdict(task_ref, result.verdict), f"{task_ref}: the grader said {result.verdict}"

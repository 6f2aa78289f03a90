"""Every replica task, graded by agisdk's own v2 eval script through the real browser environment:
the expert earns reward 1, answering at once earns 0, and each plausible wrong episode earns 0."""
from __future__ import annotations

import pytest

from halo_lib.env.tasks import expand_task_spec, site_of
from halo_lib.policy.scripted import ScriptedPolicy
from halo_lib.sites import replica_names
from halo_lib.sites.expert import ExpertPolicy, solutions_for

pytestmark = pytest.mark.browser

TASKS = expand_task_spec("local", local_sites=replica_names())
MISTAKES = [
    (f"v2.{name}", index, solution)
    for site in replica_names()
    for name, solutions in solutions_for(site)[1].items()
    for index, solution in enumerate(solutions)
]


@pytest.mark.parametrize("task_ref", TASKS)
def test_expert_earns_reward_1(task_ref, run_policy):
    name = task_ref.split(".", 1)[1]
    solution = solutions_for(site_of(name))[0].get(name)
    assert solution is not None, f"no expert solution for {task_ref}"
    result = run_policy(task_ref, ExpertPolicy(solution))
    assert result.error is None
    assert result.reward == 1.0, f"{task_ref}: expert got reward {result.reward} in {result.steps} steps"


@pytest.mark.parametrize("task_ref", TASKS)
def test_answering_at_once_earns_0(task_ref, run_policy):
    result = run_policy(task_ref, ScriptedPolicy([], final_answer="Done."))
    assert result.error is None
    assert result.steps == 1
    assert result.reward == 0.0


@pytest.mark.parametrize("task_ref,index,solution", MISTAKES, ids=[f"{t}-{i}" for t, i, _ in MISTAKES])
def test_plausible_wrong_episode_earns_0(task_ref, index, solution, run_policy):
    policy = ExpertPolicy(solution)
    result = run_policy(task_ref, policy)
    assert result.error is None, f"the wrong episode did not play out: {result.error}"
    assert result.steps > 2
    assert result.reward == 0.0

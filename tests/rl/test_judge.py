"""The judge (rl/judge.py) on real episodes (real Chromium, the gomail replica, agisdk's evaluator): a labelled
policy run where the policy once fills the subject before the recipient (another route: the expert then needs one
step fewer) and, on another task, types a wrong recipient (a mistake: the expert must type it again). The judge's
branches replay each episode to the disagreement, let the expert finish, and say route and mistake; export with
`judged` keeps only the mistake's DPO pair. Also the pure parts: verdicts, branch points, bc_needed.

    .venv/bin/python -m pytest tests/rl/test_judge.py -q
"""

from __future__ import annotations

import json

import pytest

from halo_lib.agent.build import build_agent
from halo_lib.config import RunConfig
from halo_lib.env.tasks import resolve_task
from halo_lib.errors import HaloError
from halo_lib.generated.family import PageExpert, family_by_key
from halo_lib.generated.generate import GenerateConfig, generate_set, set_task_paths
from halo_lib.rl.config import JudgeConfig
from halo_lib.rl.judge import branch_points, judge_run, verdict
from halo_lib.rl.trajectories import Step, Trajectory
from halo_lib.runner.episode import run_episode
from halo_lib.sites import local_urls
from halo_lib.sites.expert import Fill, Target, View

FAMILY = "gomail.send_new_email"


class Deviating(PageExpert):
    """The family's expert, but at step `at` it fills `field` with `text` (a policy acting otherwise than the label)."""

    source = "policy"

    def __init__(self, family, params, at: int, field: str, text: str):
        super().__init__(family, params)
        self.at, self.field, self.text = at, field, text

    def act(self, obs):
        if len(self.history) != self.at:
            return super().act(obs)
        view = View(obs)
        action = Fill(Target("textbox" if self.field == "Subject" else "combobox", self.field), self.text).action(view)
        self.history.append(action)
        return action


@pytest.mark.browser
def test_the_judge_tells_another_route_from_a_mistake(sites_config, tmp_path, monkeypatch):
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    generate_set(GenerateConfig(name="g", families=[FAMILY], per_family=2, seed=3))
    spec = "gen:g:2"
    run = tmp_path / "dagger"
    config = RunConfig(mode="policy", max_steps=15, sites=sites_config, expert_labels=True)
    urls = local_urls(sites_config.host, sites_config.base_port)
    route_task, mistake_task = [resolve_task(path, sites="local", local_urls=urls) for path in set_task_paths(spec)]
    for task, field, text in ((route_task, "Subject", None), (mistake_task, "To", "Nobody Atall")):
        params = task.generated["params"]
        worker = Deviating(family_by_key(FAMILY), params, at=1, field=field, text=text or params["subject"])
        result = run_episode(task, build_agent("expert", task, config, worker=worker), config, run)
        assert result.success and result.error is None, result

    cfg = JudgeConfig(run=str(run), tasks=spec, out_dir=str(tmp_path / "judge"), sites_port=sites_config.base_port)
    summary = judge_run(cfg, log=lambda _: None)

    rows = {r["task_id"]: r for r in map(json.loads, (tmp_path / "judge" / "judgements.jsonl").read_text().splitlines())}
    assert summary["disagreements"] == 2 and summary["branches"] == 4
    route, mistake = rows[route_task.task_id], rows[mistake_task.task_id]
    assert route["step"] == 1 and route["action"].startswith("fill(") and route["expert_action"] != route["action"]
    assert route["verdict"] == "route" and route["rejected_cost"] == route["chosen_cost"], route
    assert mistake["verdict"] == "mistake" and mistake["rejected_cost"] == mistake["chosen_cost"] + 1, mistake
    assert route["same_page"] and mistake["same_page"]  # the replays reached the recorded pages
    branch = json.loads((tmp_path / "judge" / "branch01" / "summary.json").read_text())
    assert branch["n_success"] == 2 and branch["n_errors"] == 0  # graded by the checker: the expert finished from there

    from halo_lib.rl.config import ExportConfig
    from halo_lib.rl.export import export

    plain = export(ExportConfig(runs=str(run), out_dir=str(tmp_path / "plain"), val_fraction=0.0))
    judged = export(ExportConfig(runs=str(run), out_dir=str(tmp_path / "judged"), val_fraction=0.0, judged=str(tmp_path / "judge")))
    assert plain["files"]["dpo_train.jsonl"] == 2 and judged["files"]["dpo_train.jsonl"] == 1
    kept = json.loads((tmp_path / "judged" / "dpo_train.jsonl").read_text().splitlines()[0])
    assert kept["task_id"] == mistake_task.task_id and "Nobody Atall" in kept["rejected"][0]["content"]
    assert judged["dpo_judged_out"] == {"route": 1}


def test_a_branch_refuses_what_it_cannot_replay(tmp_path):
    from halo_lib.policy.branch import recorded_steps

    with pytest.raises(HaloError, match="no episode of v2.x"):
        recorded_steps(tmp_path, "v2.x")
    with pytest.raises(HaloError, match="set mode to expert"):
        from halo_lib.runner.eval import run_eval

        run_eval(RunConfig(mode="qwen_worker_zero", tasks="v2.gomail-1", branch_from=str(tmp_path)))
    with pytest.raises(HaloError, match="is not a run folder"):
        judge_run(JudgeConfig(run=str(tmp_path), tasks="gen:g:1"))
    with pytest.raises(HaloError, match="no steps labelled by the expert"):
        (tmp_path / "episodes").mkdir()
        judge_run(JudgeConfig(run=str(tmp_path), tasks="gen:g:1"))


def test_the_expert_takes_over_a_page_whose_replayed_action_was_not_carried_out():
    from halo_lib.policy.branch import BranchPolicy

    class Expert:
        source, history = "expert", []

        def act(self, obs):
            if obs.get("halo_not_carried_out"):  # sites/expert.py: it stops on its own action's failure
                raise RuntimeError("the expert's own action failed")
            return "click('7')"

    branch = BranchPolicy(["select_option('19', 'Fri')"], Expert(), recorded_fingerprint="")
    failed = {"axtree_object": {}, "url": "http://x/", "halo_not_carried_out": "select_option('19', 'Fri') was not carried out"}
    assert branch.act({"axtree_object": {}, "url": "http://x/"}) == "select_option('19', 'Fri')"
    assert branch.act(failed) == "click('7')"  # the policy's failure, replayed: the expert acts from that page
    assert branch.last_decision["branch"]["replayed_not_carried_out"].startswith("select_option")
    with pytest.raises(RuntimeError):
        branch.act(failed)  # its own action's failure still stops it


def _traj(actions_and_labels: list[tuple[str, str | None]]) -> Trajectory:
    page = [{"role": "user", "content": "[1] link 'a'\n[3] button 'b'"}]  # the page summary lists bids 1 and 3
    steps = [
        Step(
            task_id="t",
            rollout=0,
            step=i,
            goal="",
            prompt=page,
            action=a,
            source="policy",
            fingerprint="",
            element=None,
            held=True,
            error=None,
            expert_action=label,
        )
        for i, (a, label) in enumerate(actions_and_labels)
    ]
    return Trajectory(task_id="t", rollout=0, mode="policy", run_dir="", reward=0.0, success=False, steps=steps)


def test_branch_points_are_each_disagreement_and_the_state_after_it():
    traj = _traj([("click('1')", "click('1')"), ("click('2')", "click('3')"), ("fill('4', 'x')", "click('1')")])
    assert branch_points(traj, ended_on_last=True) == {1, 2}  # the last step ended the episode: its outcome judges it
    assert branch_points(traj, ended_on_last=False) == {1, 2, 3}  # cut at max_steps: the state after it exists
    unlisted = _traj([("click('2')", "click('5')"), ("click('2')", "click('3')")])  # bid 5 is not in the summary
    assert branch_points(unlisted, ended_on_last=True) == {1}  # no pair could be made at step 0: not judged


@pytest.mark.parametrize(
    "chosen, rejected, same, expected",
    [
        (5, 6, True, "mistake"),
        (5, None, True, "mistake"),
        (5, 5, True, "route"),
        (5, 3, True, "route"),
        (None, 4, True, "unknown"),
        (5, 6, False, "unknown"),
    ],
)
def test_verdicts(chosen, rejected, same, expected):
    assert verdict(chosen, rejected, same) == expected


def test_the_last_bc_is_trained_only_when_something_uses_it():
    from halo_lib.rl.generalize import GeneralizeConfig, bc_needed

    assert bc_needed(GeneralizeConfig(dagger_rounds=1, arms=["dpo"], preference_from="bc0"), 0)  # it plays round 1
    assert not bc_needed(GeneralizeConfig(dagger_rounds=1, arms=["dpo"], preference_from="bc0"), 1)
    assert bc_needed(GeneralizeConfig(dagger_rounds=1, arms=["dpo"]), 1)  # DPO starts from it
    assert bc_needed(GeneralizeConfig(dagger_rounds=1, arms=["dpo"], preference_from="bc0", seen_tasks=3), 1)
    assert bc_needed(GeneralizeConfig(dagger_rounds=1, arms=["bc", "dpo"], preference_from="bc0"), 1)

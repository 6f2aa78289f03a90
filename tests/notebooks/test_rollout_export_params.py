"""The rollout (03) and export (04) notebooks' library side, without a browser: modes with per-run overrides, the
RolloutConfig that 03 hands sample_rollouts (the same RunConfig as the eval runner's, so either resumes the other's
run folder), the progress-signal tables, and 04's trajectory table + RL datasets from one written run folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from halo_lib.errors import HaloError
from halo_lib.notebook.export import card_table, export_trajectories
from halo_lib.notebook.params import ExportParams, RolloutParams, mode_folder, split_modes
from halo_lib.notebook.runs import progress_table, signals_table
from halo_lib.paths import artifacts_root


def test_split_modes_keeps_overrides_with_their_mode():
    assert split_modes("expert, baseline_worker") == ["expert", "baseline_worker"]
    assert split_modes("expert,qwen_worker_bc:vac=false,macros:false,adapter=a/b, hierarchy_vac") == [
        "expert", "qwen_worker_bc:vac=false,macros:false,adapter=a/b", "hierarchy_vac"]
    assert mode_folder("qwen_worker_bc:vac=false,adapter=a/b") == "qwen_worker_bc_vac-false_adapter-a_b"


def test_rollout_config_gives_sample_rollouts_the_eval_runners_config(tmp_path, monkeypatch):
    from halo_lib.rl.rollout import run_config

    monkeypatch.setenv("HALO_CACHE_DIR", str(tmp_path / "cache"))
    for caches in ("shared", "per_mode"):
        cfg = RolloutParams(modes="expert,qwen_worker_zero:vac:false,macros:false", out_dir=str(tmp_path / "run"), caches=caches,
                            sites_port=8700, obs_budget_tokens=300, history_steps=4, reference="artifacts/x")
        for mode in cfg.mode_list():
            rollout = cfg.rollout_config(mode)
            assert rollout.out_dir == str(tmp_path / "run" / mode_folder(mode)) and rollout.k == 2 and rollout.temperature == 0.8
            # a relative artifacts/ path lives under the artifacts root ($HALO_ARTIFACTS here), wherever the kernel runs
            assert rollout.reference == str(artifacts_root() / "x") and Path(rollout.reference).is_absolute()
            assert run_config(rollout, Path(rollout.out_dir)) == cfg.run_config(mode)
        assert cfg.run_config("expert").agent.cache_dir == str(tmp_path / "cache" if caches == "shared" else tmp_path / "run" / "expert" / "cache")
    with pytest.raises(HaloError, match="trajectories to False"):
        RolloutParams(sites="real")
    assert RolloutParams(sites="real", trajectories=False).sites == "real"


def _prompt(bids: str) -> list[dict]:
    return [{"role": "system", "content": "You act on pages."}, {"role": "user", "content": f"Goal: buy\n{bids}"}]


def _write_run(folder: Path, mode: str, actions: list[str], success: bool) -> Path:
    """A run folder as runner/eval.py writes it: summary.json and one episode with start, step and end records."""
    (folder / "episodes").mkdir(parents=True)
    records = [{"type": "start", "task_id": "v2.omnizon-13", "rollout": 0, "goal": "buy", "mode": mode}]
    for i, action in enumerate(actions):
        records.append({"type": "step", "step": i, "url": f"http://x/{i}", "action": action, "source": mode, "error": None,
                        "decision": {"fingerprint": f"fp{i}", "prompt": _prompt("[1] button 'A'\n[2] button 'B'"),
                                     "element": {"role": "button", "name": action}},
                        "verify": {"postcondition": {"held": True}, "loop": False}})
    records.append({"type": "end", "task_id": "v2.omnizon-13", "rollout": 0, "reward": float(success), "success": success,
                    "steps": len(actions), "error": None})
    (folder / "episodes" / "v2.omnizon-13__0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    row = {"task_id": "v2.omnizon-13", "rollout": 0, "reward": float(success), "success": success, "steps": len(actions), "error": None}
    (folder / "summary.json").write_text(json.dumps({"mode": mode, "n_episodes": 1, "episodes": [row]}))
    return folder


def test_export_writes_the_trajectory_table_and_the_rl_datasets(tmp_path):
    from halo_lib.rl.export import export

    runs = [_write_run(tmp_path / "expert", "expert", ["click('1')", "click('2')"], True),
            _write_run(tmp_path / "policy", "baseline_worker", ["click('1')", "click('1')"], False)]
    cfg = ExportParams(out_dir=str(tmp_path / "ds"), val_fraction=0.0, strategies="expert_vs_policy")
    written = export_trajectories(runs, cfg.out_dir)
    assert written["episodes"] == 2 and list(written["table"]["mode"]) == ["expert", "baseline_worker"]
    line = json.loads(written["jsonl"].read_text().splitlines()[0])
    assert [s["url"] for s in line["trajectory"]] == ["http://x/0", "http://x/1"] and line["trajectory"][0]["postcondition"] is True
    card = export(cfg.export_config(runs))
    assert card["runs"] == f"{runs[0]},{runs[1]}" and card["trajectories"]["total"] == 2
    assert card["files"]["bc_train.jsonl"] == 2 and card["files"]["dpo_train.jsonl"] == 1  # the expert's click('2') vs the policy's click('1')
    counts = card_table(card)
    assert counts.set_index(["kind", "split"]).loc[("dpo", "train"), "per_strategy"] == {"expert_vs_policy": 1}
    assert sorted(p.name for p in Path(cfg.out_dir).glob("*.jsonl")) == sorted(
        ["trajectories.jsonl", "bc.jsonl", "dpo.jsonl", *(f"{k}_{s}.jsonl" for k in ("bc", "dpo", "grpo") for s in ("train", "val"))])


def test_progress_tables_read_the_trajectories_files(tmp_path):
    from halo_lib.rl.rollout import progress_stats
    from halo_lib.rl.trajectories import load_trajectories, verified_actions, write_trajectories

    run = _write_run(tmp_path / "ro", "expert", ["click('1')", "click('2')"], True)
    trajectories = load_trajectories(run, reference=verified_actions(load_trajectories(run)))  # its own verified actions
    path = write_trajectories(trajectories, run / "trajectories.jsonl")
    summaries = {  # the progress signals as sample_rollouts computes them from the trajectories
        "expert": {"mode": "expert", "n_episodes": 1, "n_success": 1, "trajectories": str(path), "progress": progress_stats(trajectories)},
        "baseline_worker": {"mode": "baseline_worker", "n_episodes": 1, "n_success": 0},  # sampled without trajectories
    }
    steps = progress_table(summaries)
    assert list(steps["progress"]) == [1, 2] and set(steps["episode"]) == {"v2.omnizon-13#0"} and steps["agrees"].all()
    signals = signals_table(summaries)
    assert list(signals["mode"]) == ["expert"] and signals.loc[0, "held_rate"] == 1.0  # both written steps held
    assert signals.loc[0, "steps"] == len(steps) == 2 and signals.loc[0, "mean_final_progress"] == steps["progress"].iloc[-1]
    assert signals.loc[0, "agreement_rate"] == steps["agrees"].mean() == 1.0

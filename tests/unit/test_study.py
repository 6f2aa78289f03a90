"""Studies without a browser: every params/studies file parses, bad input is one sentence, arms resolve into the run
configs and cache folders their policy says, bench agent's passes are study arms, and reports read the study's labels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from halo_lib.bench.agent import BenchAgentConfig, pass_arms
from halo_lib.config import PROJECT_ROOT, RunConfig
from halo_lib.errors import HaloError
from halo_lib.runner.study import (
    STUDIES,
    StudyConfig,
    arm_label,
    copy_cache,
    list_studies,
    load_study,
    play_arm,
    resolve_arms,
    study_names,
    write_index,
)


def _study(tmp_path: Path, text: str, name: str = "mine") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path


def test_every_study_file_parses_into_a_study_config():
    names = study_names()
    assert {"ablation", "smoke", "hierarchy_ablation", "open_worker_training", "rl_b1500", "rl_cpu", "bench_agent"} <= set(names)
    for name in names:
        study = load_study(name)
        assert isinstance(study.config, StudyConfig) and study.arms, name
        resolve_arms(study, Path("/tmp/never-written"))  # every arm's RunConfig builds
    assert not [row for row in list_studies() if "error" in row]
    assert len(list(STUDIES.glob("*.yaml"))) == len(names)


def test_rl_b1500_has_the_eleven_policies_with_the_report_labels():
    study = load_study("rl_b1500")
    assert list(study.arms)[:4] == ["zero", "bc_gpu", "bc_cpu", "bc_focus"] and len(study.arms) == 11
    assert study.arms["bc_focus"].label == "BC + one focus round (CPU)"
    assert study.arms["bc_focus"].mode.endswith("adapter=artifacts/checkpoints/bc_b1500_focus")
    arms = resolve_arms(study, Path("/x"), select=["dpo_dagger", "zero"])
    assert [a.name for a in arms] == ["zero", "dpo_dagger"]  # the study's order, not the command line's
    zero = arms[0]
    assert zero.trajectories and zero.reference == "artifacts/rl/rollouts/expert_b1500"
    assert (zero.config.max_steps, zero.config.rollouts_per_task, zero.config.seed, zero.config.agent.temperature) == (15, 1, 0, 0.0)
    assert zero.config.out_dir == "/x/zero" and zero.config.agent.cache_dir == "/x/zero/cache" and zero.label == "zero-shot"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "descripton: x\narms: {a: expert}\n",
            "Unknown StudyConfig key 'descripton' in mine.yaml (did you mean 'description'?): fix or remove it.",
        ),
        (
            "arms: {a: expert}\nrun: {max_step: 3}\n",
            "Unknown RunConfig key 'max_step' in mine.yaml:run (did you mean 'max_steps'?): fix or remove it.",
        ),
        (
            "arms: {a: expert}\nrun: {agent: {temprature: 0.5}}\n",
            "Unknown AgentConfig key 'temprature' in mine.yaml:run (did you mean 'temperature'?): fix or remove it.",
        ),
        (
            "arms: {a: {mode: expert, cach_from: b}}\n",
            "Unknown ArmConfig key 'cach_from' in mine.yaml:arms:a (did you mean 'cache_from'?): fix or remove it.",
        ),
        (
            "arms: {a: expert}\ncache: per_mode\n",
            "`cache` in mine.yaml must be one of per_arm, shared, fresh, got 'per_mode': fix its value.",
        ),
        ("arms: {a: expret}\n", "Unknown mode 'expret' (did you mean 'expert'?)"),
        (
            "arms: {a: expert}\nrun: {mode: expert}\n",
            "`run: mode` in mine.yaml:run is set by the study: use each arm's mode spec in `arms` instead.",
        ),
        (
            "arms: {a: {mode: expert, cache_from: b}, b: expert}\n",
            "Arm 'a' in mine.yaml starts from the cache of 'b', which is not an earlier arm: list it above.",
        ),
        (
            "cache: shared\narms: {a: expert, b: {mode: expert, cache_from: a}}\n",
            "Arm 'b' in mine.yaml sets cache_from, which needs `cache: per_arm`: change one of them.",
        ),
        ("description: nothing\n", "Study mine.yaml has no arms: add `arms:` with at least one `label: mode` line."),
        (
            "arms: {a: expert}\nreport: {notebook: 08_rl_pipeline}\n",
            "`report: notebook` in mine.yaml must be one of 09_compare, rl_result, got '08_rl_pipeline': fix its value.",
        ),
    ],
)
def test_a_bad_study_file_is_one_sentence(tmp_path, text, message):
    with pytest.raises(HaloError) as info:
        load_study(str(_study(tmp_path, text)))
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_unknown_study_or_arm_or_override_is_one_sentence(tmp_path):
    with pytest.raises(HaloError, match=r"^Unknown study 'smok' \(did you mean 'smoke'\?\): pick one of ablation"):
        load_study("smok")
    with pytest.raises(
        HaloError, match=r"^Study 'smoke' has no arm 'expret' \(did you mean 'expert'\?\): pick any of expert, baseline_worker\.$"
    ):
        resolve_arms(load_study("smoke"), tmp_path, select=["expret"])
    with pytest.raises(HaloError, match=r"^Study override 'run.max_steps' must be key=value"):
        load_study("smoke", ["run.max_steps"])
    with pytest.raises(HaloError, match=r"^Unknown RunConfig key 'max_step'"):
        load_study("smoke", ["run.max_step=3"])


def test_arms_merge_base_then_study_run_then_arm_run_then_overrides(tmp_path):
    path = _study(
        tmp_path,
        """
tasks: omnizon
run: {max_steps: 9, seed: 4, agent: {temperature: 0.3, obs: {budget_tokens: 300}}}
arms:
  a: expert
  b: {mode: "qwen_worker_zero:vac=false", tasks: v2.gomail-1, label: "zero, no cache", run: {max_steps: 5, agent: {history_steps: 2}}}
""",
    )
    study = load_study(str(path), ["run.workers=2"])
    base = RunConfig(episode_timeout_s=30.0, max_steps=70)
    a, b = resolve_arms(study, tmp_path / "out", base, overrides={"sites": {"base_port": 9211}})
    assert (a.config.mode, a.config.tasks, a.config.max_steps, a.config.seed, a.config.workers) == ("expert", "omnizon", 9, 4, 2)
    assert a.config.episode_timeout_s == 30.0 and a.config.sites.base_port == 9211 and a.label == "a"
    assert (b.config.tasks, b.config.max_steps, b.config.agent.history_steps, b.config.agent.temperature) == ("v2.gomail-1", 5, 2, 0.3)
    assert b.config.agent.obs.budget_tokens == 300 and b.label == "zero, no cache" and not b.trajectories


def test_cache_policies_give_the_folders_they_promise(tmp_path):
    arms = "arms: {a: expert, b: hierarchy_vac}\n"
    per_arm = resolve_arms(load_study(str(_study(tmp_path, arms, "p"))), tmp_path / "o")
    assert [a.config.agent.cache_dir for a in per_arm] == [str(tmp_path / "o" / "a" / "cache"), str(tmp_path / "o" / "b" / "cache")]
    shared = resolve_arms(
        load_study(str(_study(tmp_path, "cache: shared\nrun: {agent: {cache_dir: artifacts/mycache}}\n" + arms, "s"))), tmp_path / "o"
    )
    assert len({a.config.agent.cache_dir for a in shared}) == 1 and shared[0].config.agent.cache_dir.endswith("mycache")
    fresh = resolve_arms(load_study(str(_study(tmp_path, "cache: fresh\n" + arms, "f"))), tmp_path / "o")
    assert [a.config.agent.cache_dir for a in fresh] == [str(tmp_path / "o" / a / "fresh_cache") for a in ("a", "b")]
    assert all(a.fresh_cache for a in fresh)
    seeded = load_study(str(_study(tmp_path, "arms: {a: expert, b: {mode: hierarchy_vac, cache_from: a}}\n", "c")))
    b = resolve_arms(seeded, tmp_path / "o")[1]
    assert b.cache_from == str(tmp_path / "o" / "a" / "cache")
    with pytest.raises(HaloError, match=r"^Arm 'b' starts from the cache of arm 'a', which has not run: run it first"):
        resolve_arms(seeded, tmp_path / "o", select=["b"])
    (tmp_path / "o" / "a" / "cache").mkdir(parents=True)
    assert resolve_arms(seeded, tmp_path / "o", select=["b"])[0].name == "b"


def test_a_cache_copy_is_taken_once(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "vac.sqlite").write_text("first")
    copy_cache(tmp_path / "src", tmp_path / "dst")
    (tmp_path / "src" / "vac.sqlite").write_text("later")
    copy_cache(tmp_path / "src", tmp_path / "dst")
    assert (tmp_path / "dst" / "vac.sqlite").read_text() == "first"


def test_a_fresh_cache_is_emptied_before_and_gone_after_even_when_the_arm_cannot_run(tmp_path):
    study = load_study(str(_study(tmp_path, "cache: fresh\narms: {a: 'qwen_worker_bc:adapter=artifacts/checkpoints/none'}\n")))
    arm = resolve_arms(study, tmp_path / "o")[0]
    Path(arm.config.agent.cache_dir).mkdir(parents=True)
    (Path(arm.config.agent.cache_dir) / "vac.sqlite").write_text("left over")
    with pytest.raises(HaloError, match="LoRA adapter folder"):
        play_arm(arm)
    assert not Path(arm.config.agent.cache_dir).exists()


def test_bench_agent_passes_are_study_arms_in_the_old_folders(tmp_path):
    bench = BenchAgentConfig(modes=["baseline_worker", "hierarchy_vac"], tasks="v2.omnizon-13", passes=["cold", "second"])
    arms = pass_arms(bench, RunConfig(tasks="v2.omnizon-13", max_steps=25), tmp_path)
    runs = tmp_path / "runs"
    assert [(a.label, a.config.mode, a.config.out_dir) for a in arms] == [
        ("cold", "baseline_worker", str(runs / "cold" / "baseline_worker")),
        ("cold", "hierarchy_vac", str(runs / "cold" / "hierarchy_vac")),
        ("seed", "expert", str(runs / "expert_seed")),
        ("seeded", "hierarchy_vac", str(runs / "seeded" / "hierarchy_vac")),
        ("second", "hierarchy_vac", str(runs / "second" / "hierarchy_vac")),
    ]
    assert arms[2].config.max_steps == 70 and arms[0].config.max_steps == 25
    assert arms[3].cache_from == str(runs / "expert_seed" / "cache")
    assert arms[4].cache_from == str(runs / "seeded" / "hierarchy_vac" / "cache")
    assert all(a.config.agent.cache_dir == str(Path(a.config.out_dir) / "cache") for a in arms)


def test_the_index_lists_every_arm_and_reports_use_its_labels(tmp_path):
    from halo_lib.notebook.report import load_runs

    study = load_study("rl_cpu")
    out = tmp_path / "rl_cpu"
    (out / "bc").mkdir(parents=True)
    (out / "bc" / "summary.json").write_text(
        json.dumps(
            {
                "mode": "qwen_worker_bc:vac=false,macros=false",
                "tasks": "omnizon",
                "n_episodes": 2,
                "n_success": 1,
                "success_rate": 0.5,
                "episodes": [],
            }
        )
    )
    index = write_index(study, out, {"dpo": "LoRA adapter folder ... does not exist"})
    assert list(index["arms"]) == ["zero", "bc", "dpo", "grpo"]
    assert index["arms"]["bc"]["summary"]["n_success"] == 1 and index["arms"]["zero"]["summary"] is None
    assert index["arms"]["dpo"]["error"].startswith("LoRA") and json.loads((out / "study.json").read_text()) == index
    assert arm_label(out / "bc") == "BC" and arm_label(tmp_path) is None
    assert load_runs([out / "bc"])[0]["label"] == "BC"


def test_the_cli_refuses_a_bad_study_with_one_line(tmp_path):
    bad = _study(tmp_path, "arms: {a: expert}\nrun: {max_step: 3}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "halo_lib.cli", "study", "run", str(bad)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("halo: Unknown RunConfig key 'max_step'") and not (tmp_path / "mine").exists()
    listing = subprocess.run(
        [sys.executable, "-m", "halo_lib.cli", "study", "list"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert (
        listing.returncode == 0
        and "rl_b1500: " in listing.stdout
        and "  bc_focus (BC + one focus round (CPU)): qwen_worker_bc:" in listing.stdout
    )


def test_the_experiment_alias_records_an_arm_that_cannot_run_and_writes_experiment_json(tmp_path):
    from halo_lib.runner.study import run_experiment

    path = _study(tmp_path, "tasks: v2.omnizon-13\nrun: {max_steps: 4}\narms:\n  a: 'qwen_worker_bc:adapter=artifacts/checkpoints/none'\n")
    out = tmp_path / "exp"
    summaries = run_experiment(str(path), RunConfig(out_dir=str(out)))
    assert list(summaries) == ["a"] and summaries["a"]["error"].startswith("LoRA adapter folder")
    experiment = json.loads((out / "experiment.json").read_text())
    assert experiment["modes"] == ["qwen_worker_bc:adapter=artifacts/checkpoints/none"] and experiment["max_steps"] == 4
    index = json.loads((out / "study.json").read_text())
    assert index["arms"]["a"]["summary"] is None and index["arms"]["a"]["error"] == summaries["a"]["error"]
    assert not (out / "a" / "summary.json").exists()

"""The generalization driver's pieces without training: the worker-alone mode, the REAL test set (impossible tasks
dropped, generated tasks refused), the clean-split guard on exported data, and the per-site table.

    .venv/bin/python -m pytest tests/unit/test_generalize_config.py -q
"""

from __future__ import annotations

import json

import pytest

from halo_lib.config import load_mode
from halo_lib.env.tasks import site_of
from halo_lib.errors import HaloError
from halo_lib.rl.generalize import GeneralizeConfig, check_training_data, per_site, real_test_spec, result_markdown, worker_mode


def test_the_worker_alone_has_no_cache_macros_or_manager():
    for adapter in ("", "artifacts/checkpoints/qwen_bc"):
        mode = load_mode(worker_mode(adapter))
        assert (mode.worker, mode.manager, mode.vac, mode.macros, mode.adapter) == ("open", "none", False, False, adapter)


def test_the_test_set_is_real_solvable_tasks_only():
    spec = real_test_spec(GeneralizeConfig(test_tasks="gocalendar,networkin"))
    assert "v2.gocalendar-11" not in spec.split(",") and "v2.networkin-19" not in spec.split(",")
    assert "v2.gocalendar-4" in spec.split(",") and len(spec.split(",")) > 10
    with pytest.raises(HaloError, match="generated tasks are for training only"):
        real_test_spec(GeneralizeConfig(test_tasks="/tmp/x/tasks/gen.gomail.send_new_email.0001.json"))


def test_a_real_task_in_the_training_data_is_refused():
    check_training_data({"train_tasks": ["v2.gen.gomail.send_new_email.0001"], "val_tasks": []})
    with pytest.raises(HaloError, match="REAL task v2.gomail-3 is in the training data"):
        check_training_data({"train_tasks": ["v2.gen.gomail.send_new_email.0001"], "val_tasks": ["v2.gomail-3"]})


def test_generated_task_ids_name_their_site():
    assert site_of("v2.gen.gomail.send_new_email.0003") == "gomail" and site_of("v2.omnizon-13") == "omnizon"


def test_per_site_success_with_standard_errors():
    summary = {
        "episodes": [
            {"task_id": "v2.gomail-1", "success": True},
            {"task_id": "v2.gomail-2", "success": False},
            {"task_id": "v2.omnizon-13", "success": True},
        ]
    }
    table = per_site(summary)
    assert table["gomail"] == {"n": 2, "success": 0.5, "stderr": 0.3536}
    assert table["all"]["n"] == 3 and table["omnizon"]["stderr"] == 0.0
    text = result_markdown({"train_tasks": 300, "arms": {"zero": table, "bc": table}})
    assert "| gomail | 50% ± 35 (n=2) | 50% ± 35 (n=2) |" in text


def test_seen_tasks_are_spread_over_the_sites(tmp_path, monkeypatch):
    from halo_lib.generated.generate import GenerateConfig, generate_set
    from halo_lib.rl.generalize import seen_spec

    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    families = ["gomail.send_new_email", "gomail.reply_to_email", "gomail.forward_email", "omnizon.order_product"]
    generate_set(GenerateConfig(name="four", families=families, per_family=4))
    picked = seen_spec(GeneralizeConfig(train_set="four", seen_tasks=4)).split(",")
    sites = [site_of("v2." + path.rsplit("/", 1)[1].removesuffix(".json")) for path in picked]
    assert len(picked) == 4 and sorted(sites) == ["gomail", "gomail", "omnizon", "omnizon"]  # the manifest's first 4: 3 gomail
    assert len(seen_spec(GeneralizeConfig(train_set="four", seen_tasks=50)).split(",")) == 16  # never more than the set


def make_base_run(root, **fields):
    """A finished run's folder as `halo generalize` leaves it (its stages as empty folders and files)."""
    import dataclasses
    import json

    root.mkdir(parents=True)
    (root / "config.json").write_text(json.dumps(dataclasses.asdict(GeneralizeConfig(name=root.name, **fields))))
    for folder in ("expert", "data0", "checkpoints/bc0", "real_expert", "eval_zero", "eval_bc"):
        (root / folder).mkdir(parents=True)
        finish_stage(root / folder)
    (root / "real_steps.jsonl").write_text("{}\n")
    (root / "timings.json").write_text(json.dumps({"expert": 2190.0, "bc0": 5.0, "eval_bc": 900.0, "eval_zero": 800.0}))


def finish_stage(folder):
    """What a finished stage leaves: all its episodes (rollouts), its card (data), or its adapter and metrics."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    if folder.name.startswith("data"):
        (folder / "card.json").write_text("{}")
    elif folder.parent.name == "checkpoints":
        (folder / "adapter_config.json").write_text("{}")
        (folder / "metrics.json").write_text("{}")
    else:
        (folder / "summary.json").write_text(json.dumps({"n_planned": 1, "episodes": [{"task_id": "v2.gomail-1"}]}))


def test_reuse_from_links_the_other_runs_finished_stages(tmp_path):
    import json

    from halo_lib.rl.generalize import StageClock, reuse_stages

    make_base_run(tmp_path / "base", train_tasks=400, test_tasks="v2.gomail-1")
    same = GeneralizeConfig(
        name="d1", out_root=str(tmp_path), train_tasks=400, test_tasks="v2.gomail-1", dagger_rounds=1, reuse_from="base"
    )
    root = tmp_path / "d1"
    root.mkdir()
    reuse_stages(same, root, StageClock(root / "timings.json"), log=lambda line: None)
    for rel in ("expert", "data0", "checkpoints/bc0", "real_expert", "real_steps.jsonl", "eval_zero"):
        assert (root / rel).is_symlink() and (root / rel).resolve() == (tmp_path / "base" / rel).resolve()
    assert not (root / "eval_bc").exists()  # the BC arm is this run's own (after its DAgger rounds)
    assert json.loads((root / "timings.json").read_text()) == {"expert": 2190.0, "bc0": 5.0, "eval_zero": 800.0}

    other_test = GeneralizeConfig(name="all", out_root=str(tmp_path), train_tasks=400, test_tasks="local", reuse_from="base")
    (tmp_path / "all").mkdir()
    reuse_stages(other_test, tmp_path / "all", StageClock(tmp_path / "all" / "timings.json"), log=lambda line: None)
    assert (tmp_path / "all" / "checkpoints" / "bc0").is_symlink() and not (tmp_path / "all" / "eval_zero").exists()

    longer = GeneralizeConfig(
        name="e1", out_root=str(tmp_path), train_tasks=400, test_tasks="v2.gomail-1", bc_epochs=1.0, reuse_from="base"
    )
    (tmp_path / "e1").mkdir()
    said = []
    reuse_stages(longer, tmp_path / "e1", StageClock(tmp_path / "e1" / "timings.json"), log=said.append)
    assert (tmp_path / "e1" / "data0").is_symlink() and not (tmp_path / "e1" / "checkpoints" / "bc0").exists()  # BC differs
    assert said[0] == "[reuse] bc0 is trained here: bc_epochs is 2.0 there (give bc0_from to take it anyway)"


def test_reuse_from_refuses_another_training_setup_in_one_sentence(tmp_path):
    from halo_lib.rl.generalize import StageClock, reuse_stages

    make_base_run(tmp_path / "base", train_tasks=400)
    clock = StageClock(tmp_path / "x" / "timings.json")
    with pytest.raises(HaloError, match=r"ran with train_tasks=400 and this run has 100: set train_tasks the same"):
        reuse_stages(GeneralizeConfig(name="x", out_root=str(tmp_path), train_tasks=100, reuse_from="base"), tmp_path / "x", clock)
    with pytest.raises(HaloError, match="there is no run at"):
        reuse_stages(GeneralizeConfig(name="x", out_root=str(tmp_path), reuse_from="nosuch"), tmp_path / "x", clock)
    with pytest.raises(HaloError, match="names this run itself"):
        reuse_stages(GeneralizeConfig(name="base", out_root=str(tmp_path), reuse_from="base"), tmp_path / "base", clock)
    assert not (tmp_path / "x").exists()


def test_training_elsewhere_writes_each_missing_trainings_config(tmp_path, monkeypatch):
    import yaml

    from halo_lib.rl.generalize import write_elsewhere_jobs

    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    cfg = GeneralizeConfig(name="g", learning_rate=1e-3, preference_learning_rate=5e-5, batch_size=16, max_wall_s=150, bc_epochs=1.0)
    run = tmp_path / "artifacts" / "generalize" / "g"
    (run / "data1").mkdir(parents=True)
    (run / "data1" / "bc_val.jsonl").write_text("{}\n")
    done = run / "checkpoints" / "grpo"
    done.mkdir(parents=True)
    (done / "adapter_config.json").write_text("{}")
    (done / "metrics.json").write_text("{}")
    jobs = [("bc", "bc1", run / "data1", str(run / "checkpoints" / "bc0")), ("dpo", "dpo", run / "data1", str(run / "checkpoints" / "bc1"))]
    args = write_elsewhere_jobs(cfg, jobs + [("grpo", "grpo", run / "data1", str(run / "checkpoints" / "bc1"))])
    assert args == ["bc=artifacts/generalize/g/elsewhere/bc1.yaml", "dpo=artifacts/generalize/g/elsewhere/dpo.yaml"]  # grpo is trained
    bc1 = yaml.safe_load((run / "elsewhere" / "bc1.yaml").read_text())
    dpo = yaml.safe_load((run / "elsewhere" / "dpo.yaml").read_text())
    assert bc1["data"] == "artifacts/generalize/g/data1/bc_train.jsonl" and bc1["eval_data"] == "artifacts/generalize/g/data1/bc_val.jsonl"
    assert (bc1["init_adapter"], bc1["out_root"]) == ("artifacts/generalize/g/checkpoints/bc0", "artifacts/generalize/g/checkpoints")
    assert (bc1["learning_rate"], bc1["batch_size"], bc1["max_wall_s"], bc1["epochs"]) == (1e-3, 16, 150, 1.0)
    assert (dpo["learning_rate"], dpo["init_adapter"]) == (5e-5, "artifacts/generalize/g/checkpoints/bc1")


def test_an_elsewhere_config_names_a_reused_adapter_by_its_real_folder(tmp_path, monkeypatch):
    import yaml

    from halo_lib.rl.generalize import write_elsewhere_jobs

    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    runs = tmp_path / "artifacts" / "generalize"
    (runs / "base" / "checkpoints" / "bc0").mkdir(parents=True)
    (runs / "d1" / "checkpoints").mkdir(parents=True)
    (runs / "d1" / "checkpoints" / "bc0").symlink_to(runs / "base" / "checkpoints" / "bc0", target_is_directory=True)
    write_elsewhere_jobs(GeneralizeConfig(name="d1"), [("bc", "bc1", runs / "d1" / "data1", str(runs / "d1" / "checkpoints" / "bc0"))])
    bc1 = yaml.safe_load((runs / "d1" / "elsewhere" / "bc1.yaml").read_text())
    assert bc1["init_adapter"] == "artifacts/generalize/base/checkpoints/bc0"  # a link does not travel to a device


def test_a_set_made_with_other_settings_is_refused_in_one_sentence(tmp_path, monkeypatch):
    from halo_lib.generated.generate import GenerateConfig, generate_set
    from halo_lib.rl.generalize import run_generalize

    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    out = generate_set(GenerateConfig(name="cpu", families=["gomail.send_new_email"], per_family=1))
    assert json.loads((out / "generation.json").read_text())["per_family"] == 1
    with pytest.raises(HaloError, match=r"^Task set 'cpu' was generated with 1 per family and seed 0, not 2 and 0: .*regenerate it\.$"):
        run_generalize(GeneralizeConfig(name="g", train_set="cpu", generate_per_family=2, out_root=str(tmp_path / "runs")))
    assert not (tmp_path / "runs").exists()  # refused before anything ran


def test_bc0_from_copies_the_adapter_and_says_whether_it_was_trained_on_this_data(tmp_path):
    from halo_lib.rl.common import file_hash
    from halo_lib.rl.generalize import adopt_bc0

    data = tmp_path / "bc_train.jsonl"
    data.write_text('{"prompt": [], "completion": []}\n')
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "adapter_config.json").write_text("{}")
    (shipped / "adapter_model.safetensors").write_bytes(b"weights")
    card = {"data_hash": file_hash(data), "training_config": {"epochs": 1}, "result": {"training": {"bc": {"device": "cuda: X"}}}}
    (shipped / "card.json").write_text(json.dumps(card))
    adopt_bc0(str(shipped), tmp_path / "run" / "bc0", data, log=lambda line: None)
    facts = json.loads((tmp_path / "run" / "bc0" / "metrics.json").read_text())
    assert facts["same_data"] is True and facts["device"] == "cuda: X" and facts["adopted_from"] == str(shipped)
    assert (tmp_path / "run" / "bc0" / "adapter_model.safetensors").read_bytes() == b"weights"
    assert json.loads((tmp_path / "run" / "bc0" / "config.json").read_text())["data_hash"] == file_hash(data)  # publish reads it
    data.write_text('{"prompt": [], "completion": [1]}\n')
    adopt_bc0(str(shipped), tmp_path / "run" / "other", data, log=lambda line: None)
    assert json.loads((tmp_path / "run" / "other" / "metrics.json").read_text())["same_data"] is False
    with pytest.raises(HaloError, match=r"^bc0_from 'nowhere' is not a LoRA adapter folder .*train bc0\.$"):
        adopt_bc0("nowhere", tmp_path / "run" / "x", data)


def test_a_zero_shot_only_run_refuses_seen_tasks_in_one_sentence(tmp_path):
    from halo_lib.rl.generalize import run_generalize

    cfg = GeneralizeConfig(name="z", arms=["zero"], seen_tasks=3, test_tasks="v2.omnizon-13", out_root=str(tmp_path))
    with pytest.raises(
        HaloError, match=r"^seen_tasks grades the BC worker on its training tasks: add bc to arms, or set seen_tasks to 0\.$"
    ):
        run_generalize(cfg, log=lambda line: None)
    assert not (tmp_path / "z").exists()


def test_dpo_and_grpo_start_from_the_last_bc_adapter_or_the_one_named(tmp_path):
    from halo_lib.rl.generalize import preference_base, run_generalize

    assert preference_base(GeneralizeConfig(dagger_rounds=2)) == "bc2"
    assert preference_base(GeneralizeConfig(dagger_rounds=2, preference_from="bc1")) == "bc1"
    bad = GeneralizeConfig(name="g", out_root=str(tmp_path), dagger_rounds=1, preference_from="bc2")
    with pytest.raises(HaloError, match="preference_from 'bc2' is not a BC checkpoint of this run: give one of bc0 .. bc1"):
        run_generalize(bad, log=lambda line: None)
    assert not (tmp_path / "g").exists()  # refused before anything is made


def test_the_report_heading_says_what_the_run_trained():
    row = per_site({"episodes": [{"task_id": "v2.gomail-1", "success": False}]})
    runs = {
        "the base model zero-shot (nothing trained)": ({"arms": ["zero"]}, ["zero"]),
        "the adapter adapters/qwen_bc as it is (nothing trained in this run)": ({"bc0_from": "adapters/qwen_bc", "arms": ["bc"]}, ["bc"]),
        "bc0 taken from adapters/qwen_bc, 50 generated tasks exported, then 1 DAgger round on 20 of them": (
            {"bc0_from": "adapters/qwen_bc", "dagger_rounds": 1, "dagger_tasks": 20, "arms": ["bc", "dpo"]},
            ["bc"],
        ),
        "trained on 50 generated tasks, then 2 DAgger rounds on 20 of them": ({"dagger_rounds": 2, "dagger_tasks": 20}, ["zero", "bc"]),
    }
    for heading, (config, arms) in runs.items():
        exported = 0 if "nothing trained" in heading else 340
        result = {"config": config, "train_tasks": 50, "arms": {arm: row for arm in arms}, "data": {"bc_rows": exported, "bc_val_rows": 0}}
        text = result_markdown(result)
        assert text.startswith(f"# Generalization: {heading}, graded on REAL v2 replica tasks\n"), text.splitlines()[0]
        assert ("Training data: 340 BC rows" in text) == bool(exported)


def test_reuse_from_links_the_first_dagger_round_when_bc0_is_the_same_adapter(tmp_path):
    from halo_lib.rl.generalize import StageClock, reuse_stages

    make_base_run(tmp_path / "base", train_tasks=50, dagger_rounds=1, dagger_tasks=50)
    (tmp_path / "base" / "checkpoints" / "bc0" / "adapter_model.safetensors").write_bytes(b"bc0 weights")
    for folder in ("dagger1", "data1"):
        finish_stage(tmp_path / "base" / folder)
    for name, weights in (("shipped", b"bc0 weights"), ("other", b"other weights")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "adapter_model.safetensors").write_bytes(weights)

    def linked(name: str, **fields) -> list[str]:
        cfg = GeneralizeConfig(name=name, out_root=str(tmp_path), train_tasks=50, reuse_from="base", **{"dagger_tasks": 50, **fields})
        (tmp_path / name).mkdir()
        reuse_stages(cfg, tmp_path / name, StageClock(tmp_path / name / "timings.json"), log=lambda line: None)
        return [rel for rel in ("checkpoints/bc0", "dagger1", "data1") if (tmp_path / name / rel).is_symlink()]

    assert linked("same", dagger_rounds=1) == ["checkpoints/bc0", "dagger1", "data1"]
    # another learning rate for bc1 on the same labels: bc0 is taken from the same weights, so the round is linked
    assert linked("lr", dagger_rounds=1, learning_rate=1e-4, bc0_from=str(tmp_path / "shipped")) == ["dagger1", "data1"]
    assert linked("other_bc0", dagger_rounds=1, learning_rate=1e-4, bc0_from=str(tmp_path / "other")) == []
    assert linked("other_round", dagger_rounds=1, dagger_tasks=20) == ["checkpoints/bc0"]
    assert linked("no_round", dagger_rounds=0) == ["checkpoints/bc0"]
    # judged pairs (judge_pairs) make another data1 from the same round: the round is linked, its aggregate is not
    assert linked("judged", dagger_rounds=1, judge_pairs=True) == ["checkpoints/bc0", "dagger1"]


def test_reuse_from_links_only_stages_the_other_run_finished(tmp_path):
    from halo_lib.rl.generalize import StageClock, reuse_stages

    make_base_run(tmp_path / "base", train_tasks=50, dagger_rounds=1, dagger_tasks=50)
    (tmp_path / "base" / "checkpoints" / "bc0" / "metrics.json").unlink()  # its training was cut off
    summary = {"n_planned": 2, "episodes": [{"task_id": "v2.gomail-1"}]}
    (tmp_path / "base" / "eval_zero" / "summary.json").write_text(json.dumps(summary))  # one of two episodes played
    said: list[str] = []
    cfg = GeneralizeConfig(name="next", out_root=str(tmp_path), train_tasks=50, dagger_tasks=50, dagger_rounds=1, reuse_from="base")
    (tmp_path / "next").mkdir()
    reuse_stages(cfg, tmp_path / "next", StageClock(tmp_path / "next" / "timings.json"), log=said.append)
    assert (tmp_path / "next" / "expert").is_symlink() and (tmp_path / "next" / "real_expert").is_symlink()
    assert not (tmp_path / "next" / "checkpoints" / "bc0").exists() and not (tmp_path / "next" / "eval_zero").exists()
    assert said[0] == "[reuse] not linked, base has not finished them (done here): checkpoints/bc0, eval_zero"


def test_an_unfinished_linked_stage_is_redone_here_not_in_the_other_run(tmp_path, monkeypatch):
    import halo_lib.rl.rollout as rollout
    from halo_lib.rl.generalize import _rollouts

    theirs = tmp_path / "base" / "dagger1"
    theirs.mkdir(parents=True)
    (theirs / "summary.json").write_text(json.dumps({"episodes": []}))
    ours = tmp_path / "next" / "dagger1"
    ours.parent.mkdir()
    ours.symlink_to(theirs, target_is_directory=True)
    played: list[str] = []
    monkeypatch.setattr(rollout, "sample_rollouts", lambda cfg: played.append(cfg.out_dir) or {})
    _rollouts(GeneralizeConfig(), "expert", "v2.gomail-1", ours)
    assert played == [str(ours)] and not ours.is_symlink()  # the link is gone: the stage runs in this run's folder
    assert (theirs / "summary.json").is_file()  # the other run's work is untouched


def test_a_finished_linked_stage_is_read_not_resumed(tmp_path):
    from halo_lib.rl.generalize import linked_summary

    stage = tmp_path / "dagger1"
    stage.mkdir()
    assert linked_summary(stage, "v2.gomail-1,v2.gomail-2") is None  # nothing there yet
    summary = {"n_episodes": 1, "episodes": [{"task_id": "v2.gomail-1", "success": True}]}
    (stage / "summary.json").write_text(json.dumps(summary))
    assert linked_summary(stage, "v2.gomail-1,v2.gomail-2") is None  # one episode missing: it is redone here
    assert linked_summary(stage, "v2.gomail-1") == summary

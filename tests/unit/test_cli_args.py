"""The `halo` flags come from the config dataclasses: every field is reachable (nested ones dotted), `--config` then
the flags given, bad values are one sentence with exit status 2, help comes from the field comments, and today's
short spellings still work."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, Literal

import pytest

from halo_lib.bench.agent import BenchAgentConfig
from halo_lib.cli import build_config, build_parser, main
from halo_lib.cli_args import config_fields, config_from_args, field_help
from halo_lib.config import SPEED_MODE_STEPS, AgentConfig, RunConfig, SitesConfig
from halo_lib.errors import HaloError
from halo_lib.rl.config import BCConfig, DPOConfig, ExportConfig, GRPOConfig, RolloutConfig

COMMANDS = {  # config class -> the command that takes its fields
    RunConfig: ["eval"],
    RolloutConfig: ["rollout"],
    ExportConfig: ["export"],
    BCConfig: ["train", "bc"],
    DPOConfig: ["train", "dpo"],
    GRPOConfig: ["train", "grpo"],
    BenchAgentConfig: ["bench", "agent"],
    SitesConfig: ["sites", "serve"],
}


PARSER = build_parser()


def _parse(*argv: str):
    args = PARSER.parse_args(list(argv))
    return args, build_config(args)


def _other_value(annotation: Any, default: Any) -> tuple[list[str], Any]:
    """A command-line value unlike the default, and what the config should then hold."""
    if annotation is bool:
        return ["false" if default else "true"], not default
    if typing.get_origin(annotation) is Literal:
        value = next(choice for choice in typing.get_args(annotation) if choice != default)
        return [str(value)], value
    if typing.get_origin(annotation) is list:
        return ["a,b"], ["a", "b"]
    if annotation is int:
        return [str(default + 3)], default + 3
    if annotation is float:
        return [str(default + 0.5)], default + 0.5
    return ["some_value"], "some_value"


def _get(config: Any, path: str) -> Any:
    for name in path.split("."):
        config = getattr(config, name)
    return config


@pytest.mark.parametrize("cls", list(COMMANDS), ids=lambda cls: cls.__name__)
def test_every_field_is_reachable_from_the_command_line(cls):
    fields = config_fields(cls)
    assert fields
    for path, annotation, field, _owner in fields:
        default = _get(cls(), path)
        words, expected = _other_value(annotation, default)
        args, config = _parse(*COMMANDS[cls], f"--{path}", *words)
        assert isinstance(config, cls)
        assert _get(config, path) == expected, path
        assert _get(config, path) != default, path
        others = [p for p, *_ in fields if p != path]  # nothing else moved
        assert all(_get(config, p) == _get(cls(), p) for p in others), path


def test_nested_fields_have_dotted_and_dashed_names():
    _, config = _parse(
        "eval",
        "--mode",
        "expert",
        "--agent.obs.budget_tokens",
        "300",
        "--env.headless",
        "false",
        "--sites.base-port",
        "9100",
        "--agent.temperature",
        "0.4",
        "--agent.worker-backend",
        "local",
        "--no-agent.stop_on_loop",
    )
    assert config.agent.obs.budget_tokens == 300 and config.env.headless is False and config.sites.base_port == 9100
    assert config.agent.temperature == 0.4 and config.agent.worker_backend == "local" and config.agent.stop_on_loop is False
    _, config = _parse("eval", "--mode", "expert", "--env.headless")
    assert config.env.headless is True


def test_config_file_then_only_the_flags_given(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("mode: baseline_worker\nworkers: 2\nmax_steps: 9\nagent: {temperature: 0.3, history_steps: 4}\n")
    _, config = _parse("eval", "--config", str(path), "--temperature", "0.7")
    assert (config.mode, config.workers, config.max_steps) == ("baseline_worker", 2, 9)
    assert config.agent.temperature == 0.7 and config.agent.history_steps == 4  # the flag wins, the file keeps the rest
    _, config = _parse("eval", "--config", str(path), "--workers", "1")  # a flag equal to the default still overrides
    assert config.workers == 1
    trainer = tmp_path / "dpo.yaml"
    trainer.write_text("data: d.jsonl\nbeta: 0.2\nlora_top_layers: 10\n")
    _, config = _parse("train", "dpo", "--config", str(trainer), "--beta", "0.5")
    assert isinstance(config, DPOConfig) and config.beta == 0.5 and config.lora_top_layers == 10 and config.data == "d.jsonl"


def test_a_config_file_is_read_from_the_project_or_artifacts_root_wherever_the_command_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("HALO_ARTIFACTS", str(tmp_path / "artifacts"))
    (tmp_path / "artifacts" / "run").mkdir(parents=True)
    (tmp_path / "artifacts" / "run" / "bc1.yaml").write_text("data: artifacts/run/data1/bc_train.jsonl\nname: bc1\n")
    monkeypatch.chdir(tmp_path / "artifacts" / "run")  # a notebook's or a script's own folder
    _, config = _parse("train", "bc", "--config", "artifacts/run/bc1.yaml")
    assert (config.name, config.data) == ("bc1", "artifacts/run/data1/bc_train.jsonl")
    _, config = _parse("train", "bc", "--config", "params/rl/bc_cpu.yaml")  # from the project root
    assert config.data


def test_bad_config_file_is_one_sentence(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("mode: expert\nagent: {temprature: 0.3}\n")
    with pytest.raises(HaloError, match=r"Unknown AgentConfig key 'temprature' in bad.yaml \(did you mean 'temperature'\?\)"):
        _parse("eval", "--config", str(path))
    args = PARSER.parse_args(["rollout", "--config", str(tmp_path / "missing.yaml")])
    with pytest.raises(HaloError, match="Config file .*missing.yaml' does not exist: give a YAML file of RolloutConfig fields"):
        build_config(args)


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["eval", "--mode", "expert", "--workers", "two"], "Argument --workers: expected int, got 'two'"),
        (["eval", "--mode", "expert", "--env.settle", "fast"], "invalid choice: 'fast'"),
        (["eval", "--mode", "expert", "--env.headless", "maybe"], "expected true or false, got 'maybe'"),
        (["train", "grpo", "--beta", "high"], "expected float, got 'high'"),
        (["eval", "--mode", "expert", "--agent.temprature", "0.3"], "Unrecognized arguments: --agent.temprature"),
    ],
)
def test_unknown_or_ill_typed_flag_is_one_sentence_and_exit_2(argv, fragment, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("halo: ") and lines[0].endswith("--help`."), err
    assert fragment in lines[0]


def test_missing_required_setting_is_one_sentence(capsys):
    assert main(["eval", "--tasks", "v2.omnizon-13"]) == 2
    assert "Give --mode NAME" in capsys.readouterr().err
    assert main(["export", "--out", "x"]) == 2
    assert "Give --runs" in capsys.readouterr().err


def test_help_comes_from_the_field_comments(capsys):
    assert field_help(SitesConfig)["host"] == "loopback address the replica server binds; never a public interface"
    assert field_help(AgentConfig)["stop_on_loop"].startswith("a mode without a manager cannot break a loop")  # comment above
    assert field_help(BCConfig)["lora_top_layers"].startswith("> 0: LoRA only in the top N decoder layers")  # inherited
    with pytest.raises(SystemExit):
        main(["eval", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for path, _annotation, field, owner in config_fields(RunConfig):
        assert f"--{path}" in text
    assert "loopback address the replica server binds; never a public interface (default: '127.0.0.1')" in text
    assert "The hierarchical agent: backends behind the worker and manager roles" in text  # the group's docstring


@pytest.mark.parametrize(
    "cls", [RunConfig, RolloutConfig, ExportConfig, BCConfig, DPOConfig, GRPOConfig, BenchAgentConfig], ids=lambda cls: cls.__name__
)
def test_every_field_has_a_comment_for_its_help(cls):
    missing = [path for path, _a, field, owner in config_fields(cls) if not field_help(owner).get(field.name)]
    assert not missing


def test_old_spellings_still_work():
    _, config = _parse(
        "eval",
        "--mode",
        "baseline_worker",
        "--tasks",
        "v2.omnizon-13",
        "--out",
        "o",
        "--workers",
        "2",
        "--rollouts-per-task",
        "3",
        "--max-steps",
        "5",
        "--episode-timeout",
        "60",
        "--ray-address",
        "a:1",
        "--seed",
        "4",
        "--temperature",
        "0.2",
        "--cache-dir",
        "c",
        "--worker-backend",
        "vllm",
        "--worker-model",
        "q",
        "--vllm-url",
        "http://x/v1",
        "--sites",
        "real",
        "--sites-port",
        "9100",
        "--headed",
    )
    assert config == RunConfig(
        mode="baseline_worker",
        tasks="v2.omnizon-13",
        out_dir="o",
        workers=2,
        rollouts_per_task=3,
        max_steps=5,
        episode_timeout_s=60.0,
        ray_address="a:1",
        seed=4,
        env=dataclasses.replace(RunConfig().env, sites="real", headless=False),
        sites=SitesConfig(base_port=9100),
        agent=AgentConfig(temperature=0.2, cache_dir="c", worker_backend="vllm", worker_model="q", vllm_url="http://x/v1"),
    )
    assert _parse("eval", "--mode", "expert", "--speed")[1].max_steps == SPEED_MODE_STEPS
    _, rollout = _parse(
        "rollout",
        "--mode",
        "expert",
        "--k",
        "3",
        "--temperature",
        "0.8",
        "--out",
        "r",
        "--obs-budget-tokens",
        "300",
        "--sites-port",
        "9101",
        "--cache-dir",
        "c",
        "--reference",
        "x,y",
    )
    assert (
        rollout.k,
        rollout.temperature,
        rollout.out_dir,
        rollout.obs_budget_tokens,
        rollout.sites_port,
        rollout.cache_dir,
        rollout.reference,
    ) == (3, 0.8, "r", 300, 9101, "c", "x,y")
    _, export = _parse(
        "export",
        "--runs",
        "a,b",
        "--out",
        "d",
        "--bc-sources",
        "expert",
        "--val-tasks",
        "v2.gomail-1",
        "--include-unlisted-targets",
        "--bc-focus-copies",
        "2",
        "--val-fraction",
        "0.3",
    )
    assert (
        export.runs,
        export.out_dir,
        export.bc_sources,
        export.val_tasks,
        export.visible_targets_only,
        export.bc_focus_copies,
        export.val_fraction,
    ) == ("a,b", "d", "expert", "v2.gomail-1", False, 2, 0.3)
    _, bc = _parse(
        "train",
        "bc",
        "--data",
        "t.jsonl",
        "--eval-data",
        "v.jsonl",
        "--name",
        "n",
        "--model",
        "m",
        "--init-adapter",
        "i",
        "--epochs",
        "2",
        "--max-steps",
        "7",
        "--learning-rate",
        "0.001",
        "--batch-size",
        "2",
        "--grad-accum",
        "3",
        "--lora-r",
        "8",
        "--save-steps",
        "5",
        "--seed",
        "1",
    )
    assert bc == BCConfig(
        data="t.jsonl",
        eval_data="v.jsonl",
        name="n",
        model="m",
        init_adapter="i",
        epochs=2.0,
        max_steps=7,
        learning_rate=0.001,
        batch_size=2,
        grad_accum=3,
        lora_r=8,
        save_steps=5,
        seed=1,
    )
    args, bench = _parse(
        "bench",
        "agent",
        "--modes",
        "a,b",
        "--tasks",
        "omnizon",
        "--max-steps",
        "3",
        "--passes",
        "cold,second",
        "--no-obs",
        "--workers",
        "2",
        "--out",
        "o",
        "--sites-port",
        "9102",
        "--agent.obs.budget_tokens",
        "300",
    )
    assert bench == BenchAgentConfig(
        modes=["a", "b"], tasks="omnizon", max_steps=3, passes=["cold", "second"], measure_observations=False, workers=2, out_dir="o"
    )
    base = config_from_args(RunConfig, args, group="run")
    assert base.sites.base_port == 9102 and base.agent.obs.budget_tokens == 300 and base.max_steps == RunConfig().max_steps
    assert _parse("sites", "serve", "--port", "9103", "--host", "127.0.0.2")[1] == SitesConfig(host="127.0.0.2", base_port=9103)

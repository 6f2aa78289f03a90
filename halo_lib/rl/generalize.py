"""Generalization: train a worker on generated tasks only, grade it on REAL v2 replica tasks it never saw.

One run is a folder artifacts/generalize/<name>/ built stage by stage, each stage skipped when its output exists
(rerun the same command to resume):

1. `expert/`     the page-driven experts on the first `train_tasks` tasks of a generated set (rollouts with the
                 worker's prompts recorded, so every expert step is a BC example);
2. `data0/`      export -> BC data (expert rows only), then `checkpoints/bc0/` (TRL SFT, LoRA);
3. `dagger<r>/`  for r = 1..dagger_rounds: the current BC worker alone plays `dagger_tasks` generated tasks while
                 the expert labels every state it reaches (RunConfig.expert_labels); export of the expert run plus
                 every DAgger run so far (the aggregate) -> `data<r>/`, then `checkpoints/bc<r>/`;
4. `dpo`, `grpo` from the last BC adapter (or `preference_from`, e.g. bc0: the worker whose own actions the
                 last DAgger round labelled), on pairs and prompts of the same runs (their rewards come from the
                 generated checkers: success decides which actions count as verified);
5. `eval_<arm>/` each adapter, the worker alone (no cache, macros or manager), on `test_tasks` (REAL v2 tasks of
                 the replicas, never in training), and `result.md` / `result.json`: success per site ± standard error;
6. with `step_eval_prompts` N > 0, `real_expert/` (the expert on the REAL test tasks, for grading only: nothing
                 of it is exported for training) and `real_steps.jsonl` (N of its steps, a task at a time), then
                 `steps_<arm>.json`: each arm's greedy next action on those prompts against the expert's (teacher-
                 forced step accuracy: a finer signal than episode success, where one wrong step of ten fails all).

Split across machines (`train_elsewhere`): the run stops wherever a checkpoint is missing, with each missing
training's `halo train` config in `elsewhere/<name>.yaml` (a GPU trains them; unpack into `checkpoints/`, rerun).
`reuse_from` starts from another run's finished stages (linked, not redone), e.g. DAgger rounds on top of its bc0.

Leave-one-site-out: `leave_out_sites` (the same set less those sites' tasks), tested on the site's REAL tasks.
A learning curve: the same set with train_tasks = 100, 300, 1000, 0 (all); the manifest's order makes smaller sets
prefixes of larger ones.

    halo generalize --config params/generalize/smoke.yaml
    halo generalize --name g300 --train-set train --train-tasks 300 --dagger-rounds 2
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Literal

from halo_lib.config import SCORE_MODE_STEPS, SPEED_MODE_STEPS
from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path


@dataclass(frozen=True)
class GeneralizeConfig:
    """Train on generated tasks only, test on REAL v2 replica tasks."""

    name: str = "gen_smoke"  # folder under out_root
    out_root: str = "artifacts/generalize"
    train_set: str = "train"  # a generated task set (artifacts/generated/<set>, `halo gen tasks`)
    train_tasks: int = 0  # the first N tasks of the set (0 = all)
    leave_out_sites: list[str] = field(default_factory=list)  # train without these sites' tasks (leave-one-site-out)
    dagger_rounds: int = 1  # policy runs labelled by the expert, each followed by retraining
    dagger_tasks: int = 50  # generated tasks the policy plays per DAgger round (the first N of the training tasks)
    test_tasks: str = "local"  # REAL v2 tasks to grade on (task spec; the impossible ones are dropped)
    arms: list[str] = field(default_factory=lambda: ["zero", "bc", "dpo", "grpo"])  # which workers to grade
    obs_budget_tokens: int = 300  # the worker's page budget, the same in training data and evaluation
    worker_decoding: Literal["free", "ranked"] = "free"  # how every arm's worker picks its action (AgentConfig.worker_decoding)
    worker_dtype: Literal["auto", "float32", "bfloat16"] = "auto"  # every arm's weights when graded here (AgentConfig.local_dtype)
    max_steps: int = SPEED_MODE_STEPS  # steps per episode, training and test
    workers: int = 1  # parallel episodes
    sites_port: int = 0  # first replica port (0 = the default)
    bc_steps: int = -1  # optimizer steps per BC training (-1: bc_epochs)
    bc_epochs: float = 2.0
    dpo_steps: int = 20
    grpo_steps: int = 10
    lora_top_layers: int = 0  # > 0: LoRA only in the top N layers (CPU)
    learning_rate: float = 5e-4  # the BC trainings' AdamW peak learning rate
    preference_learning_rate: float = 0.0  # DPO's and GRPO's (they start from the BC adapter; 0: learning_rate)
    # DPO's DAgger pairs only where the policy's action was a mistake: after each round the expert plays on from the
    # states around each disagreement (rl/judge.py) and a pair whose rejected action cost no more steps to the goal
    # (another route: a search where the expert clicks a department) is left out
    judge_pairs: bool = False
    preference_from: str = ""  # the BC checkpoint DPO and GRPO start from: bc0 .. bc<dagger_rounds> ("": the last); bc<r-1> played round r, so its pairs are on its own actions
    model: str = ""  # base model folder ("" = the local SmolLM2-135M-Instruct)
    val_fraction: float = 0.1  # generated tasks held out for the trainers' validation loss
    generate_per_family: int = 0  # > 0: make train_set first when it does not exist (`halo gen tasks --per-family N`)
    generate_seed: int = 0  # the seed of that set
    seen_tasks: int = 0  # > 0: also grade the last BC worker on N of its training tasks, spread over the sites (trained-task success)
    step_eval_prompts: int = 0  # > 0: each arm's next-action accuracy on N expert steps of the REAL test tasks
    publish: bool = False  # write artifacts/reports/generalization/ and ship the adapter if it beats the shipped one
    train_elsewhere: bool = False  # stop where a checkpoint is missing: its trainer configs go to elsewhere/ (train on a GPU, rerun)
    batch_size: int = 0  # every trainer's examples per device step (0: the trainer's default)
    grad_accum: int = 0  # device steps per optimizer step (0: the trainer's default)
    max_wall_s: float = 0.0  # > 0: each training stops after the optimizer step that passes this many seconds
    precision: Literal["auto", "bf16", "fp32"] = "auto"  # every training's (TrainCommon.precision)
    bc0_from: str = ""  # a trained BC adapter folder taken as bc0 instead of training it (adapters/qwen_bc: the shipped one); DAgger, DPO and GRPO start from it, and with none of them no experts run
    reuse_from: str = ""  # another run's name (same out_root): link its experts, data0 and bc0 (and, with the same test settings, its REAL-side stages) instead of redoing them


def out_dir(cfg: GeneralizeConfig) -> Path:
    return resolve_path(cfg.out_root) / cfg.name


def train_spec(cfg: GeneralizeConfig, count: int = 0) -> str:
    n = count or cfg.train_tasks
    spec = f"gen:{cfg.train_set}:{n}" if n or cfg.leave_out_sites else f"gen:{cfg.train_set}"
    return spec + "".join(f":-{site}" for site in cfg.leave_out_sites)


def worker_mode(adapter: str) -> str:
    """The worker alone: no cache, no macros, no manager."""
    base = f"qwen_worker_zero:adapter={adapter}" if adapter else "qwen_worker_zero"
    return base + ("," if adapter else ":") + "vac=false,macros=false,manager=none"


def _rollouts(cfg: GeneralizeConfig, mode: str, tasks: str, out: Path, *, labels: bool = False, max_steps: int = 0) -> dict[str, Any]:
    from halo_lib.rl.config import RolloutConfig
    from halo_lib.rl.rollout import sample_rollouts

    if out.is_symlink():  # a stage linked by reuse_from: read when the other run finished it, else redone here
        finished = linked_summary(out.resolve(), tasks)
        if finished is not None:
            return finished
        out.unlink()  # never resumed in the other run's folder, under this run's settings
    return sample_rollouts(
        RolloutConfig(
            mode=mode,
            tasks=tasks,
            k=1,
            temperature=0.0,
            max_steps=max_steps or cfg.max_steps,
            workers=cfg.workers,
            out_dir=str(out),
            sites_port=cfg.sites_port,
            obs_budget_tokens=cfg.obs_budget_tokens,
            worker_decoding=cfg.worker_decoding,
            worker_model=cfg.model,  # the adapters were trained on it
            worker_dtype=cfg.worker_dtype,
            expert_labels=labels,
        )
    )


def linked_summary(out: Path, tasks: str) -> dict[str, Any] | None:
    """A linked stage's summary when every task of `tasks` has its episode there (None: not finished). It is read,
    not resumed: its settings are the other run's (a DAgger round names that run's bc0), and resuming under this
    run's would be refused, or rewrite the other run's summary."""
    from halo_lib.env.tasks import expand_task_spec, json_task_id
    from halo_lib.sites import replica_names

    path = out / "summary.json"
    if not path.is_file():
        return None
    summary = json.loads(path.read_text())
    done = {episode["task_id"] for episode in summary.get("episodes", [])}
    refs = expand_task_spec(tasks, local_sites=replica_names())
    wanted = {json_task_id(ref) if ref.endswith(".json") else ref for ref in refs}  # resolve_task's ids
    return summary if wanted == done else None


def _export(cfg: GeneralizeConfig, runs: list[Path], out: Path, judged: list[Path] | None = None) -> dict[str, Any]:
    from halo_lib.rl.config import ExportConfig
    from halo_lib.rl.export import export

    if (out / "card.json").is_file():
        return json.loads((out / "card.json").read_text())
    return export(
        ExportConfig(
            runs=",".join(str(r) for r in runs),
            out_dir=str(out),
            val_fraction=cfg.val_fraction,
            judged=",".join(str(j) for j in judged or []),
        )
    )


def seen_spec(cfg: GeneralizeConfig) -> str:
    """`seen_tasks` of the training tasks, taken a site at a time in turn (manifest order within a site), as task
    JSON paths: trained-task success over every site, not only the manifest's first ones."""
    from halo_lib.env.tasks import json_task_id, site_of
    from halo_lib.generated.generate import set_task_paths

    by_site: dict[str, list[str]] = {}
    for path in set_task_paths(train_spec(cfg)):
        by_site.setdefault(site_of(json_task_id(path)), []).append(path)
    picked: list[str] = []
    while len(picked) < cfg.seen_tasks and any(by_site.values()):
        for queue in by_site.values():
            if queue and len(picked) < cfg.seen_tasks:
                picked.append(queue.pop(0))
    return ",".join(picked)


# what must match for reuse_from to link the training side (the experts ignore max_steps), and the test side
TRAINING_SIDE = ("train_set", "train_tasks", "leave_out_sites", "obs_budget_tokens", "model", "val_fraction")
TEST_SIDE = ("test_tasks", "max_steps", "step_eval_prompts", "worker_decoding", "worker_dtype")
# what else must match for its bc0 to be this run's bc0 (else bc0 is trained here; bc0_from takes any adapter)
BC0_SIDE = ("bc_steps", "bc_epochs", "learning_rate", "lora_top_layers", "batch_size", "grad_accum", "max_wall_s", "precision")
# linked path -> its stage in timings.json ("": none of its own): always, and only when the tests match
REUSED_TRAINING = {"expert": "expert", "data0": "", "checkpoints/bc0": "bc0"}
REUSED_TEST = {"real_expert": "real_expert", "real_steps.jsonl": "", "eval_zero": "eval_zero", "steps_zero.json": "steps_zero"}
# the first DAgger round and its aggregate, when bc0 is the same adapter and it was played the same way (another bc1
# training on the same labels: a learning rate, a step count)
DAGGER_SIDE = ("dagger_tasks", "max_steps", "worker_decoding", "worker_dtype")
REUSED_DAGGER = {"dagger1": "dagger1", "judge1": "judge1", "data1": ""}  # data1 only with the same judge_pairs


def reuse_stages(cfg: GeneralizeConfig, root: Path, clock: "StageClock", log: Callable[[str], None] = print) -> None:
    """`reuse_from`: link the other run's finished stages into this one (symlinks; nothing is copied or redone): its
    expert rollouts and data0 when it trained on the same tasks the same way, its bc0 when BC's settings match too,
    and its REAL expert, step prompts and zero-shot grading when it also tested the same way. A later stage (DAgger
    rounds, other arms) runs here, but for the first DAgger round and its data1 when bc0 is, byte for byte, the same
    adapter and the round was played the same way."""
    base = resolve_path(cfg.out_root) / cfg.reuse_from
    if cfg.reuse_from == cfg.name:
        raise HaloError(f"reuse_from names this run itself ('{cfg.name}'): give another run's name, or leave it empty.")
    if not (base / "config.json").is_file():
        raise HaloError(f"reuse_from '{cfg.reuse_from}': there is no run at {base}; give the name of a run under {cfg.out_root}.")
    theirs = json.loads((base / "config.json").read_text())
    for key in TRAINING_SIDE:
        if theirs.get(key) != getattr(cfg, key):
            raise HaloError(
                f"reuse_from '{cfg.reuse_from}' ran with {key}={theirs.get(key)!r} and this run has {getattr(cfg, key)!r}: "
                f"set {key} the same, or leave reuse_from empty to redo its stages."
            )
    same_test = all(theirs.get(key) == getattr(cfg, key) for key in TEST_SIDE)
    defaults = GeneralizeConfig()  # a run made before a setting existed ran with its default
    their_bc = {key: theirs.get(key, getattr(defaults, key)) for key in BC0_SIDE}
    other_bc = [key for key in BC0_SIDE if their_bc[key] != getattr(cfg, key)]
    if other_bc:
        log(f"[reuse] bc0 is trained here: {other_bc[0]} is {their_bc[other_bc[0]]!r} there (give bc0_from to take it anyway)")
    reused = {rel: stage for rel, stage in REUSED_TRAINING.items() if not (other_bc and rel == "checkpoints/bc0")}
    reused |= REUSED_TEST if same_test else {}
    same_round = cfg.dagger_rounds >= 1 and all(theirs.get(key, getattr(defaults, key)) == getattr(cfg, key) for key in DAGGER_SIDE)
    if same_round and same_bc0(cfg, base, linked_bc0="checkpoints/bc0" in reused):  # the weights are read only then
        same_pairs = theirs.get("judge_pairs", False) == cfg.judge_pairs
        reused |= {rel: stage for rel, stage in REUSED_DAGGER.items() if rel != "data1" or same_pairs}
    linked, unfinished = [], []
    for rel in reused:
        source, target = base / rel, root / rel
        if source.exists() and not target.exists() and not target.is_symlink() and not finished_there(cfg, rel, source):
            unfinished.append(rel)
        elif source.exists() and not target.exists() and not target.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source.resolve(), target_is_directory=source.is_dir())
            linked.append(rel)
    if unfinished:
        log(f"[reuse] not linked, {cfg.reuse_from} has not finished them (done here): {', '.join(unfinished)}")
    if linked:
        log(f"[reuse] from {base}: {', '.join(linked)}")
        spent = json.loads((base / "timings.json").read_text()) if (base / "timings.json").is_file() else {}
        clock.seconds.update({reused[rel]: spent[reused[rel]] for rel in linked if spent.get(reused[rel])})  # the time it took there
        clock.save()


def finished_there(cfg: GeneralizeConfig, rel: str, source: Path) -> bool:
    """Whether the other run finished the stage at `source` (`rel`: a key of the REUSED_ tables). Only a finished
    stage is linked: an unfinished one would resume in the other run's folder under this run's settings."""
    if rel in ("expert", "dagger1", "real_expert", "eval_zero"):
        path = source / "summary.json"
        summary = json.loads(path.read_text()) if path.is_file() else {}
        if "n_planned" in summary:
            return len(summary.get("episodes", [])) >= summary["n_planned"]
        tasks = {"expert": train_spec(cfg), "dagger1": train_spec(cfg, cfg.dagger_tasks)}.get(rel) or real_test_spec(cfg)
        return linked_summary(source, tasks) is not None  # a summary written before n_planned
    if rel.startswith("checkpoints/"):
        return is_trained(source)
    if rel.startswith("data"):
        return (source / "card.json").is_file()
    if rel.startswith("judge"):
        return (source / "judgements.jsonl").is_file()
    return source.is_file()


def same_bc0(cfg: GeneralizeConfig, base: Path, linked_bc0: bool) -> bool:
    """Whether this run's bc0 is the other run's (`base`): linked from it, or `bc0_from` an adapter whose weights
    are, byte for byte, those of its checkpoints/bc0."""
    from halo_lib.rl.generalize_report import same_weights

    theirs = base / "checkpoints" / "bc0"
    if not (theirs / "adapter_model.safetensors").is_file():
        return False
    return linked_bc0 or bool(cfg.bc0_from) and same_weights(resolve_path(cfg.bc0_from), theirs)


def trainer_config(kind: str, cfg: GeneralizeConfig, name: str, data: Path, init: str = "") -> Any:
    """The BCConfig / DPOConfig / GRPOConfig that trains `name` from `data` (starting from `init`): what `_train` runs
    here and what `train_elsewhere` writes for a GPU machine."""
    from halo_lib.rl.config import BCConfig, DPOConfig, GRPOConfig

    common: dict[str, Any] = dict(
        name=name,
        out_root=str(out_dir(cfg) / "checkpoints"),
        model=cfg.model,
        init_adapter=init,
        lora_top_layers=cfg.lora_top_layers,
        learning_rate=cfg.learning_rate if kind == "bc" else (cfg.preference_learning_rate or cfg.learning_rate),
        max_wall_s=cfg.max_wall_s,
        precision=cfg.precision,
        progress=False,
    )
    common.update({key: value for key, value in (("batch_size", cfg.batch_size), ("grad_accum", cfg.grad_accum)) if value > 0})
    if kind == "bc":
        val = data / "bc_val.jsonl"
        return BCConfig(
            data=str(data / "bc_train.jsonl"),
            eval_data=str(val) if val.is_file() and val.stat().st_size else "",
            epochs=cfg.bc_epochs,
            max_steps=cfg.bc_steps,
            **common,
        )
    if kind == "dpo":
        return DPOConfig(data=str(data / "dpo_train.jsonl"), max_steps=cfg.dpo_steps, **common)
    return GRPOConfig(data=str(data / "grpo_train.jsonl"), max_steps=cfg.grpo_steps, **common)


def adopt_bc0(source: str, target: Path, bc_train: Path | None, log: Callable[[str], None] = print) -> None:
    """`bc0_from`: the adapter's files copied to `target` (checkpoints/bc0) with a metrics.json that names where it
    came from and whether it was trained on this run's data (the data hash of its card or config.json against
    `bc_train`'s; None when the run exports no data: a grading-only run). A finished `target` is left as it is."""
    import shutil

    from halo_lib.rl.common import file_hash
    from halo_lib.rl.generalize_report import trained_on

    if is_trained(target):
        return
    folder = resolve_path(source)
    if not (folder / "adapter_config.json").is_file():
        raise HaloError(
            f"bc0_from '{source}' is not a LoRA adapter folder (no adapter_config.json): give a trained adapter, or leave it empty to train bc0."
        )
    card = json.loads((folder / "card.json").read_text()) if (folder / "card.json").is_file() else {}  # a shipped adapter
    trained = json.loads((folder / "config.json").read_text()) if (folder / "config.json").is_file() else {}  # a checkpoint
    theirs = card.get("data_hash") or trained.get("data_hash")
    here = file_hash(bc_train) if bc_train is not None else None
    target.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        if path.is_file() and path.name != "metrics.json":
            shutil.copy2(path, target / path.name)
    facts = {
        "adopted_from": str(folder),
        "data_hash": theirs,
        "data_hash_here": here,
        "same_data": theirs == here if here is not None else None,
        "device": trained_on(card) if card else None,
    }
    (target / "metrics.json").write_text(json.dumps(facts, indent=2))
    if card and not (target / "config.json").is_file():  # what publish reads: the training config and its data hash
        config = {"method": "BCConfig", "config": card.get("training_config", {}), "data_hash": card.get("data_hash", "")}
        (target / "config.json").write_text(json.dumps(config, indent=2))
    same = {True: "trained on this run's data0", False: "its card names other data than this run's data0"}
    log(f"[bc0] taken from {folder}: {same.get(facts['same_data'], 'graded as it is: nothing is trained in this run')}")


def preference_base(cfg: GeneralizeConfig) -> str:
    """The BC checkpoint DPO and GRPO start from: `preference_from`, or the last one (bc<dagger_rounds>)."""
    return cfg.preference_from or f"bc{cfg.dagger_rounds}"


def bc_needed(cfg: GeneralizeConfig, r: int) -> bool:
    """Whether bc<r> is trained: before the last round always (it plays the next one); the last BC when it is graded,
    DPO or GRPO start from it, or seen_tasks grades it."""
    if r < cfg.dagger_rounds:
        return True
    preference = bool({"dpo", "grpo"} & set(cfg.arms)) and preference_base(cfg) == f"bc{r}"
    return "bc" in cfg.arms or cfg.seen_tasks > 0 or preference


def is_trained(adapter: Path) -> bool:
    """A finished training: the adapter and its metrics (a run cut off mid-way has no metrics.json)."""
    return (adapter / "adapter_config.json").is_file() and (adapter / "metrics.json").is_file()


def _train(kind: str, cfg: GeneralizeConfig, name: str, data: Path, init: str = "") -> str:
    target = out_dir(cfg) / "checkpoints" / name
    if is_trained(target):
        return str(target)
    config = trainer_config(kind, cfg, name, data, init)
    if kind == "bc":
        from halo_lib.rl.train_bc import train_bc

        train_bc(config)
    elif kind == "dpo":
        from halo_lib.rl.train_dpo import train_dpo

        train_dpo(config)
    else:
        from halo_lib.rl.train_grpo import train_grpo

        train_grpo(config)
    return str(target)


def write_elsewhere_jobs(cfg: GeneralizeConfig, jobs: list[tuple[str, str, Path, str]]) -> list[str]:
    """`train_elsewhere`: each job (kind, name, data, init) whose checkpoint is missing as a trainer config file,
    elsewhere/<name>.yaml (paths relative to the repository, as the device's working tree has them); returns the
    `gpu_train.sh` job arguments, in order (a DPO or GRPO job starts from the BC job before it)."""
    import dataclasses

    import yaml

    from halo_lib.paths import PROJECT_ROOT, artifacts_root

    folder = out_dir(cfg) / "elsewhere"
    folder.mkdir(parents=True, exist_ok=True)

    def relative(value: Any) -> Any:  # as resolve_path reads it back; a reused (linked) stage by its real folder
        if not isinstance(value, str) or not value.startswith("/"):
            return value
        real = str(Path(value).resolve()) if Path(value).exists() else value
        for root, prefix in ((artifacts_root().resolve(), "artifacts/"), (PROJECT_ROOT, "")):
            if real.startswith(f"{root}/"):
                return prefix + real[len(str(root)) + 1 :]
        return value

    args = []
    for kind, name, data, init in jobs:
        if is_trained(out_dir(cfg) / "checkpoints" / name):
            continue
        config = {key: relative(value) for key, value in dataclasses.asdict(trainer_config(kind, cfg, name, data, init)).items()}
        path = folder / f"{name}.yaml"
        path.write_text(
            f"# {kind} for halo generalize '{cfg.name}' (train_elsewhere): halo train {kind} --config {relative(str(path))}\n"
            + yaml.safe_dump(config, sort_keys=False)
        )
        args.append(f"{kind}={relative(str(path))}")
    return args


def real_step_prompts(run: Path, out: Path, limit: int) -> Path:
    """`limit` steps of the expert's solved REAL episodes in `run` as BC-shaped rows (the prompt the worker would
    read there -> the expert's action; steps whose target the page summary leaves out are skipped), taken a task
    at a time (every task's first step, then every task's second, ...) so that each task counts; written to `out`."""
    from halo_lib.rl.config import ExportConfig
    from halo_lib.rl.export import bc_examples
    from halo_lib.rl.trajectories import load_trajectories

    rows, _ = bc_examples(load_trajectories(run), ExportConfig(bc_sources="expert"))
    by_task: dict[str, list[dict]] = {}
    for row in rows:
        by_task.setdefault(row["task_id"], []).append(row)
    queues = [sorted(task_rows, key=lambda r: r["step"]) for _, task_rows in sorted(by_task.items())]
    picked: list[dict] = []
    while len(picked) < limit and any(queues):
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    out.write_text("".join(json.dumps(row) + "\n" for row in picked))
    return out


def arm_step_accuracy(
    adapter: str, prompts: Path, cache: Path, model: str = "", decoding: str = "free", batch_size: int = 1, dtype: str = "auto"
) -> dict[str, Any]:
    """An arm's teacher-forced step accuracy on `prompts` (rl/report.py step_accuracy) with its rate per site, kept
    in `cache` (steps_<arm>.json) for reruns; params/rl/gpu_train.sh writes the same file on a GPU (batched)."""
    if cache.is_file():
        return json.loads(cache.read_text())
    import torch

    from halo_lib.rl.report import step_accuracy

    started = time.perf_counter()
    measured = step_accuracy(adapter, prompts, model=model, decoding=decoding, batch_size=batch_size, dtype=dtype)
    per_site_rates = site_rates(measured["rows"], "exact")
    result = {
        "n": measured["n"],
        "exact": measured["exact"],
        "parses": measured["parses"],
        "rate": per_site_rates.pop("all"),
        "per_site": per_site_rates,
        "device": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu",
        "batch_size": batch_size,
        "dtype": dtype,
        "wall_s": round(time.perf_counter() - started, 1),
        "rows": measured["rows"],
    }
    cache.write_text(json.dumps(result, indent=2))
    return result


def _real_steps(cfg: GeneralizeConfig, root: Path, test_spec: str, clock: "StageClock") -> Path:
    """The expert on the REAL test tasks (graded on, never exported) and `step_eval_prompts` of its steps."""
    with clock("real_expert"):
        _rollouts(cfg, "expert", test_spec, root / "real_expert", max_steps=SCORE_MODE_STEPS)
    return real_step_prompts(root / "real_expert", root / "real_steps.jsonl", cfg.step_eval_prompts)


def check_training_data(card: dict[str, Any]) -> None:
    """The clean split, checked on what was exported: every training or validation task is a generated one."""
    real = [t for t in [*card.get("train_tasks", []), *card.get("val_tasks", [])] if not t.startswith("v2.gen.")]
    if real:
        raise HaloError(f"REAL task {real[0]} is in the training data: generalization runs train on generated tasks only.")


def real_test_spec(cfg: GeneralizeConfig) -> str:
    """The REAL tasks to grade on: `test_tasks` without the impossible ones, and never a generated task."""
    from halo_lib.env.tasks import expand_task_spec
    from halo_lib.sites import replica_names
    from halo_lib.sites.expert import unsolvable_for

    refs = expand_task_spec(cfg.test_tasks, local_sites=replica_names())
    if any(ref.endswith(".json") or ref.startswith("gen:") for ref in refs):
        raise HaloError("test_tasks must be REAL v2 task ids or sites: generated tasks are for training only.")
    impossible = {f"v2.{name}" for site in replica_names() for name in unsolvable_for(site)}
    kept = [ref for ref in refs if ref not in impossible]
    if not kept:
        raise HaloError(f"test_tasks '{cfg.test_tasks}' leaves no solvable REAL task: give sites or task ids.")
    return ",".join(kept)


def _prepare_train_set(cfg: GeneralizeConfig, clock: "StageClock", log: Callable[[str], None]) -> None:
    """Make train_set when it is missing and generate_per_family asks for it; an existing set made with other
    settings, or a missing one nobody makes, is one sentence before anything runs."""
    from halo_lib.generated.generate import GenerateConfig, check_set_settings, generate_set, set_dir, set_task_paths

    if cfg.generate_per_family > 0 and not (set_dir(cfg.train_set) / "manifest.jsonl").is_file():
        log(f"[generate] {cfg.train_set}: {cfg.generate_per_family} tasks per family, seed {cfg.generate_seed}")
        with clock("generate"):
            generate_set(GenerateConfig(name=cfg.train_set, per_family=cfg.generate_per_family, seed=cfg.generate_seed))
    elif cfg.generate_per_family > 0:
        check_set_settings(cfg.train_set, cfg.generate_per_family, cfg.generate_seed)
    set_task_paths(train_spec(cfg))


def _training_side(cfg: GeneralizeConfig, root: Path, clock: "StageClock", test_spec: str, log: Callable[[str], None]) -> dict[str, Any]:
    """Experts -> export -> bc0 -> DAgger rounds -> DPO / GRPO: {card, adapter (the last BC), adapters (per arm)}, or
    the stop's {stopped_at, jobs, ...} with train_elsewhere where a checkpoint is missing."""
    log(f"[expert] {train_spec(cfg)}")
    runs = [root / "expert"]
    with clock("expert"):
        expert = _rollouts(cfg, "expert", train_spec(cfg), runs[0], max_steps=SCORE_MODE_STEPS)  # the expert ends itself
    log(f"[expert] solved {expert['n_success']}/{expert['n_episodes']} ({expert['n_errors']} errors)")
    if not expert["n_success"]:
        raise HaloError(
            f"The expert solved none of the {expert['n_episodes']} training tasks: check the families with "
            f"`halo eval --mode expert --tasks {train_spec(cfg)}` (episodes in {runs[0]})."
        )
    data = root / "data0"
    with clock("export"):
        card = _export(cfg, runs, data)
    check_training_data(card)
    log(f"[bc0] {card['files']['bc_train.jsonl']} BC rows")
    checkpoints = root / "checkpoints"

    def stop_for_elsewhere(jobs: list[tuple[str, str, Path, str]]) -> dict[str, Any] | None:
        """With train_elsewhere, where a job's checkpoint is missing: its config files, then stop (the rerun goes on)."""
        missing = [job for job in jobs if not is_trained(checkpoints / job[1])]
        if not cfg.train_elsewhere or not missing:
            return None
        probe = _real_steps(cfg, root, test_spec, clock) if cfg.step_eval_prompts > 0 else None  # the device measures on them
        args = write_elsewhere_jobs(cfg, missing)
        first = missing[0][1]
        log(f"[{first}] train_elsewhere: params/rl/gpu_train.sh $OUT {' '.join(args)}; unpack into {checkpoints}, then rerun")
        return {
            "stopped_at": first,
            "jobs": args,
            "data": str(jobs[0][2]),
            "checkpoints": str(checkpoints),
            "step_prompts": str(probe or ""),
        }

    preference_init = str(checkpoints / preference_base(cfg))

    def preference_jobs(data: Path) -> list[tuple[str, str, Path, str]]:
        return [(arm, arm, data, preference_init) for arm in ("dpo", "grpo") if arm in cfg.arms and card["files"].get(f"{arm}_train.jsonl")]

    if cfg.bc0_from:
        adopt_bc0(cfg.bc0_from, checkpoints / "bc0", data / "bc_train.jsonl", log)
    last = cfg.dagger_rounds == 0
    stopped = stop_for_elsewhere([("bc", "bc0", data, "")] + (preference_jobs(data) if last else []))
    if stopped:
        return stopped
    with clock("bc0"):
        adapter = _train("bc", cfg, "bc0", data)
    judged: list[Path] = []
    trained_bc = True
    for r in range(1, cfg.dagger_rounds + 1):
        log(f"[dagger{r}] the BC worker on {train_spec(cfg, cfg.dagger_tasks)}, labelled by the expert")
        run = root / f"dagger{r}"
        with clock(f"dagger{r}"):
            _rollouts(cfg, worker_mode(adapter), train_spec(cfg, cfg.dagger_tasks), run, labels=True)
        runs.append(run)
        if cfg.judge_pairs:
            judged.append(_judge(cfg, run, root / f"judge{r}", clock, r, log))
        data = root / f"data{r}"
        with clock("export"):
            card = _export(cfg, runs, data, judged)
        check_training_data(card)
        log(f"[bc{r}] {card['files']['bc_train.jsonl']} BC rows (expert + DAgger labels)")
        last = r == cfg.dagger_rounds
        trained_bc = bc_needed(cfg, r)
        bc_job = [("bc", f"bc{r}", data, adapter)] if trained_bc else []
        stopped = stop_for_elsewhere(bc_job + (preference_jobs(data) if last else []))
        if stopped:
            return stopped
        if not trained_bc:
            log(f"[bc{r}] not trained: no arm grades it and DPO/GRPO start from {preference_base(cfg)}")
            continue
        with clock(f"bc{r}"):
            adapter = _train("bc", cfg, f"bc{r}", data, init=adapter)
    adapters = {"zero": "", **({"bc": adapter} if trained_bc else {})}
    for arm in ("dpo", "grpo"):
        if arm not in cfg.arms:
            continue
        if not card["files"].get(f"{arm}_train.jsonl"):
            log(f"[{arm}] skipped: no {arm.upper()} rows in {data} (DPO pairs need DAgger runs: dagger_rounds >= 1)")
            continue
        with clock(arm):
            adapters[arm] = _train(arm, cfg, arm, data, init=preference_init)
    return {"card": card, "adapter": adapter, "adapters": adapters}


def _judge(cfg: GeneralizeConfig, run: Path, out: Path, clock: "StageClock", r: int, log: Callable[[str], None]) -> Path:
    """The judge's verdicts on DAgger round r's disagreements (a finished judge folder, linked or not, is read)."""
    from halo_lib.rl.config import JudgeConfig
    from halo_lib.rl.judge import judge_run

    if (out / "judgements.jsonl").is_file():  # written last: the judge finished
        return out.resolve()
    spec = train_spec(cfg, cfg.dagger_tasks)
    with clock(f"judge{r}"):
        judge_run(JudgeConfig(run=str(run), tasks=spec, out_dir=str(out), workers=cfg.workers, sites_port=cfg.sites_port), log=log)
    return out


def run_generalize(cfg: GeneralizeConfig, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run (or resume) every stage; returns the result table (also written to result.json / result.md)."""
    if cfg.dagger_rounds < 0 or cfg.train_tasks < 0:
        raise HaloError("dagger_rounds and train_tasks must be 0 or more.")
    unknown = sorted(set(cfg.arms) - {"zero", "bc", "dpo", "grpo"})
    if unknown:
        raise HaloError(f"Unknown arm '{unknown[0]}': arms are zero, bc, dpo, grpo.")
    if cfg.preference_from and cfg.preference_from not in {f"bc{r}" for r in range(cfg.dagger_rounds + 1)}:
        raise HaloError(
            f"preference_from '{cfg.preference_from}' is not a BC checkpoint of this run: give one of bc0 .. bc{cfg.dagger_rounds}, or leave it empty for the last."
        )
    from halo_lib.generated.generate import set_task_paths

    test_spec = real_test_spec(cfg)
    root = out_dir(cfg)
    clock = StageClock(root / "timings.json")
    zero_only = cfg.arms == ["zero"]  # the base model alone: nothing to train, so no task set, experts or export
    if zero_only and cfg.seen_tasks > 0:
        raise HaloError("seen_tasks grades the BC worker on its training tasks: add bc to arms, or set seen_tasks to 0.")
    if not zero_only:
        _prepare_train_set(cfg, clock, log)
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(json.dumps(cfg.__dict__, indent=2))
    if cfg.reuse_from:
        reuse_stages(cfg, root, clock, log)

    # bc0 given and nothing to train from it (no DAgger round, no DPO or GRPO arm): the adapter is graded as it is
    graded_only = bool(cfg.bc0_from) and cfg.dagger_rounds == 0 and not {"dpo", "grpo"} & set(cfg.arms)
    if zero_only:
        log("[zero] only the zero-shot arm: no experts, export or training")
        card, adapter, adapters = {"files": {}}, "", {"zero": ""}
    elif graded_only:
        bc0 = root / "checkpoints" / "bc0"
        adopt_bc0(cfg.bc0_from, bc0, None, log)
        card, adapter, adapters = {"files": {}}, str(bc0), {"zero": "", "bc": str(bc0)}
    else:
        trained = _training_side(cfg, root, clock, test_spec, log)
        if "stopped_at" in trained:
            return trained
        card, adapter, adapters = trained["card"], trained["adapter"], trained["adapters"]
    rows = {}
    for arm in [a for a in cfg.arms if a in adapters]:
        log(f"[eval {arm}] the worker alone on {len(test_spec.split(','))} REAL tasks")
        with clock(f"eval_{arm}"):
            summary = _rollouts(cfg, worker_mode(adapters[arm]), test_spec, root / f"eval_{arm}")
        rows[arm] = per_site(summary)
    seen = {}
    if cfg.seen_tasks > 0:
        log(f"[seen] the BC worker alone on {cfg.seen_tasks} of its training tasks, spread over the sites")
        with clock("eval_seen"):
            seen = per_site(_rollouts(cfg, worker_mode(adapter), seen_spec(cfg), root / "eval_seen"))["all"]
    steps = {}
    if cfg.step_eval_prompts > 0:
        log(f"[steps] the expert on the REAL test tasks; each arm's next action on {cfg.step_eval_prompts} of its steps")
        probe = _real_steps(cfg, root, test_spec, clock)
        for arm in [a for a in cfg.arms if a in adapters]:
            with clock(f"steps_{arm}"):
                steps[arm] = arm_step_accuracy(
                    adapters[arm], probe, root / f"steps_{arm}.json", cfg.model, cfg.worker_decoding, dtype=cfg.worker_dtype
                )
    from halo_lib.rl.generalize_report import commit

    result = {
        "commit": commit(),
        "config": cfg.__dict__,
        "train_tasks": 0 if zero_only else len(set_task_paths(train_spec(cfg))),
        "test_tasks": test_spec.split(","),
        "arms": rows,
        "unseen_real": headline(rows),
        "seen_generated": seen,
        "step_accuracy": steps,
        "data": {
            "bc_rows": card["files"].get("bc_train.jsonl", 0),
            "bc_val_rows": card["files"].get("bc_val.jsonl", 0),
            "bc_skipped": card.get("bc_skipped", {}),
        },
        "adapters": {arm: path for arm, path in adapters.items() if path},
        "training": training_facts(adapters),
        "wall_s": clock.totals(),
    }
    (root / "result.json").write_text(json.dumps(result, indent=2))
    (root / "result.md").write_text(result_markdown(result))
    if cfg.publish:
        from halo_lib.rl.generalize_report import publish

        publish(result, root, log=log)
    return result


class StageClock:
    """Seconds spent per stage, summed over every (resumed) invocation and kept in `path`."""

    def __init__(self, path: Path):
        self.path = path
        self.seconds: dict[str, float] = json.loads(path.read_text()) if path.is_file() else {}

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = round(self.seconds.get(stage, 0.0) + time.perf_counter() - started, 1)
            self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.seconds, indent=2))

    def totals(self) -> dict[str, float]:
        return {**self.seconds, "total": round(sum(self.seconds.values()), 1)}


def headline(rows: dict[str, Any]) -> dict[str, Any]:
    """The best trained arm on the REAL tasks (ties go to the simplest: bc, then dpo, then grpo), in the
    report's shape: success_rate, stderr, n_tasks, per_site."""
    trained = [arm for arm in ("bc", "dpo", "grpo") if arm in rows] or list(rows)
    if not trained:
        return {}
    best = max(trained, key=lambda arm: (rows[arm]["all"]["success"], -trained.index(arm)))
    row = rows[best]
    per_site = {site: {"success_rate": v["success"], "stderr": v["stderr"], "n_tasks": v["n"]} for site, v in row.items() if site != "all"}
    return {
        "arm": best,
        "success_rate": row["all"]["success"],
        "stderr": row["all"]["stderr"],
        "n_tasks": row["all"]["n"],
        "per_site": per_site,
    }


def training_facts(adapters: dict[str, str]) -> dict[str, Any]:
    """Per trained adapter: optimizer steps, examples, loss, wall time and training tokens/s (its metrics.json)."""
    facts = {}
    for arm, path in adapters.items():
        metrics = Path(path) / "metrics.json" if path else None
        if metrics and metrics.is_file():
            m = json.loads(metrics.read_text())
            keys = (
                "global_steps",
                "examples",
                "train_loss",
                "train_wall_s",
                "tokens_per_s",
                "input_tokens_seen",
                "stopped_at_wall_limit",
                "backend",
                "device",
                "precision",
                "adopted_from",
                "same_data",
            )
            facts[arm] = {k: m.get(k) for k in keys}
    return facts


def per_site(summary: dict[str, Any]) -> dict[str, Any]:
    """Success per site with its standard error, from a run summary's episodes."""
    return site_rates(summary.get("episodes", []), "success")


def site_rates(rows: list[dict[str, Any]], outcome: str) -> dict[str, Any]:
    """The share of `rows` (each with a task_id) whose `outcome` is true, per site and over "all", with standard
    errors."""
    from halo_lib.env.tasks import site_of

    by_site: dict[str, list[float]] = {}
    for row in rows:
        by_site.setdefault(site_of(row["task_id"]), []).append(1.0 if row.get(outcome) else 0.0)
    out = {site: _rate(values) for site, values in sorted(by_site.items())}
    out["all"] = _rate([v for values in by_site.values() for v in values])
    return out


def _rate(values: list[float]) -> dict[str, float]:
    n = len(values)
    p = sum(values) / n if n else 0.0
    return {"n": n, "success": round(p, 4), "stderr": round(math.sqrt(p * (1 - p) / n), 4) if n else 0.0}


def what_was_trained(result: dict[str, Any]) -> str:
    """The run's training in a few words, for headings: the base model alone, an adapter graded as it was given
    (`bc0_from`), or the generated tasks trained on and the DAgger rounds on top."""
    cfg = result.get("config") or {}
    rounds = cfg.get("dagger_rounds", 0)
    dagger = f", then {rounds} DAgger round{'s' * (rounds > 1)} on {cfg.get('dagger_tasks')} of them" if rounds else ""
    if set(result["arms"]) == {"zero"}:
        return "the base model zero-shot (nothing trained)"
    if cfg.get("bc0_from"):
        if not rounds and not {"dpo", "grpo"} & set(cfg.get("arms", [])):
            return f"the adapter {cfg['bc0_from']} as it is (nothing trained in this run)"
        return f"bc0 taken from {cfg['bc0_from']}, {result['train_tasks']} generated tasks exported{dagger}"
    return f"trained on {result['train_tasks']} generated tasks{dagger}"


def result_markdown(result: dict[str, Any]) -> str:
    arms = result["arms"]
    sites = sorted({s for row in arms.values() for s in row if s != "all"}) + ["all"]
    lines = [
        f"# Generalization: {what_was_trained(result)}, graded on REAL v2 replica tasks",
        "",
        "The worker alone (no cache, macros or manager); success ± standard error (n = REAL tasks).",
        "",
        "| site | " + " | ".join(arms) + " |",
        "|---|" + "---:|" * len(arms),
    ]
    for site in sites:
        cells = []
        for arm in arms:
            cell = arms[arm].get(site)
            cells.append(f"{100 * cell['success']:.0f}% ± {100 * cell['stderr']:.0f} (n={cell['n']})" if cell else "")
        lines.append(f"| {site} | " + " | ".join(cells) + " |")
    seen = result.get("seen_generated")
    if seen:
        lines += [
            "",
            f"Trained-task success (the BC worker on {seen['n']} of its own generated training tasks): "
            f"{100 * seen['success']:.0f}% ± {100 * seen['stderr']:.0f}.",
        ]
    steps = result.get("step_accuracy") or {}
    if steps:
        n = next(iter(steps.values()))["n"]
        cells = ", ".join(
            f"{arm} {s['exact']}/{s['n']} ({100 * s['rate']['success']:.0f}% ± {100 * s['rate']['stderr']:.0f}; {s['parses']} parse)"
            for arm, s in steps.items()
        )
        lines += [
            "",
            f"Next-action accuracy on {n} expert steps of the REAL test tasks (teacher-forced, greedy, exact action): {cells}.",
        ]
    training = result.get("training") or {}
    if training:
        lines += [
            "",
            "| adapter | steps | examples | final loss | train wall s | tokens/s | backend | device |",
            "|---|---:|---:|---:|---:|---:|---|---|",
        ]
        for arm, f in training.items():
            if f.get("adopted_from"):  # bc0_from: trained elsewhere, its facts are in its own folder
                lines.append(f"| {arm} | taken from {f['adopted_from']} (bc0_from) | | | | | | {f.get('device') or ''} |")
                continue
            loss = f"{f['train_loss']:.3f}" if isinstance(f.get("train_loss"), (int, float)) else ""
            lines.append(
                f"| {arm} | {f.get('global_steps')} | {f.get('examples') or ''} | {loss} | {f.get('train_wall_s')} | {f.get('tokens_per_s')} | {f.get('backend')} | {', '.join(filter(None, (f.get('device'), f.get('precision'))))} |"
            )
    data = result.get("data") or {}
    if data.get("bc_rows"):  # a run that exported nothing (zero-shot alone, an adapter graded as it is) has no rows
        skipped = ", ".join(f"{n} {why}" for why, n in data.get("bc_skipped", {}).items()) or "none"
        lines += ["", f"Training data: {data['bc_rows']} BC rows ({data['bc_val_rows']} validation); steps left out: {skipped}."]
    wall = result.get("wall_s") or {}
    if wall:
        lines += ["", "Wall time per stage (s): " + ", ".join(f"{k} {v:g}" for k, v in wall.items()) + "."]
    return "\n".join(lines) + "\n"

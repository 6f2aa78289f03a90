"""Publish a generalization run: the small report under artifacts/reports/generalization/ and, when it beats the
shipped one, the adapter under adapters/qwen_bc/ (the `qwen_worker_bc` mode's adapter, so the mode runs on
a fresh clone with no training).

    halo generalize --config params/generalize/cpu.yaml --publish    # run (or resume), then publish
    from halo_lib.rl.generalize_report import publish
    publish(json.loads(Path("artifacts/generalize/gen_cpu/result.json").read_text()), Path("artifacts/generalize/gen_cpu"))

`<run name>.json` holds the run's result (`unseen_real.success_rate`, `unseen_real.n_tasks`, `unseen_real.per_site`, every
arm per site, trained-task success, training tokens/s, wall time per stage) with the commit it ran on; `<run name>.md`
is the same as a table. The adapter is shipped as fp16 safetensors (at most MAX_ADAPTER_MB) with card.json (data
hash, training config, result) and CARD.md; it replaces the shipped one only when its unseen REAL success rate is
higher, so there is one adapter, the best so far. A run that grades the shipped weights themselves (`bc0_from`)
adds its result to their card's `gradings` instead.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

from halo_lib.paths import PROJECT_ROOT
from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path

REPORT_DIR = "artifacts/reports/generalization"
SHIPPED_ADAPTER = "adapters/qwen_bc"  # in the repository (read from the project root), not a run artifact
MAX_ADAPTER_MB = 25.0


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def publish(
    result: dict[str, Any],
    run_dir: Path,
    log: Callable[[str], None] = print,
    report_dir: str = REPORT_DIR,
    adapter_dir: str = SHIPPED_ADAPTER,
) -> dict[str, Any]:
    """Write <run name>.md / .json, and ship the headline arm's adapter if it beats the shipped one."""
    from halo_lib.rl.generalize import result_markdown

    out = resolve_path(report_dir)
    out.mkdir(parents=True, exist_ok=True)
    stamp = {"commit": result.get("commit") or commit(), "date": datetime.date.today().isoformat(), "run_dir": str(run_dir)}
    report = {**result, **stamp}
    name = Path(run_dir).name
    (out / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    header = f"Run `{name}` (code at commit {stamp['commit']}), {stamp['date']}: `halo generalize` with\n\n```json\n{json.dumps(result['config'], indent=2)}\n```\n\n"
    (out / f"{name}.md").write_text(result_markdown(result).replace("\n\n", "\n\n" + header, 1))
    log(f"[publish] {out / name}.md")
    headline = result.get("unseen_real") or {}
    adapter = result.get("adapters", {}).get(headline.get("arm", ""), "")
    shipped = resolve_path(adapter_dir)
    if adapter and same_weights(Path(adapter), shipped):  # bc0_from the shipped adapter, graded again
        record_grading(report, name, shipped, log=log)
    elif adapter:
        ship_adapter(Path(adapter), report, shipped, log=log)
    return report


def same_weights(adapter: Path, shipped: Path) -> bool:
    """True when `adapter` holds `shipped`'s weights byte for byte (a run that took the shipped adapter as bc0; a
    bc0_from adapter that is another run's bc0)."""
    ours, theirs = adapter / "adapter_model.safetensors", shipped / "adapter_model.safetensors"
    return ours.is_file() and theirs.is_file() and ours.read_bytes() == theirs.read_bytes()


def record_grading(report: dict[str, Any], run: str, shipped: Path, log: Callable[[str], None] = print) -> None:
    """Add a run's grading of the shipped weights to their card (one entry per run, the latest kept): the card's
    headline stays the result of the run that trained them, and this is not a new adapter to compare with it."""
    card = json.loads((shipped / "card.json").read_text())
    unseen = report["unseen_real"]
    entry = {
        "run": run,
        "commit": report.get("commit"),
        "date": report.get("date"),
        "arm": unseen["arm"],
        "success_rate": unseen["success_rate"],
        "stderr": unseen["stderr"],
        "n_tasks": unseen["n_tasks"],
        "worker_dtype": (report.get("config") or {}).get("worker_dtype", "auto"),
    }
    card["gradings"] = [g for g in card.get("gradings", []) if g["run"] != run] + [entry]
    (shipped / "card.json").write_text(json.dumps(card, indent=2) + "\n")
    (shipped / "CARD.md").write_text(card_markdown(card))
    log(f"[publish] {run} graded the shipped adapter itself: {unseen['success_rate']:.1%} of {unseen['n_tasks']} added to its card")


def shipped_success(adapter_dir: Path) -> float | None:
    card = adapter_dir / "card.json"
    if not card.is_file():
        return None
    return float(json.loads(card.read_text())["result"]["unseen_real"]["success_rate"])


def save_fp16(weights_file: Path, target_file: Path) -> None:
    """A safetensors file's floating-point tensors written as fp16 (the shipped adapter; the device's trip back)."""
    import torch
    from safetensors.torch import load_file, save_file

    weights = load_file(str(weights_file))
    half = {name: tensor.to(torch.float16) if tensor.is_floating_point() else tensor for name, tensor in weights.items()}
    save_file(half, str(target_file), metadata={"format": "pt"})


def ship_adapter(source: Path, report: dict[str, Any], target: Path, log: Callable[[str], None] = print) -> bool:
    """Copy `source` (a PEFT adapter folder) to `target` as fp16 when it beats what `target` holds; True if shipped."""
    rate = float(report["unseen_real"]["success_rate"])
    current = shipped_success(target)
    if current is not None and rate <= current:
        log(f"[publish] adapter not shipped: {rate:.1%} on unseen REAL tasks does not beat the shipped {current:.1%}")
        return False
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    save_fp16(source / "adapter_model.safetensors", staging / "adapter_model.safetensors")
    size_mb = (staging / "adapter_model.safetensors").stat().st_size / 2**20
    if size_mb > MAX_ADAPTER_MB:
        shutil.rmtree(staging)
        raise HaloError(
            f"The adapter is {size_mb:.1f} MB in fp16, over the {MAX_ADAPTER_MB:g} MB a shipped adapter may be: train a smaller LoRA (lora_r, lora_top_layers)."
        )
    (staging / "adapter_config.json").write_text(json.dumps(portable_adapter_config(source / "adapter_config.json"), indent=2) + "\n")
    training = json.loads((source / "config.json").read_text()) if (source / "config.json").is_file() else {}
    card = {
        "source": str(source),
        "data_hash": training.get("data_hash", ""),
        "training_config": training.get("config", {}),
        "result": {
            k: report[k]
            for k in ("commit", "date", "unseen_real", "seen_generated", "train_tasks", "test_tasks", "training", "wall_s")
            if k in report
        },
        "generalize_config": report.get("config", {}),
        "size_mb": round(size_mb, 2),
    }
    (staging / "card.json").write_text(json.dumps(card, indent=2) + "\n")
    (staging / "CARD.md").write_text(card_markdown(card))
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    log(f"[publish] shipped the adapter ({size_mb:.1f} MB fp16, {rate:.1%} on unseen REAL tasks) to {target}")
    return True


def portable_adapter_config(path: Path) -> dict[str, Any]:
    """The adapter's config with this machine's path to the default local model dropped (an empty base means the
    default local model to `halo serve vllm` and every loader), so the shipped folder works on any clone."""
    from halo_lib.policy.local_model import DEFAULT_MODEL_DIR

    config = json.loads(path.read_text())
    base = config.get("base_model_name_or_path") or ""
    if base and Path(base).name == DEFAULT_MODEL_DIR.name:
        config["base_model_name_or_path"] = ""
    return config


def trained_on(card: dict[str, Any]) -> str:
    """The shipped adapter's training device (metrics.json's `device`; older adapters did not record it)."""
    training = card["result"].get("training") or {}
    arm = (card["result"].get("unseen_real") or {}).get("arm", "bc")
    return (training.get(arm) or {}).get("device") or "an unrecorded device"


def card_markdown(card: dict[str, Any]) -> str:
    result = card["result"]
    unseen = result["unseen_real"]
    seen = result.get("seen_generated") or {}
    lines = [
        "# qwen_bc: the shipped worker adapter (LoRA on SmolLM2-135M-Instruct, fp16)",
        "",
        "Trained on generated tasks only (`halo generalize`), never on a REAL task; the `qwen_worker_bc` mode loads it.",
        "",
        f"- unseen REAL v2 tasks, the worker alone: **{unseen['success_rate']:.1%} ± {unseen['stderr']:.1%}** of {unseen['n_tasks']} ({unseen['arm']} arm)",
    ]
    if seen:
        lines.append(f"- its own generated training tasks: {seen['success']:.1%} of {seen['n']}")
    lines += [
        f"- generated training tasks: {result.get('train_tasks')}; commit {result.get('commit')}, {result.get('date')}",
        f"- data hash: `{card['data_hash']}`; {card['size_mb']} MB; trained on {trained_on(card)}",
        "",
        "Training config:",
        "",
        "```json",
        json.dumps(card["training_config"], indent=2),
        "```",
        "",
        "Per site (unseen REAL tasks):",
        "",
        "| site | success | n |",
        "|---|---:|---:|",
    ]
    for site, row in sorted(unseen.get("per_site", {}).items()):
        lines.append(f"| {site} | {row['success_rate']:.0%} | {row['n_tasks']} |")
    if card.get("gradings"):
        lines += ["", "These weights graded again by later runs (`bc0_from`; the worker alone on unseen REAL tasks):", ""]
        lines += ["| run | success | n | weights as | commit, date |", "|---|---:|---:|---|---|"]
        for g in card["gradings"]:
            rate = f"{g['success_rate']:.1%} ± {g['stderr']:.1%}"
            lines.append(f"| {g['run']} | {rate} | {g['n_tasks']} | {g['worker_dtype']} | {g['commit']}, {g['date']} |")
    return "\n".join(lines) + "\n"


def load_results(folders: list[Path]) -> list[dict[str, Any]]:
    """result.json of each generalization run folder, in the order given; one sentence for a folder without one."""
    results = []
    for folder in folders:
        path = Path(folder) / "result.json"
        if not path.is_file():
            raise HaloError(f"{folder} has no result.json: run `halo generalize` for it first, or drop it from the list.")
        results.append(json.loads(path.read_text()))
    return results


def site_figure(result: dict[str, Any]):
    """Success per site on the unseen REAL tasks, one bar per arm, with standard-error bars (plotly)."""
    import plotly.graph_objects as go

    from halo_lib.rl.generalize import what_was_trained

    trained = what_was_trained(result)
    arms = result["arms"]
    sites = sorted({s for row in arms.values() for s in row if s != "all"}) + ["all"]
    fig = go.Figure()
    for arm, row in arms.items():
        fig.add_bar(
            name=arm,
            x=[f"{s} (n={row[s]['n']})" if s in row else s for s in sites],
            y=[row.get(s, {}).get("success", 0.0) for s in sites],
            error_y={"type": "data", "array": [row.get(s, {}).get("stderr", 0.0) for s in sites]},
        )
    fig.update_layout(
        barmode="group",
        yaxis_title="success rate",
        yaxis_range=[0, 1],
        title=f"{trained[0].upper()}{trained[1:]}, graded on unseen REAL v2 tasks (the worker alone)",
    )
    return fig


def curve_figure(results: list[dict[str, Any]]):
    """Unseen-REAL success against the number of generated training tasks, one line per arm (plotly)."""
    import plotly.graph_objects as go

    ordered = sorted(results, key=lambda r: r["train_tasks"])
    fig = go.Figure()
    for arm in dict.fromkeys(arm for r in ordered for arm in r["arms"]):
        points = [(r["train_tasks"], r["arms"][arm]["all"]) for r in ordered if arm in r["arms"]]
        fig.add_scatter(
            name=arm,
            mode="lines+markers",
            x=[n for n, _ in points],
            y=[cell["success"] for _, cell in points],
            error_y={"type": "data", "array": [cell["stderr"] for _, cell in points]},
        )
    fig.update_layout(
        xaxis_title="generated training tasks",
        xaxis_type="log",
        yaxis_title="success on unseen REAL tasks",
        yaxis_range=[0, 1],
        title="Success against the number of generated training tasks",
    )
    return fig

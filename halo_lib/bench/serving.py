"""Serving backends compared on the worker's real prompts: latency per request and greedy-action agreement.

Rows: the in-process model in float32 (the reference), in bfloat16, and (with `vllm=True`, needs `./run.sh
serve-env`) a vLLM server with the adapter as a LoRA module and with base + adapter merged, and the LoRA server's
base model without the adapter (the LoRA's cost per request; another policy, so its actions differ). Each row answers the
same prompts (BC rows from `halo export`: exactly what the worker saw) greedily; the report gives the mean and
p50 latency per request (after one untimed warm-up request), the share of replies whose parsed action equals the float32 reference's, and the share
equal to the expert's label in the data. Concurrency: 1 and each count of `parallel` ("2,4") requests at once for the
server rows.

With `tasks`, whole replica episodes too (`bench_episodes`): the open worker with the adapter (mode
qwen_worker_bc with vac, macros and the manager off, so the worker decides every step) through each backend
(in-process float32, bfloat16, vLLM merged, vLLM base + LoRA), one episode at a time and each count of `parallel`
at once (Ray), greedy; the report gives episodes/min and steps/min per backend and compares every episode's actions step
by step with the in-process float32 run: the first step where they differ, both actions, both raw replies, and
whether the page (the prompt) was already different there. Each run folder stays under <out>/serving_runs/.

    halo bench serving --data artifacts/datasets/rl/bc_val.jsonl --adapter artifacts/checkpoints/qwen_bc --n 20 --vllm
    halo bench serving --tasks v2.gomail-1,v2.omnizon-13,v2.udriver-1 --max-steps 5 --adapter adapters/qwen_bc --vllm --parallel 2,4
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from halo_lib.errors import HaloError
from halo_lib.paths import resolve_path
from halo_lib.policy.grammar import ActionParseError, parse_action

MAX_NEW_TOKENS = 24  # an action is ~10-20 tokens (AgentConfig.max_new_tokens is the agent's own bound)


def load_prompts(data: str | Path, n: int) -> list[dict[str, Any]]:
    path = resolve_path(data)
    if not path.is_file():
        raise HaloError(f"Prompt file '{data}' does not exist: give a bc_*.jsonl written by `halo export`.")
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not rows or "prompt" not in rows[0]:
        raise HaloError(f"'{data}' holds no BC rows (prompt + completion): give a bc_*.jsonl written by `halo export`.")
    return rows[:n]


def action_of(text: str) -> str:
    try:
        action = parse_action(text)
    except ActionParseError:
        return f"<unparsed> {text.strip()[:60]}"
    return f"{action.name}{action.args!r}"


def _row(name: str, complete: Callable[[list[dict]], tuple[str, float]], rows: list[dict], parallel: int) -> dict[str, Any]:
    complete(rows[-1]["prompt"])  # warm-up, not timed: the first request pays for loading (a LoRA, kernels, caches)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        answers = list(pool.map(lambda row: complete(row["prompt"]), rows))
    wall = time.perf_counter() - started
    latencies = [latency for _, latency in answers]
    return {
        "backend": name,
        "parallel": parallel,
        "n": len(rows),
        "wall_s": round(wall, 2),
        "mean_s": round(statistics.mean(latencies), 3),
        "p50_s": round(statistics.median(latencies), 3),
        "requests_per_min": round(60 * len(rows) / wall, 1),
        "actions": [action_of(text) for text, _ in answers],
    }


def _local(adapter: str, dtype: str) -> Callable[[list[dict]], tuple[str, float]]:
    from halo_lib.policy.backends import BackendSpec, make_backend

    backend = make_backend(BackendSpec("local", "", adapter=adapter, dtype=dtype))

    def complete(messages: list[dict]) -> tuple[str, float]:
        reply = backend.complete(messages, max_tokens=MAX_NEW_TOKENS, temperature=0.0, stop=["\n\n"])
        return reply.text, reply.latency_s

    return complete


def _served(url: str, model: str) -> Callable[[list[dict]], tuple[str, float]]:
    from halo_lib.policy.backends import BackendSpec, make_backend

    backend = make_backend(BackendSpec("openai", model, base_url=url, api_key_env="HALO_VLLM_API_KEY", timeout_s=300))

    def complete(messages: list[dict]) -> tuple[str, float]:
        reply = backend.complete(messages, max_tokens=MAX_NEW_TOKENS, temperature=0.0, stop=["\n\n"])
        return reply.text, reply.latency_s

    return complete


def parallel_levels(parallel: int | str | list[int]) -> list[int]:
    """The concurrency levels to measure: 1 (sequential) and each of `parallel` (a count, a list, or "2,4")."""
    if isinstance(parallel, str):
        try:
            parallel = [int(part) for part in parallel.split(",") if part.strip()]
        except ValueError:
            raise HaloError(f"--parallel '{parallel}' is not a count: give one, or several with commas (2,4).") from None
    levels = [parallel] if isinstance(parallel, int) else list(parallel)
    if any(level < 1 for level in levels):
        raise HaloError(f"--parallel {levels} has a count under 1: give counts of 1 or more (2,4).")
    return sorted({1, *levels})


def bench_serving(
    data: str = "",
    adapter: str = "",
    n: int = 20,
    vllm: bool = False,
    parallel: int | str | list[int] = 2,
    out_dir: str | Path | None = None,
    tasks: str = "",
    max_steps: int = 5,
    sites: Any = None,
) -> dict[str, Any]:
    """Every backend on the same `n` prompts (with `data`) and on the same replica episodes (with `tasks`); returns
    (and writes, with out_dir) the report."""
    levels = parallel_levels(parallel)
    if not data and not tasks:
        raise HaloError("Give --data (the worker's prompts, a bc_*.jsonl from `halo export`), --tasks (replica episodes), or both.")
    from halo_lib.bench.report import finish_report, start_clock, write_report

    clock = start_clock()
    report = _bench_requests(data, adapter, n, vllm, levels) if data else {"rows": [], "startup_s": {}, "n": 0, "data": ""}
    if tasks:
        runs_root = (resolve_path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="halo-serving-"))) / "serving_runs"
        report["episodes"] = bench_episodes(tasks, adapter, max_steps, vllm, levels, runs_root, sites)
    report["adapter"] = str(resolve_path(adapter)) if adapter else ""
    report["cores"] = os.cpu_count()
    report["markdown"] = markdown(report)
    finish_report(report, clock, "Serving backends on the worker's prompts" + (" and replica episodes" if tasks else ""))
    if out_dir is not None:
        write_report(resolve_path(out_dir), "bench_serving", report)
    return report


def _bench_requests(data: str, adapter: str, n: int, vllm: bool, levels: list[int]) -> dict[str, Any]:
    """The request rows: every backend on the same `n` prompts of `data`."""
    from halo_lib.rl.serve import VllmServeConfig, vllm_server

    rows = load_prompts(data, n)
    adapter = str(resolve_path(adapter)) if adapter else ""
    expert = [action_of(row["completion"][0]["content"]) for row in rows]
    load_start = os.getloadavg()[0]
    results = [
        _row("in-process float32", _local(adapter, "float32"), rows, 1),
        _row("in-process bfloat16", _local(adapter, "bfloat16"), rows, 1),
    ]
    startups: dict[str, float] = {}
    if vllm:
        for merged in (False, True):
            if merged and not adapter:
                continue
            with vllm_server(VllmServeConfig(adapters=adapter, merged=merged)) as served:
                label = "vLLM merged" if merged else ("vLLM base + LoRA" if adapter else "vLLM base")
                startups[label] = served.startup_s
                model = served.names[-1]
                for workers in levels:
                    results.append(_row(label, _served(served.url, model), rows, workers))
                if adapter and not merged:  # the same server's base model: what the LoRA costs per request
                    for workers in levels:
                        results.append(_row("vLLM base (no adapter)", _served(served.url, served.names[0]), rows, workers))
    reference = results[0]["actions"]
    for row in results:
        row["same_as_float32"] = round(sum(a == b for a, b in zip(row["actions"], reference)) / len(rows), 3)
        row["same_as_expert"] = round(sum(a == b for a, b in zip(row["actions"], expert)) / len(rows), 3)
    report = {
        "data": str(data),
        "adapter": adapter,
        "n": len(rows),
        "rows": results,
        "startup_s": startups,
        "load_avg": [round(load_start, 1), round(os.getloadavg()[0], 1)],
        "cores": os.cpu_count(),
    }
    report["differences"] = [
        {
            "prompt": i,
            "float32": reference[i],
            **{f"{r['backend']} x{r['parallel']}": r["actions"][i] for r in results[1:] if r["actions"][i] != reference[i]},
        }
        for i in range(len(rows))
        if any(r["actions"][i] != reference[i] for r in results[1:])
    ]
    return report


EPISODE_BACKENDS = ("in-process float32", "in-process bfloat16", "vLLM merged", "vLLM base + LoRA")


def episode_mode(adapter: str) -> str:
    """The open worker with `adapter` deciding every step: no cache, no macros, no manager (the backends differ only
    in how the worker's model is run)."""
    return f"qwen_worker_bc:adapter={adapter},vac=false,macros=false,manager=none"


def step_actions(run_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """episode name -> its steps as {action, source, fingerprint, reply} (reply: the worker's last raw text)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((run_dir / "episodes").glob("*.jsonl")):
        steps = []
        for line in path.read_text().splitlines():
            record = json.loads(line) if line.strip() else {}
            if record.get("type") != "step":
                continue
            decision = record.get("decision") or {}
            attempts = decision.get("worker") or []
            steps.append(
                {
                    "action": record.get("action", ""),
                    "source": record.get("source", ""),
                    "fingerprint": decision.get("fingerprint", ""),
                    "reply": str(attempts[-1].get("text", "")) if attempts else "",
                }
            )
        out[path.stem] = steps
    return out


def compare_steps(reference: dict[str, list[dict]], other: dict[str, list[dict]]) -> list[dict[str, Any]]:
    """Per episode: the first step where `other`'s action differs from `reference`'s (None: same actions all the way),
    both actions and raw replies there, and whether the page the worker saw was already different (its fingerprint)."""
    rows = []
    for name, ref_steps in reference.items():
        steps = other.get(name)
        if steps is None:
            rows.append({"episode": name, "first_diff_step": None, "missing": True})
            continue
        same = 0
        while same < min(len(ref_steps), len(steps)) and ref_steps[same]["action"] == steps[same]["action"]:
            same += 1
        row: dict[str, Any] = {"episode": name, "steps": [len(ref_steps), len(steps)], "same_steps": same, "first_diff_step": None}
        if same < max(len(ref_steps), len(steps)):
            row["first_diff_step"] = same
            a = ref_steps[same] if same < len(ref_steps) else {}
            b = steps[same] if same < len(steps) else {}
            row.update(
                reference_action=a.get("action", "(episode ended)"),
                action=b.get("action", "(episode ended)"),
                reference_reply=a.get("reply", ""),
                reply=b.get("reply", ""),
                same_page=bool(a and b and a.get("fingerprint") == b.get("fingerprint")),
            )
        rows.append(row)
    return rows


def bench_episodes(
    tasks: str, adapter: str, max_steps: int, vllm: bool, levels: list[int], runs_root: Path, sites: Any = None
) -> dict[str, Any]:
    """The same replica episodes through each backend at each concurrency level of `levels` (1: one at a time): episodes/min, steps/min,
    and every episode's actions against the in-process float32 run's, step by step."""
    import dataclasses

    from halo_lib.config import AgentConfig, RunConfig, SitesConfig
    from halo_lib.rl.serve import VllmServeConfig, vllm_server
    from halo_lib.runner.eval import run_eval

    adapter = str(resolve_path(adapter)) if adapter else ""
    if not adapter:
        raise HaloError("Episodes through the serving backends need a trained adapter: pass --adapter artifacts/checkpoints/<name>.")
    mode = episode_mode(adapter)
    base = RunConfig(mode=mode, tasks=tasks, max_steps=max_steps, sites=sites or SitesConfig())
    rows: list[dict[str, Any]] = []
    startups: dict[str, float] = {}

    def play(label: str, agent: AgentConfig) -> None:
        for workers in levels:
            out = runs_root / f"{label.replace(' ', '_').replace('+', 'plus')}_x{workers}"
            config = dataclasses.replace(base, agent=agent, workers=workers, out_dir=str(out))
            load = os.getloadavg()[0]
            started = time.perf_counter()
            summary = run_eval(config)
            wall = time.perf_counter() - started
            steps = sum(int(e.get("steps", 0)) for e in summary["episodes"])
            rows.append(
                {
                    "backend": label,
                    "parallel": workers,
                    "episodes": summary["n_episodes"],
                    "errors": summary["n_errors"],
                    "solved": summary["n_success"],
                    "steps": steps,
                    "wall_s": round(wall, 1),
                    "episodes_per_min": round(60 * summary["n_episodes"] / wall, 2),
                    "steps_per_min": round(60 * steps / wall, 1),
                    "load_start": round(load, 1),
                    "out_dir": str(out),
                }
            )
            # what is measured so far, in case a long bench is stopped before its report
            (runs_root / "partial.json").write_text(json.dumps({"rows": rows, "startup_s": startups}, indent=1))

    play("in-process float32", AgentConfig(worker_backend="local", local_dtype="float32"))
    play("in-process bfloat16", AgentConfig(worker_backend="local", local_dtype="bfloat16"))
    if vllm:
        for merged, label in ((True, "vLLM merged"), (False, "vLLM base + LoRA")):
            with vllm_server(VllmServeConfig(adapters=adapter, merged=merged)) as served:
                startups[label] = served.startup_s
                play(label, AgentConfig(worker_backend="vllm", vllm_url=served.url, worker_model=served.names[-1]))
    reference = step_actions(Path(rows[0]["out_dir"]))
    for row in rows:
        compared = compare_steps(reference, step_actions(Path(row["out_dir"])))
        total = sum(max(c.get("steps", [0, 0])) for c in compared)
        row["same_steps_as_float32"] = round(sum(c.get("same_steps", 0) for c in compared) / total, 3) if total else 1.0
        row["differences"] = [c for c in compared if c["first_diff_step"] is not None]
    return {
        "tasks": tasks,
        "max_steps": max_steps,
        "mode": "qwen_worker_bc (vac, macros, manager off)",
        "rows": rows,
        "startup_s": startups,
    }


def markdown(report: dict[str, Any]) -> str:
    lines: list[str] = []
    if report["rows"]:
        lines += [
            f"Serving backends on {report['n']} worker prompts ({report['data']}), adapter "
            f"`{Path(report['adapter']).name or 'none'}`, {report['cores']} cores, load {report['load_avg'][0]} -> {report['load_avg'][1]}",
            "",
            "| backend | parallel | mean s/request | p50 s | requests/min | same action as float32 | same as expert |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in report["rows"]:
            lines.append(
                f"| {row['backend']} | {row['parallel']} | {row['mean_s']} | {row['p50_s']} | {row['requests_per_min']} | "
                f"{row['same_as_float32']:.0%} | {row['same_as_expert']:.0%} |"
            )
        if report["startup_s"]:
            lines += ["", "Server start to healthy: " + ", ".join(f"{k} {v} s" for k, v in report["startup_s"].items())]
    episodes = report.get("episodes")
    if episodes:
        lines += [""] if lines else []
        lines += [
            f"Replica episodes ({episodes['tasks']}, at most {episodes['max_steps']} steps; {episodes['mode']}), adapter "
            f"`{Path(report['adapter']).name}`, greedy, {report['cores']} cores",
            "",
            "| backend | parallel episodes | episodes | steps | wall s | episodes/min | steps/min | same actions as float32 "
            "(steps) | episodes that differ | load at start |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in episodes["rows"]:
            lines.append(
                f"| {row['backend']} | {row['parallel']} | {row['episodes']} | {row['steps']} | {row['wall_s']} | "
                f"{row['episodes_per_min']} | {row['steps_per_min']} | {row['same_steps_as_float32']:.0%} | "
                f"{len(row['differences'])} | {row['load_start']} |"
            )
        if episodes["startup_s"]:
            lines += ["", "Server start to healthy: " + ", ".join(f"{k} {v} s" for k, v in episodes["startup_s"].items())]
        differing = [(row, d) for row in episodes["rows"] for d in row["differences"]]
        if differing:
            lines += ["", "First differing step against in-process float32 x1:", ""]
            lines += ["| backend | parallel | episode | step | float32 | this backend | same page there |", "|---|---|---|---|---|---|---|"]
            for row, d in differing:
                lines.append(
                    f"| {row['backend']} | {row['parallel']} | {d['episode']} | {d['first_diff_step']} | `{d.get('reference_action', '')}` | "
                    f"`{d.get('action', '')}` | {'yes' if d.get('same_page') else 'no'} |"
                )
    return "\n".join(lines)

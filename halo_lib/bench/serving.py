"""Serving backends compared on the worker's real prompts: latency per request and greedy-action agreement.

Rows: the in-process model in float32 (the reference), in bfloat16, and (with `vllm=True`, needs `./run.sh
serve-env`) a vLLM server with the adapter as a LoRA module and with base + adapter merged. Each row answers the
same prompts (BC rows from `halo export`: exactly what the worker saw) greedily; the report gives the mean and
p50 latency per request (after one untimed warm-up request), the share of replies whose parsed action equals the float32 reference's, and the share
equal to the expert's label in the data. Concurrency: `parallel` requests at once for the server rows.

    halo bench serving --data artifacts/datasets/rl/bc_val.jsonl --adapter artifacts/checkpoints/qwen_bc --n 20 --vllm
"""

from __future__ import annotations

import json
import os
import statistics
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


def bench_serving(
    data: str, adapter: str = "", n: int = 20, vllm: bool = False, parallel: int = 2, out_dir: str | Path | None = None
) -> dict[str, Any]:
    """Every backend on the same `n` prompts; returns (and writes, with out_dir) the report."""
    from halo_lib.rl.serve import VllmServeConfig, vllm_server

    from halo_lib.bench.report import finish_report, start_clock, write_report

    clock = start_clock()
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
                for workers in sorted({1, parallel}):
                    results.append(_row(label, _served(served.url, model), rows, workers))
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
    report["markdown"] = markdown(report)
    finish_report(report, clock, "Serving backends on the worker's prompts")
    if out_dir is not None:
        write_report(resolve_path(out_dir), "bench_serving", report)
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [
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
    return "\n".join(lines)

"""Every benchmark in one run, one JSON and one markdown report with HALO's numbers beside their anchors.

Sections (each also writes its own report under the same folder):
- step:     HALO's environment step vs agisdk's default BrowserEnv step vs the floor, same replica tasks, with
            success per setting (bench/step.py)
- parallel: episodes per minute and peak memory of an expert eval with 1, 2 and 4 Ray workers
            (bench/parallel.py)
- memory:   the same with the local model as worker (every Ray worker loads its own copy), 1 and 2 workers
- llm:      the local model's tokens/s and median step latency, in-process and through `transformers serve`
            (bench/llm.py)
- agent:    LLM calls per solved task per mode, first pass vs second pass with the caches
            (bench/agent.py, when present)
- train:    BC training tokens/s, HALO's trainer vs TRL's SFTTrainer, on the local model (bench/train.py); --quick
            (and a checkout without artifacts/datasets/rl/bc_train.jsonl) trains on a few rows it builds itself

Timings depend on what else runs on the machine: each section records the load average it saw, and every
report has bench/report.py's machine header.

    halo bench all [--out artifacts/reports] [--skip llm,agent,train] [--quick]
"""

from __future__ import annotations

import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from halo_lib.bench.report import finish_report, load_note, start_clock, write_report
from halo_lib.paths import artifacts_root

SECTIONS = ("step", "parallel", "memory", "llm", "agent", "train")


def _step(out: Path, quick: bool) -> dict[str, Any]:
    from halo_lib.bench.step import bench_step

    return bench_step("v2.omnizon-13" if quick else "v2.omnizon-13,v2.gomail-1", rounds=1 if quick else 2, out_dir=out)


def _parallel(out: Path, quick: bool) -> dict[str, Any]:
    from halo_lib.bench.parallel import bench_parallel

    if quick:
        return bench_parallel([1, 2], tasks="v2.omnizon-13,v2.gomail-24", rollouts=1, out_dir=out)
    return bench_parallel([1, 2, 4], rollouts=2, out_dir=out)


def _memory(out: Path, quick: bool) -> dict[str, Any]:
    from halo_lib.bench.parallel import bench_parallel

    report = bench_parallel(
        [1, 2],
        tasks="v2.omnizon-13,v2.gomail-24",
        rollouts=1,
        mode="baseline_worker",
        max_steps=1 if quick else 2,
        out_dir=None,
        title="Memory with the local model as worker",
    )
    write_report(out, "bench_memory", report)
    return report


def _llm(out: Path, quick: bool) -> dict[str, Any]:
    from halo_lib.bench.llm import bench_llm_report

    report = bench_llm_report(repeats=3 if quick else 5)
    write_report(out, "bench_llm", report)
    return report


def _agent(out: Path, quick: bool) -> dict[str, Any]:
    try:
        from halo_lib.bench.agent import BenchAgentConfig, bench_agent
    except ImportError:
        return {"skipped": "halo_lib.bench.agent is not in this checkout", "markdown": "(the agent benchmark is not in this checkout)"}
    from halo_lib.config import RunConfig, SitesConfig
    from halo_lib.ports import free_port_block
    from halo_lib.sites import replica_names

    config = BenchAgentConfig(
        modes=["baseline_worker", "hierarchy_vac_macros"],
        tasks="v2.omnizon-13,v2.gomail-24",
        max_steps=3 if quick else 5,
        out_dir=str(out / f"bench_agent_{time.strftime('%Y%m%d-%H%M%S')}"),
    )
    base = RunConfig(sites=SitesConfig(base_port=free_port_block(len(replica_names()))))
    report = bench_agent(config, base)
    report["targets"] = agent_targets(report["rows"])
    verdicts = ", ".join(
        f"{mode}: {t['worker_calls_reduction']:.0%} fewer worker calls on the second pass"
        f" ({'met' if t['met'] else 'NOT met'}: >= 90% with success {t['success_cold']:.0%} -> {t['success_second']:.0%})"
        for mode, t in report["targets"].items()
    )
    report["markdown"] += (
        f"\nTarget (>= 90% fewer worker calls on the second pass, success unchanged): {verdicts or 'no caching mode ran'}\n"
    )
    return report


def _train(out: Path, quick: bool) -> dict[str, Any]:
    from halo_lib.bench.train import bench_train, write_sample_bc_data

    data = artifacts_root() / "datasets" / "rl" / "bc_train.jsonl"
    with tempfile.TemporaryDirectory(prefix="halo-bench-train-") as scratch:
        if quick or not data.is_file():
            data = write_sample_bc_data(Path(scratch) / "bc_sample.jsonl", rows=6 if quick else 12)
        return bench_train(str(data), steps=2 if quick else 6, out_dir=out)


def agent_targets(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per caching mode: worker calls per episode, cold (first pass) vs second pass, and whether success held."""
    by = {(r["mode"], r["pass"]): r for r in rows}
    targets = {}
    for (mode, pass_name), second in by.items():
        cold = by.get((mode, "cold"))
        if pass_name != "second" or cold is None:
            continue
        reduction = 1 - second["worker_calls"] / cold["worker_calls"] if cold["worker_calls"] else float("nan")
        targets[mode] = {
            "worker_calls_cold": cold["worker_calls"],
            "worker_calls_second": second["worker_calls"],
            "worker_calls_reduction": reduction,
            "success_cold": cold["success_rate"],
            "success_second": second["success_rate"],
            "met": reduction >= 0.9 and second["success_rate"] >= cold["success_rate"],
        }
    return targets


RUNNERS: dict[str, Callable[[Path, bool], dict[str, Any]]] = {
    "step": _step,
    "parallel": _parallel,
    "memory": _memory,
    "llm": _llm,
    "agent": _agent,
    "train": _train,
}


def bench_all(
    out_dir: Path, skip: list[str] | None = None, quick: bool = False, report: Callable[[str, dict], None] | None = None
) -> dict[str, Any]:
    """Run every section not in `skip`; a section that fails is reported as failed and the others still run."""
    skip = skip or []
    out_dir = Path(out_dir)
    clock = start_clock()
    sections: dict[str, Any] = {}
    for name in SECTIONS:
        if name in skip:
            continue
        started = time.perf_counter()
        load_before = load_note()
        try:
            result = RUNNERS[name](out_dir, quick)
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not lose the others' numbers
            result = {
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()[-2000:],
                "markdown": f"(failed: {type(exc).__name__}: {exc})",
            }
        result["seconds"] = time.perf_counter() - started
        result["load_before"], result["load_after"] = load_before, load_note()
        sections[name] = result
        if report:
            report(name, result)
    lines = ["Timings share the machine with whatever else runs: each section gives the load average before and after.", ""]
    for name, result in sections.items():
        body = result.get("markdown", "").replace("\n# ", "\n### ")  # a section's own title goes one level down
        body = "### " + body[2:] if body.startswith("# ") else body
        lines += [
            f"## {name}",
            "",
            body,
            "",
            f"_{result['seconds']:.0f} s; before: {result['load_before']}; after: {result['load_after']}_",
            "",
        ]
    combined = finish_report({"kind": "all", "sections": sections, "markdown": "\n".join(lines)}, clock, "HALO benchmarks")
    json_path, md_path = write_report(out_dir, "bench_all", combined)
    combined["paths"] = [str(json_path), str(md_path)]
    return combined

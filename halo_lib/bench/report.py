"""One report format for every benchmark: the machine header, the load-average record and the JSON + markdown writer.

A benchmark takes `clock = start_clock()` before it measures and ends with `finish_report(report, clock, title)`,
which adds `report["machine"]` (cores, load average at start and end, peak RSS of this process and its waited-for
children, code version, wall time) and puts the title and a one-line machine header above the report's markdown.
`write_report(out_dir, "bench_<kind>", report)` writes `<out_dir>/bench_<kind>_<YYYYmmdd-HHMMSS>.json` and `.md`.

    clock = start_clock()
    report = finish_report({"kind": "step", "rows": rows, "markdown": table}, clock, "Step time on v2.omnizon-13")
    json_path, md_path = write_report(Path("artifacts/reports"), "bench_step", report)

Timings share the machine with whatever else runs: every number is read next to the load it was measured under.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(value, 2) for value in os.getloadavg()]


def load_note(load: list[float] | None = None) -> str:
    """A load average in words: 'load average 1.52 / 1.31 / 0.98 (1/5/15 min) on 2 cores'."""
    one, five, fifteen = load or load_average()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores"


def peak_rss_mib() -> float:
    """Peak resident memory of this process plus the largest of its finished children, in MiB (Linux: KiB units)."""
    scale = 1 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return round((own + children) / 2**20, 1)


def code_version() -> str:
    """The git commit the benchmark ran (with '+dirty' for uncommitted changes), else 'unknown'."""
    from halo_lib.trace.manifest import git_info

    info = git_info()
    return f"{str(info['commit'])[:12]}{'+dirty' if info['dirty'] else ''}"


def start_clock() -> dict[str, Any]:
    """What a benchmark records before it measures: start time and load average."""
    return {"started_at": time.strftime("%Y-%m-%d %H:%M:%S"), "t0": time.perf_counter(), "load_start": load_average()}


def machine_record(clock: dict[str, Any]) -> dict[str, Any]:
    """The machine header of a report started with `clock`, taken now."""
    return {
        "cores": os.cpu_count(),
        "load_start": clock["load_start"],
        "load_end": load_average(),
        "peak_rss_mib": peak_rss_mib(),
        "code_version": code_version(),
        "python": sys.version.split()[0],
        "started_at": clock["started_at"],
        "wall_s": round(time.perf_counter() - clock["t0"], 1),
    }


def machine_line(machine: dict[str, Any]) -> str:
    """The header line every benchmark's markdown carries."""
    start, end = (" / ".join(f"{v:.2f}" for v in machine[key]) for key in ("load_start", "load_end"))
    return (
        f"_{machine['started_at']}, {machine['cores']} cores, load average (1/5/15 min) {start} at start and {end} "
        f"at end, peak RSS {machine['peak_rss_mib']:.0f} MiB, code {machine['code_version']}, wall "
        f"{machine['wall_s']:.0f} s_"
    )


def finish_report(report: dict[str, Any], clock: dict[str, Any], title: str) -> dict[str, Any]:
    """`report` with its machine record, title and the markdown headed by title and machine line."""
    report["title"] = title
    report["machine"] = machine_record(clock)
    report["markdown"] = f"# {title}\n\n{machine_line(report['machine'])}\n\n{report.get('markdown', '').strip()}\n"
    return report


def write_report(out_dir: str | Path, stem: str, report: dict[str, Any]) -> tuple[Path, Path]:
    """`<out_dir>/<stem>_<timestamp>.json` and `.md` (the report's "markdown")."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    json_path, md_path = out_dir / f"{stem}_{stamp}.json", out_dir / f"{stem}_{stamp}.md"
    json_path.write_text(json.dumps(report, indent=2, default=str))
    md_path.write_text(report["markdown"].rstrip("\n") + "\n")
    return json_path, md_path

"""Every benchmark writes one format (bench/report.py): `<stem>_<time>.json` + `.md`, headed by the machine record
(cores, load average at start and end, peak RSS, code version, wall time); one load-average helper."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import halo_lib.bench
from halo_lib.bench.report import finish_report, load_note, start_clock, write_report

BENCH = Path(halo_lib.bench.__file__).parent
MACHINE_KEYS = {"cores", "load_start", "load_end", "peak_rss_mib", "code_version", "python", "started_at", "wall_s"}


def _check_written(json_path: Path, md_path: Path, stem: str, title: str) -> dict:
    assert re.fullmatch(rf"{stem}_\d{{8}}-\d{{6}}\.json", json_path.name) and md_path == json_path.with_suffix(".md")
    report = json.loads(json_path.read_text())
    assert set(report["machine"]) == MACHINE_KEYS
    assert len(report["machine"]["load_start"]) == len(report["machine"]["load_end"]) == 3
    lines = md_path.read_text().splitlines()
    assert lines[0] == f"# {title}"
    assert re.search(
        r"\d+ cores, load average \(1/5/15 min\) [\d.]+ / [\d.]+ / [\d.]+ at start and .* at end, peak RSS \d+ MiB, "
        r"code \S+, wall \d+ s",
        lines[2],
    ), lines[2]
    return report


def test_a_report_has_the_machine_header_and_the_shared_file_names(tmp_path):
    clock = start_clock()
    report = finish_report({"kind": "demo", "rows": [1, 2], "markdown": "| a |\n|---|\n| 1 |"}, clock, "Demo benchmark")
    written = write_report(tmp_path / "reports", "bench_demo", report)
    saved = _check_written(*written, "bench_demo", "Demo benchmark")
    assert saved["rows"] == [1, 2] and saved["kind"] == "demo" and saved["machine"]["cores"] >= 1
    assert "| 1 |" in written[1].read_text()
    assert re.fullmatch(r"load average [\d.]+ / [\d.]+ / [\d.]+ \(1/5/15 min\) on \d+ cores", load_note())


@pytest.mark.parametrize("module", ["step", "parallel", "agent", "llm", "train", "all"])
def test_every_benchmark_goes_through_the_one_format(module):
    source = (BENCH / f"{module}.py").read_text()
    assert "finish_report(" in source  # the machine header
    assert "getloadavg" not in source and "def load_note" not in source and "def write_report" not in source
    assert "json.dumps(report" not in source and '.write_text(report["markdown"]' not in source
    if module != "llm":  # `bench_llm_report` is written by `bench all`
        assert "write_report(" in source


@pytest.mark.heavy  # trains three times (HALO and plain TRL, then HALO in bf16) on a tiny model: minutes on 2 loaded cores
def test_bench_train_writes_the_shared_format_on_a_tiny_model(tmp_path):
    from halo_lib.bench.train import bench_train, write_sample_bc_data
    from tests.support.tiny_model import make_tiny_model

    model = make_tiny_model(tmp_path / "model")
    data = write_sample_bc_data(tmp_path / "bc.jsonl", rows=4)
    assert len(data.read_text().splitlines()) == 4
    report = bench_train(str(data), steps=1, model=str(model), out_dir=tmp_path / "reports")
    assert [(row["trainer"], row["precision"]) for row in report["rows"]] == [("halo", "fp32"), ("trl", "fp32"), ("halo", "bf16")]
    assert all(row["tokens"] > 0 for row in report["rows"]) and report["bf16_speedup"] > 0
    written = sorted((tmp_path / "reports").glob("bench_train_*"))
    _check_written(written[0], written[1], "bench_train", report["title"])

"""Each pre-flight error is one sentence on stderr, exit status 2, no run folder left behind, well under 5 s."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from halo_lib.ports import free_port

pytestmark = pytest.mark.browser


def halo(*args: str, env: dict | None = None, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "halo_lib.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    return proc, time.perf_counter() - start


def assert_one_sentence(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("halo: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    "tasks,fragments",
    [
        ("v2.omnizon-99", ["Unknown task 'v2.omnizon-99'", "halo tasks"]),
        ("v1.omnizon-13", ["REAL v1 task", "use 'v2.omnizon-13'"]),
        ("omnizon-13", ["has no version", "use 'v2.omnizon-13'"]),
    ],
)
def test_bad_task_ids(tasks, fragments, tmp_path):
    proc, seconds = halo("eval", "--mode", "expert", "--tasks", tasks, "--out", str(tmp_path / "run"))
    print(f"{tasks}: {seconds:.2f} s")
    assert_one_sentence(proc, *fragments)
    assert not (tmp_path / "run").exists()


def test_unknown_mode(tmp_path):
    proc, seconds = halo("eval", "--mode", "baseline_workr", "--tasks", "v2.omnizon-13", "--out", str(tmp_path / "run"))
    assert_one_sentence(proc, "Unknown mode 'baseline_workr'", "did you mean 'baseline_worker'")
    assert not (tmp_path / "run").exists()


def test_no_chromium(tmp_path):
    proc, seconds = halo(
        "eval",
        "--mode",
        "expert",
        "--tasks",
        "v2.omnizon-13",
        "--out",
        str(tmp_path / "run"),
        env={"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)},
    )
    print(f"no chromium: {seconds:.2f} s")
    assert_one_sentence(proc, "Chromium is not installed", "apt-get install -y chromium")
    proc, _ = halo(
        "eval",
        "--mode",
        "expert",
        "--tasks",
        "v2.omnizon-13",
        "--out",
        str(tmp_path / "run"),
        env={"HALO_CHROMIUM": "/nonexistent/chromium"},
    )
    assert_one_sentence(proc, "HALO_CHROMIUM=/nonexistent/chromium is not an executable file")
    assert not (tmp_path / "run").exists()


def test_real_site_unreachable(tmp_path):
    task = json.loads((Path(__import__("agisdk").__file__).parent / "REAL/browsergym/webclones/v2/tasks/omnizon-13.json").read_text())
    task["website"]["url"] = f"http://127.0.0.1:{free_port()}/"
    path = tmp_path / "offline-omnizon.json"
    path.write_text(json.dumps(task))
    proc, seconds = halo("eval", "--mode", "expert", "--tasks", str(path), "--sites", "real", "--out", str(tmp_path / "run"))
    print(f"site unreachable: {seconds:.2f} s")
    assert_one_sentence(proc, "is unreachable", "--sites local")
    assert not (tmp_path / "run").exists()


def test_replica_port_taken_by_another_program(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        proc, seconds = halo(
            "eval", "--mode", "expert", "--tasks", "v2.omnizon-13", "--sites-port", str(port), "--out", str(tmp_path / "run"), cwd=tmp_path
        )
    finally:
        server.shutdown()
    print(f"port taken: {seconds:.2f} s")
    assert_one_sentence(proc, f"Port {port}", "taken by another program", "--sites-port")
    assert not (tmp_path / "run").exists()

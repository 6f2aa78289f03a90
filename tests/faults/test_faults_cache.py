"""A corrupted, a damaged-row and a locked cache database: detected, reported (summary.json warnings), the run
goes on without the cache, and no wrong action is replayed. Real SQLite files, a real second process holding
the lock, real episodes; the LLM worker and manager are a loopback OpenAI-compatible server."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from halo_lib.config import AgentConfig, RunConfig
from halo_lib.runner.eval import run_eval
from halo_lib.trace.episode import read_records
from tests.support.fault_llm import FaultyLLM
from tests.support.faults import assert_summary_consistent

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

TASK = "v2.omnizon-13"


def _seed(sites_config, tmp_path, cache):
    """One expert pass writes the verified action cache for TASK."""
    seeded = run_eval(
        RunConfig(mode="expert", tasks=TASK, out_dir=str(tmp_path / "seed"), sites=sites_config, agent=AgentConfig(cache_dir=str(cache)))
    )
    assert seeded["n_success"] == 1
    con = sqlite3.connect(cache / "vac.sqlite")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = con.execute("SELECT count(*) FROM vac").fetchone()[0]
    con.close()
    assert n >= 5
    return n


def _llm_run(sites_config, out, cache, monkeypatch, llm):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-cache-test-0123456789")
    monkeypatch.setenv("OPENAI_BASE_URL", llm.url)
    return run_eval(
        RunConfig(
            mode="hierarchy_vac",
            tasks=TASK,
            out_dir=str(out),
            sites=sites_config,
            max_steps=3,
            agent=AgentConfig(cache_dir=str(cache), llm_timeout_s=5.0, llm_retries=0),
        )
    )


def _sources(out) -> list[str]:
    return [r["source"] for r in read_records(out / "episodes" / f"{TASK}__0.jsonl") if r["type"] == "step"]


def test_corrupted_and_damaged_caches_are_reported_and_never_replayed(sites_config, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _seed(sites_config, tmp_path, cache)
    answer = 'Action: send_msg_to_user("done")'
    with FaultyLLM(lambda body: f"ok:{answer}") as llm:
        # 1. a healthy seeded cache: the agent replays the expert's first step from it (the baseline for 2 and 3)
        healthy = _llm_run(sites_config, tmp_path / "healthy", cache, monkeypatch, llm)
        assert healthy["episodes"][0]["vac_hits"] >= 1 and _sources(tmp_path / "healthy")[0] == "cache"

        # 2. damaged rows: the file is a sound database but every cached action is unreadable text
        con = sqlite3.connect(cache / "vac.sqlite")
        con.execute("UPDATE vac SET action = '{\"name\": '")
        con.commit()
        con.close()
        damaged = _llm_run(sites_config, tmp_path / "damaged", cache, monkeypatch, llm)
        row = damaged["episodes"][0]
        assert row["error"] is None and row["vac_hits"] == 0 and row["worker_calls"] >= 1
        assert "cache" not in _sources(tmp_path / "damaged")
        con = sqlite3.connect(cache / "vac.sqlite")
        reasons = [r[0] for r in con.execute("SELECT reason FROM vac_invalidated")]
        con.close()
        assert reasons and all(r.startswith("unreadable entry") for r in reasons)  # deleted, with the reason

        # 3. a corrupted file: pages after the header overwritten with junk
        path = cache / "vac.sqlite"
        data = bytearray(path.read_bytes())
        data[100:] = bytes((i * 131 + 7) % 256 for i in range(len(data) - 100))
        path.write_bytes(bytes(data))
        started = time.monotonic()
        corrupted = _llm_run(sites_config, tmp_path / "corrupted", cache, monkeypatch, llm)
    row = corrupted["episodes"][0]
    assert row["error"] is None and row["vac_hits"] == 0 and row["worker_calls"] >= 1 and row["steps"] >= 1
    assert "cache" not in _sources(tmp_path / "corrupted")
    warning = f"The cache database {path} is unusable"
    assert any(w.startswith(warning) and "halo cache clear" in w for w in row["warnings"]), row["warnings"]
    assert any(w.startswith(warning) for w in corrupted["warnings"])
    on_disk = json.loads((tmp_path / "corrupted" / "summary.json").read_text())
    assert on_disk["warnings"] == corrupted["warnings"]
    assert_summary_consistent(on_disk, 1)
    assert time.monotonic() - started < 60


LOCKER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")   # holds the write lock, as a stuck writer in another process would
con.execute("UPDATE vac SET hits = hits")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_locked_cache_is_a_bounded_wait_then_a_warning(sites_config, tmp_path):
    cache = tmp_path / "cache"
    _seed(sites_config, tmp_path, cache)
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(cache / "vac.sqlite"), "120"], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        started = time.monotonic()
        summary = run_eval(
            RunConfig(mode="expert", tasks=TASK, out_dir=str(tmp_path / "run"), sites=sites_config, agent=AgentConfig(cache_dir=str(cache)))
        )
        seconds = time.monotonic() - started
    finally:
        locker.kill()
        locker.wait(10)
    row = summary["episodes"][0]
    assert row["success"] and row["error"] is None  # the episode itself is unharmed
    assert any("could not be written (database is locked)" in w for w in row["warnings"]), row["warnings"]
    assert summary["warnings"] == row["warnings"]
    assert seconds < 40  # the lock wait is bounded (busy_timeout 10 s)

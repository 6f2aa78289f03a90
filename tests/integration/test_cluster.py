"""The same run on a Ray cluster whose second node shares nothing with the driver but Ray (runner/cluster.py).

Node 2 runs in a network namespace of its own (its loopback is not the driver's: the driver's replicas are not
there) and a mount namespace where /tmp (the run folder, the cache) and the project's artifacts/ (models) are empty.
First an expert run over two sites with episodes on both nodes: every episode graded by agisdk's scripts and
solved, the run folder complete on the driver (as a local run writes it), the cache filled through the driver.
Then, with the head's CPU held by a placeholder actor so that node 2 plays everything, the expert reading the cache
(`expert:vac=true`: a hit replays the cached action before the expert is asked) on the tasks whose expert episode
ran on the head: node 2 replays entries that only the head's episodes verified. Then a worker with a LoRA adapter
that only the driver has (in the hidden tmp folder) plays on node 2: the adapter travels through the object store
and node 2 loads its own copy, named by content hash. Last, the expert run again with its driver SIGKILLed once an
episode plays on node 2: node 2's Chromium and replica server exit, and the same command resumes the run.

Heavy (two Ray nodes, 4-6 browser episodes): `./run.sh test -m heavy -k cluster`.
Skipped with its reason where namespaces cannot be made (not root, no `ip`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import psutil
import pytest

from halo_lib.cache.vac import normalize_goal
from halo_lib.sites import replica_names
from halo_lib.ports import free_port_block
from halo_lib.trace.episode import read_records
from tests.support.faults import wait_for
from tests.support.netns_cluster import NetnsCluster, why_not

pytestmark = [pytest.mark.browser, pytest.mark.heavy]

EXPERT_TASKS = ["v2.omnizon-13", "v2.gomail-1", "v2.omnizon-24", "v2.gomail-24"]


def _eval(cluster: NetnsCluster, env: dict, *args: str) -> dict:
    cmd = [sys.executable, "-m", "halo_lib.cli", "eval", "--ray-address", cluster.address, *args]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**cluster.env(), **env}, timeout=1500)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-4000:])
    return json.loads(Path(args[args.index("--out") + 1], "summary.json").read_text())


@pytest.mark.timeout(2400)
def test_two_node_cluster_shares_nothing_but_ray(tmp_path):
    reason = why_not()
    if reason:
        pytest.skip(f"no second node can be simulated here: {reason}")
    port = free_port_block(len(replica_names()))
    env = {"HALO_ARTIFACTS": str(tmp_path / "artifacts"), "HALO_CACHE_DIR": str(tmp_path / "cache")}
    with NetnsCluster(hide=[tmp_path]) as cluster:
        # isolation, seen from inside node 2: no run folder, no project artifacts, the driver's replica port refuses
        node2_sees = subprocess.run(
            [
                *cluster.node2_prefix(),
                sys.executable,
                "-c",
                f"import os, socket, json; s = socket.socket(); print(json.dumps([os.path.exists({str(tmp_path)!r}), "
                f"os.path.exists({str(Path(__file__).parents[2] / 'artifacts' / 'models')!r}), s.connect_ex(('127.0.0.1', {port}))]))",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        tmp_seen, models_seen, connect = json.loads(node2_sees.stdout)
        assert not tmp_seen and not models_seen and connect != 0

        out = tmp_path / "expert"
        expert_args = f"--mode expert --tasks {','.join(EXPERT_TASKS)} --workers 2 --max-steps 25 --sites-port {port}"
        summary = _eval(cluster, env, *expert_args.split(), "--out", str(out))
        assert summary["n_episodes"] == len(EXPERT_TASKS) and summary["n_errors"] == 0, summary["episodes"]
        assert all(e["success"] and e["verdict"] == "SUCCESS" for e in summary["episodes"])  # agisdk's scripts said so
        ledger = json.loads((out / "cluster.json").read_text())
        head = ledger["driver_node"]
        nodes = {ep["node"] for ep in ledger["episodes"].values()}
        assert len(nodes) == 2, ledger  # episodes on both nodes
        for task in EXPERT_TASKS:  # the run folder on the driver, as a local run writes it
            records = list(read_records(out / "episodes" / f"{task}__0.jsonl"))
            assert records[0]["type"] == "start" and records[-1]["type"] == "end" and records[-1]["success"]
            steps = [r for r in records if r["type"] == "step"]
            assert steps and all((out / r["screenshot"]).is_file() and (out / r["axtree"]).is_file() for r in steps)
            assert json.loads((out / records[-1]["finish"]).read_text())  # the graded /finish state
            assert ledger["episodes"][f"{task}__0"]["bytes"] > 10_000
        assert ledger["cache"]["vac_commits"] > 0 and (tmp_path / "cache" / "vac.sqlite").is_file()

        # node 2 plays everything next: a placeholder actor holds the head's only CPU
        on_head = sorted(name.rsplit("__", 1)[0] for name, ep in ledger["episodes"].items() if ep["node"] == head)
        assert on_head
        blocker = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
                    import time, ray
                    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
                    ray.init(address={cluster.address!r}, log_to_driver=False)
                    @ray.remote(num_cpus=1)
                    class Hold:
                        def ready(self): return True
                    hold = Hold.options(scheduling_strategy=NodeAffinitySchedulingStrategy({head!r}, soft=False)).remote()
                    ray.get(hold.ready.remote()); print("holding", flush=True); time.sleep(3600)
                """),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=cluster.env(),
        )
        try:
            assert blocker.stdout.readline().strip() == "holding"
            out2 = tmp_path / "vac"
            vac_args = f"--mode expert:vac=true --tasks {','.join(on_head)} --workers 1 --max-steps 25 --sites-port {port}"
            summary2 = _eval(cluster, env, *vac_args.split(), "--out", str(out2))
            # an adapter only the driver has (in the hidden tmp folder) reaches node 2 through the object store
            adapter = tmp_path / "adapter"
            shutil.copytree(Path(__file__).parents[2] / "adapters" / "qwen_bc", adapter)
            out3 = tmp_path / "adapter_run"
            mode = f"qwen_worker_zero:adapter={adapter},vac=false,macros=false,manager=none"
            summary3 = _eval(
                cluster, env, "--mode", mode, "--tasks", on_head[0], "--max-steps", "2", "--sites-port", str(port), "--out", str(out3)
            )
        finally:
            blocker.kill()
            blocker.wait()
        ledger2 = json.loads((out2 / "cluster.json").read_text())
        assert {ep["node"] for ep in ledger2["episodes"].values()} == {n for n in nodes if n != head}  # node 2 only
        assert summary2["n_errors"] == 0, summary2["episodes"]
        assert all(e["vac_hits"] >= 1 for e in summary2["episodes"]), summary2["episodes"]
        for task in on_head:
            steps = [r for r in read_records(out2 / "episodes" / f"{task}__0.jsonl") if r["type"] == "step"]
            assert steps[0]["source"] == "cache"  # the head's verified first step, replayed on node 2
        assert ledger2["cache"]["vac_hits"] >= summary2["cost"]["total"]["vac_hits"]  # served by the driver's actor
        # the entries hit are the head's: a key holds the task's goal, and these goals were only played on the head
        con = sqlite3.connect(tmp_path / "cache" / "vac.sqlite")
        goals = {normalize_goal(_goal(out, t)) for t in on_head}
        hit = con.execute(f"SELECT SUM(hits) FROM vac WHERE goal IN ({','.join('?' * len(goals))})", sorted(goals)).fetchone()[0]
        con.close()
        assert hit >= summary2["cost"]["total"]["vac_hits"] > 0

        ledger3 = json.loads((out3 / "cluster.json").read_text())
        assert {ep["node"] for ep in ledger3["episodes"].values()} == {n for n in nodes if n != head}
        assert ledger3["adapter"]["path"] == str(adapter) and ledger3["adapter"]["bytes"] > 0
        assert summary3["n_errors"] == 0, summary3["episodes"]
        start = next(read_records(out3 / "episodes" / f"{on_head[0]}__0.jsonl"))
        assert start["mode"].endswith(f"adapter={tempfile.gettempdir()}/halo-adapters/{ledger3['adapter']['sha']}")  # node 2's copy

        # the driver SIGKILLed mid-run (as the OOM killer would): its Ray job ends, node 2's Chromium and replica
        # server go with it, nothing partial is on the driver's disk, and the same command resumes the run
        wait_for(lambda: not _playing(cluster.netns), 60, "node 2 to be idle after the last run", poll_s=0.2)
        out4 = tmp_path / "killed"
        cmd = [sys.executable, "-m", "halo_lib.cli", "eval", "--ray-address", cluster.address, *expert_args.split(), "--out", str(out4)]
        driver = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**cluster.env(), **env})
        try:
            wait_for(lambda: driver.poll() is not None or _playing(cluster.netns, "chromium"), 600, "an episode on node 2", poll_s=0.2)
            assert driver.poll() is None, "the run ended before an episode started on node 2"
            os.kill(driver.pid, signal.SIGKILL)
            driver.wait(10)
        finally:
            if driver.poll() is None:
                driver.kill()
        wait_for(lambda: not _playing(cluster.netns), 60, "node 2's Chromium and replica server to exit with the driver", poll_s=0.2)
        for episode in (out4 / "episodes").glob("*.jsonl"):  # only what ended reached the driver
            assert list(read_records(episode))[-1]["type"] == "end", episode
        summary4 = _eval(cluster, env, *expert_args.split(), "--out", str(out4))
        assert summary4["n_episodes"] == len(EXPERT_TASKS) and summary4["n_errors"] == 0, summary4["episodes"]
        assert all(e["success"] and e["verdict"] == "SUCCESS" for e in summary4["episodes"])


def _playing(netns: str, what: str = "") -> bool:
    """Whether a Chromium or a replica server (or only `what`: "chromium") runs in the network namespace `netns`."""
    pids = subprocess.run(["ip", "netns", "pids", netns], capture_output=True, text=True, check=True).stdout.split()
    kinds = ("chromium",) if what == "chromium" else ("chromium", "halo_lib.sites.server")
    for pid in pids:
        try:
            command = " ".join(psutil.Process(int(pid)).cmdline())
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
        if any(kind in command for kind in kinds):
            return True
    return False


def _goal(run: Path, task: str) -> str:
    return next(read_records(run / "episodes" / f"{task}__0.jsonl"))["goal"]

"""A Ray cluster of "two machines" on this one: the head in this network namespace, a second node whose processes
run in a network namespace of their own (a veth pair to the head: its loopback is its own) and a mount namespace
where /tmp, the project's artifacts/ and any `hide` folders are empty tmpfs (the driver's run folder, caches and
models are not there). Needs root (ip netns, unshare); `why_not()` says why it cannot be made here.

    with NetnsCluster(hide=[tmp_path]) as cluster:       # head + node 2, 1 CPU each
        subprocess.run(["halo", "eval", "--ray-address", cluster.address, ...])

Ports: the head's in 9100..9149 (the project's range for hand-served things); node 2's are inside its own
namespace. Everything made is removed on exit (processes by their process group, the namespace, the veth).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
RAY = str(Path(sys.executable).with_name("ray"))


def _sh(*cmd: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=check)


def host_ip() -> str:
    """This machine's outbound address (what Ray picks for the head and the driver)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def why_not() -> str | None:
    """None when a namespaced node can be made here, else the reason."""
    if os.geteuid() != 0:
        return "needs root to make a network and a mount namespace (ip netns, unshare -m)"
    for tool in ("ip", "unshare", "mount"):
        if shutil.which(tool) is None:
            return f"needs the `{tool}` command"
    name = f"halo-probe-{os.getpid()}"
    made = _sh("ip", "netns", "add", name, check=False)
    if made.returncode != 0:
        return f"cannot make a network namespace here ({made.stderr.strip()[:120]})"
    _sh("ip", "netns", "delete", name, check=False)
    if host_ip().startswith("127."):
        return "no non-loopback address for the head node"
    return None


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("0.0.0.0", port))
            return True
        except OSError:
            return False


class NetnsCluster:
    def __init__(self, hide: list[Path] = (), head_cpus: int = 1, node2_cpus: int = 1, base_port: int = 9100, node2: bool = True):
        self.token = uuid.uuid4().hex[:6]
        self.netns = f"halo-{self.token}"
        self.veth = (f"hv{self.token}a", f"hv{self.token}b")
        octet = 1 + int(self.token[:2], 16) % 250
        self.head_veth_ip, self.node2_ip = f"10.213.{octet}.1", f"10.213.{octet}.2"
        self.hide = [Path(p) for p in hide]
        self.head_cpus, self.node2_cpus, self.with_node2 = head_cpus, node2_cpus, node2
        self.port = next((p for p in range(base_port, base_port + 40, 10) if all(_free(p + i) for i in range(10))), None)
        if self.port is None:
            raise RuntimeError(f"no free block of 10 ports in {base_port}..{base_port + 49}")
        self.address = f"{host_ip()}:{self.port}"
        self.temp = Path(tempfile.mkdtemp(prefix="hray-", dir="/tmp"))  # short: Ray's socket paths are bounded
        # node 2's Ray session folder (logs, sockets): outside the /tmp it cannot see, so that its logs outlive it
        self.node2_temp = Path(tempfile.mkdtemp(prefix="hray2-", dir="/var/tmp"))
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.starts = {"head": 0, "node2": 0}
        self.head: subprocess.Popen | None = None
        self.node2: subprocess.Popen | None = None

    # ---- lifecycle ----------------------------------------------------------------------------------------------
    def __enter__(self) -> "NetnsCluster":
        try:
            self.head = self._start_head()
            self.wait_nodes(1)
            if self.with_node2:
                self._make_netns()
                self.node2 = self._start_node2()
                self.wait_nodes(2)
            self.relax()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def env(self) -> dict[str, str]:
        """The environment of the cluster's processes, and of a driver that joins it: Ray 2.60 turns on token
        authentication when ~/.ray/auth_token exists, so every process says so (RAY_AUTH_MODE=token)."""
        mode = "token" if (Path.home() / ".ray" / "auth_token").is_file() else "disabled"
        return {
            **os.environ,
            "PYTHONPATH": str(PROJECT),
            "RAY_DEDUP_LOGS": "0",
            "RAY_USAGE_STATS_ENABLED": "0",
            "RAY_AUTH_MODE": mode,
            # a loaded machine (2 cores shared) starts Ray's Python agents and workers slowly: a raylet that waits
            # the default ~20 s for its dashboard agent's port file, or 60 s for a worker, gives up
            "RAY_agent_register_timeout_ms": "300000",
            "RAY_worker_register_timeout_seconds": "300",
            "RAY_raylet_start_wait_time_s": "180",
        }

    def _spawn(self, cmd: list[str], label: str) -> subprocess.Popen:
        log = self.temp / f"{label}-{len(self.logs)}.log"
        self.logs.append(log)
        # Ray's raylet waits ~20 s (not configurable) for its Python agents to start, which 2 cores shared by
        # several test suites exceed: the node starts at a higher priority (root may lower niceness), and `relax`
        # puts its processes back at the default once it has joined
        boost = ["nice", "-n", "-20"] if os.geteuid() == 0 else []
        process = subprocess.Popen(
            [*boost, *cmd], stdout=open(log, "w"), stderr=subprocess.STDOUT, env=self.env(), cwd=str(PROJECT), start_new_session=True
        )
        self.processes.append(process)
        self._autogroup_nice(process.pid, -15)
        return process

    @staticmethod
    def _autogroup_nice(pid: int, nice: int) -> None:
        """With the kernel's autogroup scheduling, a new session competes as one group whatever its processes'
        niceness: set the group's own (root only; nothing happens elsewhere)."""
        try:
            Path(f"/proc/{pid}/autogroup").write_text(str(nice))
        except OSError:
            pass

    def _ports(self, offset: int) -> list[str]:
        p = self.port + offset
        return [
            f"--node-manager-port={p + 1}",
            f"--object-manager-port={p + 2}",
            f"--metrics-export-port={p + 3}",
            f"--dashboard-agent-listen-port={p + 4}",
            f"--dashboard-agent-grpc-port={p + 5}",
            f"--runtime-env-agent-port={p + 6}",
            f"--min-worker-port={p + 10}",
            f"--max-worker-port={p + 39}",
        ]

    def _start_head(self) -> subprocess.Popen:
        self.starts["head"] += 1
        return self._spawn(
            [
                RAY,
                "start",
                "--head",
                "--block",
                f"--port={self.port}",
                f"--dashboard-port={self.port + 7}",
                f"--node-ip-address={self.address.split(':')[0]}",
                f"--num-cpus={self.head_cpus}",
                "--include-dashboard=false",
                "--disable-usage-stats",
                f"--temp-dir={self.temp}/head",
                *self._ports(0),
            ],
            "head",
        )

    def _make_netns(self) -> None:
        a, b = self.veth
        _sh("ip", "netns", "add", self.netns)
        _sh("ip", "link", "add", a, "type", "veth", "peer", "name", b)
        _sh("ip", "link", "set", b, "netns", self.netns)
        _sh("ip", "addr", "add", f"{self.head_veth_ip}/30", "dev", a)
        _sh("ip", "link", "set", a, "up")
        inside = ("ip", "netns", "exec", self.netns)
        _sh(*inside, "ip", "addr", "add", f"{self.node2_ip}/30", "dev", b)
        _sh(*inside, "ip", "link", "set", b, "up")
        _sh(*inside, "ip", "link", "set", "lo", "up")
        _sh(*inside, "ip", "route", "add", "default", "via", self.head_veth_ip)

    def node2_prefix(self) -> list[str]:
        """The command prefix that runs a program as node 2 does: its network namespace, its private mounts."""
        masks = [Path("/tmp"), PROJECT / "artifacts", *self.hide]
        if os.environ.get("HALO_ARTIFACTS"):
            masks.append(Path(os.environ["HALO_ARTIFACTS"]))
        masks = [m.resolve() for m in masks if m.exists()]
        outer = [m for m in dict.fromkeys(masks) if not any(m != o and m.is_relative_to(o) for o in masks)]  # /tmp hides /tmp/x
        mounts = " && ".join(f"mount -t tmpfs halo-hidden {m}" for m in outer)
        return [
            "ip",
            "netns",
            "exec",
            self.netns,
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            f'{mounts} && exec "$@"',
            "node2",
        ]

    def _start_node2(self) -> subprocess.Popen:
        self.starts["node2"] += 1
        return self._spawn(
            [
                *self.node2_prefix(),
                RAY,
                "start",
                "--block",
                f"--address={self.address}",
                f"--node-ip-address={self.node2_ip}",
                f"--num-cpus={self.node2_cpus}",
                "--disable-usage-stats",
                f"--temp-dir={self.node2_temp}",
                *self._ports(0),
            ],
            "node2",
        )

    def wait_nodes(self, n: int, timeout: float = 600.0) -> None:
        """Wait until `n` nodes are alive (asked through a short driver of its own). `ray start` gives a node 30 s to
        register, which a loaded machine can exceed: a node that gave up is started again (5 times at most)."""
        code = f"import ray; ray.init(address='{self.address}', log_to_driver=False); print(sum(x['Alive'] for x in ray.nodes()))"
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            for label, start in (("head", self._start_head), ("node2", self._start_node2)):
                process = getattr(self, label, None)
                if process is not None and process.poll() is not None:
                    if self.starts[label] >= 5:
                        raise RuntimeError(f"the {label} node exited at start 5 times: {self.log_tail()}")
                    self._stop(process)  # what it left (a GCS holding the port)
                    setattr(self, label, start())
            with socket.socket() as sock:
                sock.settimeout(2)
                if sock.connect_ex((self.address.split(":")[0], self.port)) != 0:  # the GCS is not listening yet
                    time.sleep(1)
                    continue
            try:
                done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=self.env(), timeout=60)
            except subprocess.TimeoutExpired:
                last = "a driver could not connect within 60 s"
                continue
            last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
            if last.isdigit() and int(last) >= n:
                return
            time.sleep(2)
        raise RuntimeError(f"the cluster did not reach {n} nodes in {timeout:.0f} s (last: {last}): {self.log_tail()}")

    def relax(self) -> None:
        """The cluster's processes back at the default priority (the workers they start inherit it)."""
        import psutil

        groups = {p.pid for p in self.processes}
        for process in self.processes:
            self._autogroup_nice(process.pid, 0)
        for process in psutil.process_iter():
            try:
                if os.getpgid(process.pid) in groups:
                    process.nice(0)
            except (psutil.Error, ProcessLookupError, PermissionError):
                pass

    def log_tail(self) -> str:
        return " | ".join(f"{log.name}: {log.read_text(errors='replace')[-600:]}" for log in self.logs if log.is_file())

    def stop_node2(self) -> None:
        """Stop node 2 only (its Ray processes, by their process group)."""
        if self.node2 is not None:
            self._stop(self.node2)

    def _stop(self, process: subprocess.Popen) -> None:
        """SIGTERM to the node's process group (`ray start --block` stops what it started), then SIGKILL to what is left."""
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        time.sleep(1)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)

    def close(self) -> None:
        for process in reversed(self.processes):
            self._stop(process)
        _sh("ip", "link", "delete", self.veth[0], check=False)
        _sh("ip", "netns", "delete", self.netns, check=False)
        shutil.rmtree(self.temp, ignore_errors=True)
        shutil.rmtree(self.node2_temp, ignore_errors=True)

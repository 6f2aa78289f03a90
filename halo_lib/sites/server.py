"""Serve the replicas on loopback (one port per site), and start them on demand for a run.

    python -m halo_lib.sites.server [--host 127.0.0.1] [--base-port 8601]   # foreground, Ctrl-C stops
    with ensure_sites(SitesConfig(), ["omnizon"]) as urls: ...            # reuse or start in background

`ensure_sites` reuses a server already answering with the same replica code (another run's, or
`halo sites serve`), starts one as a child process otherwise. A port held by anything else is an error with one
sentence that says what to do.

Shared servers: every run that uses a port block holds a lease on its server, a file `<pid>-<id>.lease` in
`lease_dir(host, base_port)` (the temp folder) naming the holder and the server's pid (from its health answer). A
server that a run started lives as long as any holder of a lease on it is alive: it checks every 0.5 s and exits
once none is (a holder killed with SIGKILL included), so a run never depends on a server another run may stop. Leases are taken, and the last holder's server stopped, under a file
lock (`lock` in the same folder) that the server also holds while it decides to exit, so a run that finds the
server answering cannot lose it a moment later.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import fcntl
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import psutil

from halo_lib.config import SitesConfig
from halo_lib.errors import HaloError
from halo_lib.sites import load_replica, local_urls, replica_names
from halo_lib.sites.framework import HEALTH_PATH, code_version, create_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")
LEASE_POLL_S = 0.5  # how often a shared server looks for live lease holders


def lease_dir(host: str, base_port: int) -> Path:
    """The folder of leases (and the lock) for the replica server on `host`:`base_port`."""
    path = Path(tempfile.gettempdir()) / "halo-sites" / f"{host.replace(':', '_')}-{base_port}"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def lease_lock(folder: Path) -> Iterator[None]:
    """Exclusive lock over a port block's leases (released by the kernel if the holder dies)."""
    with open(folder / "lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def take_lease(folder: Path, server_pid: int) -> Path:
    """Write a lease of this process on the server `server_pid` (one per call: a process may hold several); call
    under lease_lock."""
    me = psutil.Process()
    path = folder / f"{me.pid}-{uuid.uuid4().hex[:8]}.lease"
    path.write_text(json.dumps({"pid": me.pid, "started": me.create_time(), "server": server_pid}))
    return path


def _alive(pid: int, started: float | None = None) -> bool:
    try:
        process = psutil.Process(pid)
        if started is not None and abs(process.create_time() - started) > 0.01:
            return False  # the pid was reused by another process
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def live_leases(folder: Path, server_pid: int) -> list[Path]:
    """The leases on server `server_pid` whose holder is alive; removes those whose holder or server is gone
    (call under lease_lock)."""
    alive = []
    for lease in sorted(folder.glob("*.lease")):
        try:
            data = json.loads(lease.read_text())
            holder, started, server = int(data["pid"]), float(data["started"]), int(data["server"])
        except (OSError, ValueError, KeyError, TypeError):
            lease.unlink(missing_ok=True)
            continue
        if not _alive(holder, started) or not _alive(server):
            lease.unlink(missing_ok=True)
        elif server == server_pid:
            alive.append(lease)
    return alive


def exit_when_unleased(folder: Path, poll_s: float = LEASE_POLL_S, log: Path | None = None) -> None:
    """In a shared server: end this process once no live process holds a lease on it in `folder` (checked every
    poll_s), removing its `log` first (nobody is left to read it: a run that ends normally removes it itself, this
    covers runs that were killed).

    The exit happens with the lock held, so a run taking a lease at that moment waits, then finds the server down
    and starts a new one."""

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            with lease_lock(folder):
                if not live_leases(folder, os.getpid()):
                    if log is not None:
                        log.unlink(missing_ok=True)
                    os._exit(0)

    threading.Thread(target=watch, name="halo-leases", daemon=True).start()


def _check_loopback(host: str) -> None:
    if host not in LOOPBACK:
        raise HaloError(f"Replica host '{host}' is not a loopback address: the replicas listen on 127.0.0.1 only.")


def serve(config: SitesConfig, sites: list[str] | None = None, *, quiet: bool = False) -> None:
    """Run the replica servers in the foreground until interrupted."""
    import uvicorn

    _check_loopback(config.host)
    names = sites or replica_names()
    urls = local_urls(config.host, config.base_port)
    servers = []
    for name in names:
        port = int(urls[name].rsplit(":", 1)[1])
        app = create_app(load_replica(name))
        servers.append(
            uvicorn.Server(uvicorn.Config(app, host=config.host, port=port, log_level="warning", access_log=False, lifespan="off"))
        )
    if not quiet:
        for name in names:
            print(f"{name:10s} {urls[name]}", flush=True)

    async def main() -> None:
        await asyncio.gather(*(server.serve() for server in servers))

    asyncio.run(main())


def server_pid(url: str, timeout: float = 3.0) -> int:
    """The pid of the HALO replica server answering at `url` (0 if it does not answer)."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            return int(json.loads(response.read().decode()).get("pid", 0))
    except (urllib.error.URLError, OSError, ValueError, TypeError):
        return 0


def probe(url: str, timeout: float = 3.0) -> str:
    """'ours' (a HALO replica with this code), 'stale' (other code), 'foreign' (something else) or 'down'.
    A refused connection answers at once; `timeout` only bounds a server that is up but busy (a loaded machine
    took more than 0.5 s, and the run then tried to start a second server on the same ports)."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            data = json.loads(response.read().decode())
    except urllib.error.HTTPError:
        return "foreign"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return "down"
    except (ValueError, http.client.HTTPException):  # not JSON, or not HTTP at all
        return "foreign"
    if "halo_replica" not in data:
        return "foreign"
    return "ours" if data.get("code") == code_version() else "stale"


class SitesHandle:
    """Replica URLs for a run and its lease on them; closing gives the lease back, and stops the server this
    handle started if no other live run holds a lease (otherwise it goes on serving them)."""

    def __init__(self, urls: dict[str, str], process: subprocess.Popen | None = None, log_path: str = "", lease: Path | None = None):
        self.urls = urls
        self.process = process
        self.log_path = log_path
        self.lease = lease

    @property
    def owned(self) -> bool:
        return self.process is not None

    def close(self) -> None:
        if self.lease is not None:
            folder = self.lease.parent
            with lease_lock(folder):
                self.lease.unlink(missing_ok=True)
                if self.process is not None and not live_leases(folder, self.process.pid):
                    self._stop()
            self.lease = None
        elif self.process is not None:
            self._stop()
        self.process = None

    def _stop(self) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        Path(self.log_path).unlink(missing_ok=True)

    def __enter__(self) -> dict[str, str]:
        return self.urls

    def __exit__(self, *exc) -> None:
        self.close()


def _problem(site: str, url: str, status: str) -> HaloError:
    port = url.rsplit(":", 1)[1]
    if status == "stale":
        return HaloError(
            f"Port {port} serves a HALO {site} replica from other code: stop that `halo sites serve` "
            "(or the run that started it) or pick other ports with --sites-port."
        )
    return HaloError(
        f"Port {port}, where the {site} replica should listen, is taken by another program: pick other ports with --sites-port."
    )


def ensure_sites(config: SitesConfig, sites: list[str]) -> SitesHandle:
    """Make sure the replicas for `sites` answer, holding a lease on them; start them in the background if needed."""
    _check_loopback(config.host)
    folder = lease_dir(config.host, config.base_port)
    with lease_lock(folder):
        return _ensure_locked(config, sites, folder)


def _ensure_locked(config: SitesConfig, sites: list[str], folder: Path) -> SitesHandle:
    urls = local_urls(config.host, config.base_port)
    wanted = {name: urls[name] for name in sites}
    status = {name: probe(url) for name, url in wanted.items()}
    if all(s == "ours" for s in status.values()):
        handle = SitesHandle(urls, lease=take_lease(folder, server_pid(next(iter(wanted.values())))))
        atexit.register(handle.close)
        return handle
    for name, s in status.items():
        if s in ("stale", "foreign"):
            raise _problem(name, wanted[name], s)
    log = tempfile.NamedTemporaryFile(prefix="halo-sites-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "halo_lib.sites.server",
            "--host",
            config.host,
            "--base-port",
            str(config.base_port),
            "--quiet",
            "--lease-dir",
            str(folder),
            "--log",
            log.name,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=str(Path(__file__).resolve().parents[2]),
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    handle = SitesHandle(urls, process, log.name, lease=take_lease(folder, process.pid))
    atexit.register(handle.close)
    deadline = time.monotonic() + config.start_timeout_s
    while time.monotonic() < deadline:
        status = {name: probe(url) for name, url in wanted.items()}
        if all(s == "ours" for s in status.values()):
            return handle
        if process.poll() is not None:
            # Lost a race with a server started by hand? Then that server is as good as ours.
            if all(s == "ours" for s in status.values()):
                handle.lease.unlink(missing_ok=True)
                handle = SitesHandle(urls, lease=take_lease(folder, server_pid(next(iter(wanted.values())))))
                atexit.register(handle.close)
                return handle
            handle.lease.unlink(missing_ok=True)
            tail = Path(log.name).read_text(errors="replace")[-400:].strip().splitlines()
            last = tail[-1] if tail else "no output"
            raise HaloError(f"The replica server exited at start ({last}): see {log.name}.")
        time.sleep(0.1)
    handle._stop()
    handle.lease.unlink(missing_ok=True)
    raise HaloError(f"The replica server did not answer within {config.start_timeout_s:.0f} s: see {log.name}.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve HALO's offline REAL replicas on loopback.")
    parser.add_argument("--host", default=SitesConfig.host)
    parser.add_argument("--base-port", type=int, default=SitesConfig.base_port)
    parser.add_argument("--sites", default="", help="comma list of replicas (default: all)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--lease-dir", default="", help="exit once no live process holds a lease there (set by ensure_sites)")
    parser.add_argument("--log", default="", help="the file this server's output goes to: removed when it exits unleased")
    args = parser.parse_args(argv)
    if args.lease_dir:
        exit_when_unleased(Path(args.lease_dir), log=Path(args.log) if args.log else None)
    sites = [s for s in args.sites.split(",") if s] or None
    try:
        serve(SitesConfig(host=args.host, base_port=args.base_port), sites, quiet=args.quiet)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

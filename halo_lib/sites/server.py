"""Serve the replicas on loopback (one port per site), and start them on demand for a run.

    python -m halo_lib.sites.server [--host 127.0.0.1] [--base-port 8601]   # foreground, Ctrl-C stops
    with ensure_sites(SitesConfig(), ["omnizon"]) as urls: ...            # reuse or start in background

`ensure_sites` reuses a server already answering with the same replica code (another run's, or
`halo sites serve`), starts one as a child process otherwise, and stops the child when the block exits.
A port held by anything else is an error with one sentence that says what to do.
"""
from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from halo_lib.config import SitesConfig
from halo_lib.errors import HaloError
from halo_lib.lifetime import exit_when_gone
from halo_lib.sites import load_replica, local_urls, replica_names
from halo_lib.sites.framework import HEALTH_PATH, code_version, create_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def free_port_block(size: int) -> int:
    """First port of `size` consecutive free loopback ports (one per replica: base_port + index)."""
    import socket

    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + size > 65000:
            continue
        sockets = []
        try:
            for offset in range(size):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise HaloError("No block of free loopback ports found for the replicas: free some ports and retry.")


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
            uvicorn.Server(
                uvicorn.Config(app, host=config.host, port=port, log_level="warning", access_log=False, lifespan="off")
            )
        )
    if not quiet:
        for name in names:
            print(f"{name:10s} {urls[name]}", flush=True)

    async def main() -> None:
        await asyncio.gather(*(server.serve() for server in servers))

    asyncio.run(main())


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
    except ValueError:
        return "foreign"
    if "halo_replica" not in data:
        return "foreign"
    return "ours" if data.get("code") == code_version() else "stale"


class SitesHandle:
    """Replica URLs for a run; stops the server on close if this handle started it."""

    def __init__(self, urls: dict[str, str], process: subprocess.Popen | None = None, log_path: str = ""):
        self.urls = urls
        self.process = process
        self.log_path = log_path

    @property
    def owned(self) -> bool:
        return self.process is not None

    def close(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
            Path(self.log_path).unlink(missing_ok=True)
        self.process = None

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
    return HaloError(f"Port {port}, where the {site} replica should listen, is taken by another program: pick other ports with --sites-port.")


def ensure_sites(config: SitesConfig, sites: list[str]) -> SitesHandle:
    """Make sure the replicas for `sites` answer; start them as a child process if needed."""
    _check_loopback(config.host)
    urls = local_urls(config.host, config.base_port)
    wanted = {name: urls[name] for name in sites}
    status = {name: probe(url) for name, url in wanted.items()}
    if all(s == "ours" for s in status.values()):
        return SitesHandle(urls)
    for name, s in status.items():
        if s in ("stale", "foreign"):
            raise _problem(name, wanted[name], s)
    log = tempfile.NamedTemporaryFile(prefix="halo-sites-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "halo_lib.sites.server", "--host", config.host, "--base-port", str(config.base_port), "--quiet",
         "--parent-pid", str(os.getpid())],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=str(Path(__file__).resolve().parents[2]),
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    handle = SitesHandle(urls, process, log.name)
    atexit.register(handle.close)
    deadline = time.monotonic() + config.start_timeout_s
    while time.monotonic() < deadline:
        status = {name: probe(url) for name, url in wanted.items()}
        if all(s == "ours" for s in status.values()):
            return handle
        if process.poll() is not None:
            # Lost a race with another starter? Then its server is as good as ours.
            if all(s == "ours" for s in status.values()):
                return SitesHandle(urls)
            tail = Path(log.name).read_text(errors="replace")[-400:].strip().splitlines()
            last = tail[-1] if tail else "no output"
            raise HaloError(f"The replica server exited at start ({last}): see {log.name}.")
        time.sleep(0.1)
    handle.close()
    raise HaloError(
        f"The replica server did not answer within {config.start_timeout_s:.0f} s: see {log.name}."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve HALO's offline REAL replicas on loopback.")
    parser.add_argument("--host", default=SitesConfig.host)
    parser.add_argument("--base-port", type=int, default=SitesConfig.base_port)
    parser.add_argument("--sites", default="", help="comma list of replicas (default: all)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--parent-pid", type=int, default=0, help="exit when this process is gone (set by ensure_sites)")
    args = parser.parse_args(argv)
    if args.parent_pid:
        exit_when_gone(args.parent_pid, poll_s=1.0)
    sites = [s for s in args.sites.split(",") if s] or None
    try:
        serve(SitesConfig(host=args.host, base_port=args.base_port), sites, quiet=args.quiet)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

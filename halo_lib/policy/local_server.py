"""Serve a local model folder through `transformers serve` on loopback (an OpenAI-compatible /v1 server).

    from halo_lib.policy.local_server import serve_local_model
    with serve_local_model("artifacts/models/SmolLM2-135M-Instruct") as url:   # http://127.0.0.1:PORT/v1
        ...

Used by `halo bench llm` and the backend tests.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

from halo_lib.errors import HaloError
from halo_lib.ports import free_port


def wait_healthy(process: subprocess.Popen, url: str, timeout_s: float, what: str, log_tail) -> None:
    """Poll `url` until it answers 200; one sentence if `process` exits first (with `log_tail()`) or time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise HaloError(f"{what} exited with code {process.returncode} before it was ready: {log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline:
            raise HaloError(f"{what} did not answer {url} within {timeout_s:g} s: {log_tail() or 'no output'}")
        time.sleep(0.25)


@contextlib.contextmanager
def serve_local_model(folder: str | Path, *, port: int = 0, timeout_s: float = 90.0) -> Iterator[str]:
    """Run `transformers serve FOLDER --device cpu` on loopback; yield its base URL; stop it on exit."""
    port = port or free_port()
    exe = Path(sys.executable).with_name("transformers")
    cmd = [str(exe), "serve", str(folder), "--device", "cpu", "--host", "127.0.0.1", "--port", str(port)]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)

    def tail() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")[-2000:].strip()

    try:
        wait_healthy(proc, f"http://127.0.0.1:{port}/health", timeout_s, "`transformers serve`", tail)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()

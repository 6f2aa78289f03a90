"""A replica over HTTP without a browser, and agisdk's own v2 eval scripts as the grader.

    with serve_replica(Omnizon()) as base:            # a live replica on a free loopback port
        user = ReplicaUser(base, "omnizon-25")         # one browser: cookies, /config for the task, then /
        user.get("/search?q=apron"); user.post("/cart/add", product_id="91", quantity=1)
        assert grade("omnizon_25", user.finish(), tmp_path) == "SUCCESS"

`grade` runs the script unmodified with `python <script> <file>`, in a private folder (omnizon-28 and others
read every file beside their input). It returns "SUCCESS" or "FAILURE" only when the script ran to its end and
said so; a script that crashed (a traceback, a non-zero exit) or printed neither word raises `ScriptCrashed`:
a crash is a broken state shape, never a 0.
"""

from __future__ import annotations

import contextlib
import html
import http.cookiejar
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import agisdk
import uvicorn

from halo_lib.sites.framework import Replica, create_app
from halo_lib.ports import free_port

SCRIPTS = Path(agisdk.__file__).parent / "REAL/browsergym/webclones/v2/eval_scripts"


class ScriptCrashed(AssertionError):
    """The eval script did not run to a verdict (an exception, a non-zero exit, or no SUCCESS/FAILURE line)."""


def run_script(script: str, finish: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run agisdk's `eval_<script>.py` on `finish` from a folder of its own; the finished process."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "state.json"
    path.write_text(json.dumps(finish))
    return subprocess.run(
        [sys.executable, str(SCRIPTS / f"eval_{script}.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=folder,
        env={"PATH": "/usr/bin:/bin", "TMPDIR": str(folder)},
    )


def grade(script: str, finish: dict, tmp_path: Path) -> str:
    """'SUCCESS' or 'FAILURE' as the unmodified script printed it; ScriptCrashed if it printed no verdict."""
    out = run_script(script, finish, tmp_path)
    said = out.stdout.upper()
    if out.returncode == 0 and "Traceback" not in out.stderr:
        if "SUCCESS" in said:
            return "SUCCESS"
        if "FAILURE" in said:
            return "FAILURE"
    raise ScriptCrashed(
        f"eval_{script}.py gave no verdict (exit {out.returncode}): stdout {out.stdout[-300:]!r} stderr {out.stderr[-600:]!r}"
    )


@contextlib.contextmanager
def serve_replica(replica: Replica) -> Iterator[str]:
    """Serve `replica` on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(replica), host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


class ReplicaUser:
    """One browser: a cookie jar, GETs and form POSTs (redirects followed), and /finish as JSON."""

    def __init__(self, base: str, task: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.get(f"/config?run_id=0&task_id=v2.{task}&latency=0")
        self.get("/")

    def get(self, path: str) -> str:
        try:
            with self.opener.open(self.base + path) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()

    def post(self, path: str, **fields) -> str:
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, data=data) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()

    def finish(self) -> dict:
        page = self.get("/finish")
        return json.loads(html.unescape(re.search(r"<pre>(.*)</pre>", page, re.S).group(1)))

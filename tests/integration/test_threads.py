"""Episodes on one thread, then on another in the same process (a notebook runs each cell's episodes on a worker
thread): agisdk's one global Playwright is bound to the thread that started it, so each thread gets its own."""

from __future__ import annotations

import pytest

from halo_lib.config import RunConfig
from halo_lib.runner.eval import run_eval

from tests.support.threads import run_in_fresh_thread

pytestmark = pytest.mark.browser


def test_episodes_on_a_second_thread_after_the_first(sites_config, tmp_path):
    def run(name: str) -> dict:
        return run_eval(RunConfig(mode="expert", tasks="v2.omnizon-13", out_dir=str(tmp_path / name), sites=sites_config, max_steps=20))

    here = run("main_thread")
    there = run_in_fresh_thread(lambda: run("worker_thread"))
    again = run("main_thread_again")
    for summary in (here, there, again):
        assert summary["n_success"] == 1 and summary["n_errors"] == 0, [(e["error"], e["steps"]) for e in summary["episodes"]]

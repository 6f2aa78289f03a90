"""Notebook tests: papermill runs of the numbered notebooks on their smoke params, against the session's replicas.

`nb_artifacts` points $HALO_ARTIFACTS (run folders, reports, journal) at a temp folder and $HALO_SITES_PORT at the
session's replica server, so notebooks with default parameters reuse it; `eval_run` is one headless run of
02_eval with params/02_eval/smoke.yaml that several tests read.
"""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def nb_artifacts(sites_config, tmp_path_factory):
    root = tmp_path_factory.mktemp("halo-artifacts")
    saved = {name: os.environ.get(name) for name in ("HALO_ARTIFACTS", "HALO_SITES_PORT")}
    os.environ["HALO_ARTIFACTS"] = str(root)
    os.environ["HALO_SITES_PORT"] = str(sites_config.base_port)
    yield root
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def eval_run(nb_artifacts):
    """02_eval run headless on its smoke params: the result of run_notebook (out_dir, notebook, outputs)."""
    from halo_lib.notebook.headless import run_notebook

    return run_notebook("02_eval", ["params/02_eval/smoke.yaml"], out_dir=nb_artifacts / "runs" / "eval_smoke", progress=False)

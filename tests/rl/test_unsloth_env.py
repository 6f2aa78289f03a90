"""Unsloth's trainer path for real, in its own environment (`./run.sh unsloth-env`; heavy, skipped without it):
`halo train bc --backend unsloth` at smoke size on the committed fixture data, then the adapter it wrote loads and
generates in the main environment."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from halo_lib.paths import PROJECT_ROOT

UNSLOTH_HALO = PROJECT_ROOT / ".venv-unsloth" / "bin" / "halo"
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "rl" / "dataset"


@pytest.mark.heavy
def test_unsloth_trains_a_bc_adapter_that_loads_in_the_main_environment(tmp_path):
    if not UNSLOTH_HALO.is_file():
        pytest.skip("no .venv-unsloth: run ./run.sh unsloth-env")
    config = tmp_path / "bc.yaml"
    config.write_text(
        f"name: unsloth_bc\ndata: {FIXTURE / 'bc_train.jsonl'}\nout_root: {tmp_path}\nmax_steps: 1\n"
        "grad_accum: 1\nmax_length: 2048\nbackend: unsloth\nprogress: false\n"
    )
    done = subprocess.run(
        [str(UNSLOTH_HALO), "train", "bc", "--config", str(config)], capture_output=True, text=True, timeout=1800, cwd=PROJECT_ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    adapter = tmp_path / "unsloth_bc"
    metrics = json.loads((adapter / "metrics.json").read_text())
    assert (metrics["backend"], metrics["global_steps"]) == ("unsloth", 1)  # it really went through Unsloth

    from halo_lib.policy.backends import BackendSpec, make_backend

    row = json.loads(Path(FIXTURE / "bc_val.jsonl").read_text().splitlines()[0])
    backend = make_backend(BackendSpec("local", "", adapter=str(adapter)))
    reply = backend.complete(row["prompt"], max_tokens=16, stop=["\n\n"])
    assert reply.completion_tokens > 0 and "unsloth_bc" in backend.describe()

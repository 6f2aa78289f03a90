"""A run folder written before a config field existed still resumes (the field at its default), and is refused
when the new field is set otherwise."""

from __future__ import annotations

import dataclasses
import json

import pytest

from halo_lib.config import RunConfig
from halo_lib.errors import HaloError
from halo_lib.runner.eval import _prepare_out_dir

BACKENDS = {"worker": {"kind": "local", "model": "", "adapter": "", "dtype": "auto"}, "manager": None}


def _age(out_dir):
    """Make the folder look as if written before `agent.local_dtype` and the backends' `dtype` existed."""
    path = out_dir / "config.json"
    data = json.loads(path.read_text())
    del data["identity"]["agent"]["local_dtype"]
    del data["identity"]["backends"]["worker"]["dtype"]
    path.write_text(json.dumps(data))


def test_a_folder_older_than_a_field_resumes_with_the_field_at_its_default(tmp_path):
    config = RunConfig(mode="expert", tasks="v2.gomail-1")
    _prepare_out_dir(config, tmp_path, BACKENDS)
    _age(tmp_path)
    _prepare_out_dir(config, tmp_path, BACKENDS)  # resumes: nothing raised
    assert json.loads((tmp_path / "config.json").read_text())["identity"]["agent"]["local_dtype"] == "auto"


def test_a_folder_older_than_a_field_is_refused_when_the_field_is_set_otherwise(tmp_path):
    config = RunConfig(mode="expert", tasks="v2.gomail-1")
    _prepare_out_dir(config, tmp_path, BACKENDS)
    _age(tmp_path)
    bf16 = dataclasses.replace(config, agent=dataclasses.replace(config.agent, local_dtype="bfloat16"))
    with pytest.raises(HaloError, match="different config.*agent"):
        _prepare_out_dir(bf16, tmp_path, BACKENDS)

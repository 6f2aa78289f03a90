"""Every committed config file of `halo generalize` and `halo train` loads as its typed config (an unknown key or a
wrong type is one sentence at run time; here it fails before anyone runs it).

    .venv/bin/python -m pytest tests/unit/test_params_files.py -q
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from halo_lib.config import from_dict
from halo_lib.rl.config import BCConfig, DPOConfig, GRPOConfig
from halo_lib.rl.generalize import GeneralizeConfig

PARAMS = Path(__file__).resolve().parents[2] / "params"
TRAINERS = {"bc": BCConfig, "dpo": DPOConfig, "grpo": GRPOConfig}


@pytest.mark.parametrize("path", sorted((PARAMS / "generalize").glob("*.yaml")), ids=lambda p: p.name)
def test_each_generalize_config_loads(path):
    config = from_dict(GeneralizeConfig, yaml.safe_load(path.read_text()), where=path.name)
    assert config.name and config.train_set


@pytest.mark.parametrize("path", sorted((PARAMS / "rl").glob("*.yaml")), ids=lambda p: p.name)
def test_each_trainer_config_loads(path):
    kind = path.name.split("_", 1)[0]
    config = from_dict(TRAINERS[kind], yaml.safe_load(path.read_text()), where=path.name)
    assert config.data and config.name

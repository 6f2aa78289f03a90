"""Typed configs reject unknown keys and wrong types with one sentence; modes load from params/modes.yaml."""

import pytest

from halo_lib.config import SPEED_MODE_STEPS, EnvConfig, RunConfig, config_hash, from_dict, load_mode, load_modes
from halo_lib.errors import HaloError


def test_nested_config_builds():
    config = from_dict(RunConfig, {"mode": "expert", "max_steps": SPEED_MODE_STEPS, "env": {"sites": "real", "headless": False}})
    assert config.max_steps == SPEED_MODE_STEPS and config.env.sites == "real" and config.env.headless is False


def test_misspelled_key_suggests_the_right_one():
    with pytest.raises(HaloError, match="Unknown RunConfig key 'max_step'.*did you mean 'max_steps'"):
        from_dict(RunConfig, {"max_step": 3})


@pytest.mark.parametrize(
    "data", [{"max_steps": "70"}, {"max_steps": True}, {"env": {"sites": "remote"}}, {"env": {"settle_quiet_ms": 1.5}}]
)
def test_wrong_types_are_refused(data):
    with pytest.raises(HaloError, match="must be"):
        from_dict(RunConfig, data)


def test_config_hash_covers_every_field():
    assert config_hash(RunConfig()) == config_hash(RunConfig())
    assert config_hash(RunConfig()) != config_hash(RunConfig(env=EnvConfig(settle_quiet_ms=61)))
    assert config_hash(RunConfig(), "abc") != config_hash(RunConfig(), "abd")


def test_all_seed_modes_and_expert_are_defined():
    modes = load_modes()
    assert {
        "baseline_worker",
        "hierarchy_mgr_gate",
        "hierarchy_vac",
        "hierarchy_vac_macros",
        "qwen_worker_zero",
        "qwen_worker_bc",
        "qwen_worker_dpo",
        "qwen_worker_grpo",
        "expert",
    } == set(modes)
    assert modes["hierarchy_vac_macros"].vac and modes["hierarchy_vac_macros"].macros
    assert modes["expert"].worker == "expert"
    with pytest.raises(HaloError, match="Unknown mode 'expertt'.*did you mean 'expert'"):
        load_mode("expertt")

"""The generalization driver's pieces without training: the worker-alone mode, the REAL test set (impossible tasks
dropped, generated tasks refused), the clean-split guard on exported data, and the per-site table.

    .venv/bin/python -m pytest tests/unit/test_generalize_config.py -q
"""

from __future__ import annotations

import pytest

from halo_lib.config import load_mode
from halo_lib.env.tasks import site_of
from halo_lib.errors import HaloError
from halo_lib.rl.generalize import GeneralizeConfig, check_training_data, per_site, real_test_spec, result_markdown, worker_mode


def test_the_worker_alone_has_no_cache_macros_or_manager():
    for adapter in ("", "artifacts/checkpoints/qwen_bc"):
        mode = load_mode(worker_mode(adapter))
        assert (mode.worker, mode.manager, mode.vac, mode.macros, mode.adapter) == ("open", "none", False, False, adapter)


def test_the_test_set_is_real_solvable_tasks_only():
    spec = real_test_spec(GeneralizeConfig(test_tasks="gocalendar,networkin"))
    assert "v2.gocalendar-11" not in spec.split(",") and "v2.networkin-19" not in spec.split(",")
    assert "v2.gocalendar-4" in spec.split(",") and len(spec.split(",")) > 10
    with pytest.raises(HaloError, match="generated tasks are for training only"):
        real_test_spec(GeneralizeConfig(test_tasks="/tmp/x/tasks/gen.gomail.send_new_email.0001.json"))


def test_a_real_task_in_the_training_data_is_refused():
    check_training_data({"train_tasks": ["v2.gen.gomail.send_new_email.0001"], "val_tasks": []})
    with pytest.raises(HaloError, match="REAL task v2.gomail-3 is in the training data"):
        check_training_data({"train_tasks": ["v2.gen.gomail.send_new_email.0001"], "val_tasks": ["v2.gomail-3"]})


def test_generated_task_ids_name_their_site():
    assert site_of("v2.gen.gomail.send_new_email.0003") == "gomail" and site_of("v2.omnizon-13") == "omnizon"


def test_per_site_success_with_standard_errors():
    summary = {
        "episodes": [
            {"task_id": "v2.gomail-1", "success": True},
            {"task_id": "v2.gomail-2", "success": False},
            {"task_id": "v2.omnizon-13", "success": True},
        ]
    }
    table = per_site(summary)
    assert table["gomail"] == {"n": 2, "success": 0.5, "stderr": 0.3536}
    assert table["all"]["n"] == 3 and table["omnizon"]["stderr"] == 0.0
    text = result_markdown({"train_tasks": 300, "arms": {"zero": table, "bc": table}})
    assert "| gomail | 50% ± 35 (n=2) | 50% ± 35 (n=2) |" in text

"""The shipped worker adapter (adapters/qwen_bc) is what `qwen_worker_bc` loads on a fresh clone: fp16, within the
size limit, portable (no machine's path in its config), its card matching the committed report of the run that made
it, and it loads on the local model and answers a recorded worker prompt with a parseable action."""

from __future__ import annotations

import json

from halo_lib.config import load_mode
from halo_lib.paths import PROJECT_ROOT, resolve_path
from halo_lib.rl.generalize_report import MAX_ADAPTER_MB, SHIPPED_ADAPTER

SHIPPED = PROJECT_ROOT / SHIPPED_ADAPTER


def test_qwen_worker_bc_reads_the_shipped_adapter_and_its_card_matches_the_report():
    assert resolve_path(load_mode("qwen_worker_bc").adapter) == SHIPPED
    card = json.loads((SHIPPED / "card.json").read_text())
    assert (SHIPPED / "adapter_model.safetensors").stat().st_size <= MAX_ADAPTER_MB * 2**20
    assert json.loads((SHIPPED / "adapter_config.json").read_text())["base_model_name_or_path"] == ""
    run = card["generalize_config"]["name"]
    report = json.loads((PROJECT_ROOT / "artifacts" / "reports" / "generalization" / f"{run}.json").read_text())
    assert card["result"]["unseen_real"] == report["unseen_real"] and card["result"]["commit"] == report["commit"]
    assert all(not t.startswith("v2.gen.") for t in report["test_tasks"])  # graded on REAL tasks only


def test_the_shipped_adapter_loads_and_answers_with_an_action():
    from halo_lib.policy.backends import BackendSpec, LocalBackend
    from halo_lib.policy.grammar import parse_action

    backend = LocalBackend(BackendSpec("local", "", adapter=str(SHIPPED)))
    row = json.loads((PROJECT_ROOT / "tests" / "fixtures" / "rl" / "dataset" / "bc_val.jsonl").read_text().splitlines()[0])
    reply = backend.complete(row["prompt"], max_tokens=32, temperature=0.0, stop=["\n\n"])  # a worker prompt as recorded
    assert reply.text.strip()
    parse_action(reply.text)  # raises if the trained worker does not answer in the action grammar

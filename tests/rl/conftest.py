"""Fixtures of the RL tests: a tiny random-init 2-layer Llama with SmolLM2's tokenizer (trainer tests only), and
small training files built from real saved replica pages through the worker's own prompt function."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from halo_lib.config import ObsConfig
from halo_lib.obs.summary import summarize
from halo_lib.policy.prompts import HistoryItem, worker_messages

AXTREES = Path(__file__).resolve().parent.parent / "fixtures" / "axtrees"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    from tests.support.tiny_model import make_tiny_model

    return make_tiny_model(tmp_path_factory.mktemp("tiny-llama"))


def _real_states(limit: int = 6) -> list[dict]:
    """(prompt, expert action, bids) of saved omnizon-13 pages, summarized small to keep the test fast."""
    out, history = [], []
    for step in range(limit):
        path = AXTREES / f"omnizon-13__{step}.json.gz"
        if not path.is_file():
            break
        with gzip.open(path, "rt") as handle:
            obs = json.load(handle)
        summary = summarize(obs, ObsConfig(budget_tokens=120))
        prompt = worker_messages(obs["goal"], summary.text, history)
        out.append({"prompt": prompt, "action": obs["action"], "bids": sorted(summary.bids)})
        history = history + [HistoryItem(obs["action"], "ok")]
    return out


@pytest.fixture(scope="session")
def train_files(tmp_path_factory) -> dict[str, Path]:
    states = _real_states()
    folder = tmp_path_factory.mktemp("rl-data")

    def msg(text):
        return [{"role": "assistant", "content": text}]

    rows = {
        "bc": [{"prompt": s["prompt"], "completion": msg(f"Action: {s['action']}")} for s in states],
        "dpo": [{"prompt": s["prompt"], "chosen": msg(f"Action: {s['action']}"), "rejected": msg("Action: go_back()")} for s in states],
        "grpo": [{"prompt": s["prompt"], "bids": s["bids"], "verified": [s["action"]]} for s in states],
    }
    paths = {}
    for kind, data in rows.items():
        paths[kind] = folder / f"{kind}.jsonl"
        paths[kind].write_text("".join(json.dumps(r) + "\n" for r in data))
    return paths

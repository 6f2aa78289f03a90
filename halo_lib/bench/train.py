"""Benchmark: BC training tokens/s with HALO's trainer vs a plain TRL SFTTrainer, same data, model, LoRA and
arguments (only the trainer class differs; see rl/train_bc.py for what HALO's does differently).

Each trainer runs `steps` optimizer steps on the first examples of the data, after one warm-up step that is
not timed; tokens = non-padding input tokens. Writes a JSON + markdown report.

    from halo_lib.bench.train import bench_train
    report = bench_train("artifacts/datasets/rl/bc_train.jsonl", steps=6)
    halo bench train --data artifacts/datasets/rl/bc_train.jsonl --steps 6
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from halo_lib.rl.config import BCConfig


def _measure(data: str, model: str, steps: int, fast: bool, seed: int) -> dict[str, Any]:
    from transformers import TrainerCallback

    from halo_lib.rl.train_bc import build_bc_trainer

    with tempfile.TemporaryDirectory() as tmp:
        cfg = BCConfig(data=data, model=model, name="bench", out_root=tmp, max_steps=steps + 1, grad_accum=1,
                       batch_size=1, progress=False, resume=False, seed=seed, logging_steps=1)
        trainer, *_ = build_bc_trainer(cfg, fast_loss=fast, include_num_input_tokens_seen="non_padding")
        marks: dict[str, float] = {}

        class Clock(TrainerCallback):
            def on_step_end(self, args, state, control, **kwargs):
                if state.global_step == 1:
                    marks["t0"], marks["tokens0"] = time.perf_counter(), state.num_input_tokens_seen

        trainer.add_callback(Clock())
        trainer.train()
        wall = time.perf_counter() - marks["t0"]
        tokens = trainer.state.num_input_tokens_seen - marks["tokens0"]
        losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    return {"trainer": "halo" if fast else "trl", "steps": steps, "tokens": int(tokens), "wall_s": round(wall, 2),
            "tokens_per_s": round(tokens / wall, 1), "s_per_step": round(wall / steps, 2), "losses": losses}


def bench_train(data: str, steps: int = 6, model: str = "", out_dir: str | Path = "artifacts/reports", seed: int = 0) -> dict[str, Any]:
    rows = [_measure(data, model, steps, fast, seed) for fast in (True, False)]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()[:2])
    speedup = rows[0]["tokens_per_s"] / rows[1]["tokens_per_s"] if rows[1]["tokens_per_s"] else None
    lines = ["| trainer | steps | tokens | wall s | tokens/s | s/step |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['trainer']} | {r['steps']} | {r['tokens']} | {r['wall_s']} | {r['tokens_per_s']} | {r['s_per_step']} |")
    lines.append(f"\nHALO / TRL tokens/s: {speedup:.2f}x (same data, LoRA, batch 1; load average {load} "
                 f"(1/5 min) on {os.cpu_count()} cores at the end)" if speedup else "")
    report = {"data": data, "model": model or "SmolLM2-135M-Instruct", "rows": rows, "speedup": speedup, "markdown": "\n".join(lines)}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"bench_train_{stamp}.json").write_text(json.dumps(report, indent=2))
    (out / f"bench_train_{stamp}.md").write_text(report["markdown"] + "\n")
    return report

"""Benchmark: BC training tokens/s with HALO's trainer vs a plain TRL SFTTrainer, same data, model, LoRA and
arguments (only the trainer class differs; see rl/train_bc.py for what HALO's does differently), both in float32,
and HALO's trainer again in bfloat16 autocast (TrainCommon.precision; native on a CPU with avx512_bf16 or AMX).

Each trainer runs `steps` optimizer steps on the first examples of the data, after one warm-up step that is
not timed; tokens = non-padding input tokens. Writes a JSON + markdown report (bench/report.py's format).
`write_sample_bc_data` builds a few BC rows through the worker's own prompt (for `halo bench all` on a fresh clone).

    from halo_lib.bench.train import bench_train
    report = bench_train("artifacts/datasets/rl/bc_train.jsonl", steps=6)
    halo bench train --data artifacts/datasets/rl/bc_train.jsonl --steps 6
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from halo_lib.bench.report import finish_report, load_note, start_clock, write_report
from halo_lib.rl.common import cpu_has_native_bf16
from halo_lib.rl.config import BCConfig


def _measure(data: str, model: str, steps: int, fast: bool, seed: int, precision: str = "fp32") -> dict[str, Any]:
    from transformers import TrainerCallback

    from halo_lib.rl.train_bc import build_bc_trainer

    with tempfile.TemporaryDirectory() as tmp:
        cfg = BCConfig(
            data=data,
            model=model,
            name="bench",
            out_root=tmp,
            max_steps=steps + 1,
            grad_accum=1,
            batch_size=1,
            progress=False,
            resume=False,
            seed=seed,
            logging_steps=1,
            precision=precision,
        )
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
    return {
        "trainer": "halo" if fast else "trl",
        "precision": precision,
        "steps": steps,
        "tokens": int(tokens),
        "wall_s": round(wall, 2),
        "tokens_per_s": round(tokens / wall, 1),
        "s_per_step": round(wall / steps, 2),
        "losses": losses,
    }


SAMPLE_PAGE = (
    "[12] link 'Inbox (3)'\n[13] link 'Starred'\n[14] link 'Sent'\n[15] button 'Compose'\n"
    "[16] row 'Alice Martin - Quarterly report - Please find attached the numbers for Q3'\n"
    "[17] searchbox 'Search mail'\n[18] button 'Search'"
)
SAMPLE_STEPS = (
    ("Open the email from Alice Martin.", "click('16')"),
    ("Write a new email.", "click('15')"),
    ("Show the starred emails.", "click('13')"),
    ("Search the mail for 'invoice'.", "fill('17', 'invoice')"),
    ("Show the sent emails.", "click('14')"),
    ("Open the inbox.", "click('12')"),
)


def write_sample_bc_data(path: Path, rows: int = 12) -> Path:
    """`rows` BC rows (prompt = the worker's messages on a mail-like page, completion = the action) in `path`."""
    from halo_lib.policy.prompts import worker_messages

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        for index in range(rows):
            goal, action = SAMPLE_STEPS[index % len(SAMPLE_STEPS)]
            row = {"prompt": worker_messages(goal, SAMPLE_PAGE, []), "completion": [{"role": "assistant", "content": f"Action: {action}"}]}
            handle.write(json.dumps(row) + "\n")
    return path


def bench_train(
    data: str, steps: int = 6, model: str = "", out_dir: str | Path | None = "artifacts/reports", seed: int = 0
) -> dict[str, Any]:
    clock = start_clock()
    rows = [_measure(data, model, steps, fast, seed, precision) for fast, precision in ((True, "fp32"), (False, "fp32"), (True, "bf16"))]
    speedup = rows[0]["tokens_per_s"] / rows[1]["tokens_per_s"] if rows[1]["tokens_per_s"] else None
    bf16_speedup = rows[2]["tokens_per_s"] / rows[0]["tokens_per_s"] if rows[0]["tokens_per_s"] else None
    lines = ["| trainer | precision | steps | tokens | wall s | tokens/s | s/step |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['trainer']} | {r['precision']} | {r['steps']} | {r['tokens']} | {r['wall_s']} | {r['tokens_per_s']} | {r['s_per_step']} |"
        )
    if speedup and bf16_speedup:
        lines.append(
            f"\nHALO / TRL tokens/s: {speedup:.2f}x; HALO bf16 / fp32: {bf16_speedup:.2f}x "
            f"(same data, LoRA, batch 1; this CPU {'has' if cpu_has_native_bf16() else 'lacks'} native bf16; {load_note()} at the end)"
        )
    report = {
        "kind": "train",
        "data": data,
        "model": model or "SmolLM2-135M-Instruct",
        "rows": rows,
        "speedup": speedup,
        "bf16_speedup": bf16_speedup,
        "markdown": "\n".join(lines),
    }
    finish_report(report, clock, f"BC training tokens/s: HALO's trainer vs TRL's SFTTrainer ({steps} steps)")
    if out_dir is not None:
        write_report(out_dir, "bench_train", report)
    return report

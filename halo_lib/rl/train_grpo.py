"""GRPO: TRL's GRPOTrainer on grpo.jsonl prompts (recorded worker states), rewarded by rl/rewards.py: the
completion parses under HALO's grammar, targets an element on that page, matches an action verified in that
state, plus a format term (weights in GRPOConfig.reward_weights). Starts from `init_adapter` (BC by default).
Writes artifacts/checkpoints/<name>/ like every trainer; metrics.json also has the reward curve.

    from halo_lib.rl.train_grpo import train_grpo
    train_grpo(GRPOConfig(data="artifacts/datasets/rl/grpo_train.jsonl", max_steps=10))
    halo train grpo --data artifacts/datasets/rl/grpo_train.jsonl --max-steps 10
"""

from __future__ import annotations

from typing import Any

from halo_lib.errors import HaloError
from halo_lib.rl.common import check_data, common_args, file_hash, load_policy, output_dir, read_jsonl, run_training, write_outputs
from halo_lib.rl.config import GRPOConfig
from halo_lib.rl.rewards import REWARD_FUNCS


def grpo_dataset(path) -> Any:
    from datasets import Dataset

    rows = read_jsonl(path)
    return Dataset.from_list([{"prompt": r["prompt"], "bids": r["bids"], "verified": r["verified"]} for r in rows])


def train_grpo(cfg: GRPOConfig) -> dict[str, Any]:
    from trl import GRPOConfig as TrlGRPOConfig
    from trl import GRPOTrainer

    weights = [float(w) for w in cfg.reward_weights.split(",")]
    if len(weights) != len(REWARD_FUNCS):
        raise HaloError(
            f"reward_weights needs {len(REWARD_FUNCS)} numbers (parses, element, verified, format), got {cfg.reward_weights!r}."
        )
    if cfg.batch_size * cfg.grad_accum % cfg.num_generations:
        raise HaloError("batch_size x grad_accum must be a multiple of num_generations: fix the GRPO config.")
    data = check_data(cfg.data, "GRPO")
    out = output_dir(cfg)
    model, tokenizer, peft_config, backend = load_policy(cfg)
    args = TrlGRPOConfig(
        **common_args(cfg, out),
        num_generations=cfg.num_generations,
        max_completion_length=cfg.max_completion_length,
        temperature=cfg.temperature,
        beta=cfg.beta,
        reward_weights=weights,
        include_num_input_tokens_seen="non_padding",
    )
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=REWARD_FUNCS,
        args=args,
        train_dataset=grpo_dataset(data),
        processing_class=tokenizer,
        peft_config=peft_config,
    )
    facts = run_training(trainer, cfg, out)
    facts["examples"] = len(trainer.train_dataset)
    metrics = write_outputs(out, cfg, trainer, file_hash(data), facts, backend)
    metrics["reward_curve"] = [{"step": h["step"], "reward": h["reward"]} for h in trainer.state.log_history if "reward" in h]
    import json

    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, default=str))
    return metrics | {"out_dir": str(out)}

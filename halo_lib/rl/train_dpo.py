"""DPO: TRL's DPOTrainer on dpo.jsonl (prompt = the worker's messages, chosen/rejected = `Action: <call>`).

Starts from `init_adapter` (BC by default): that adapter keeps training and TRL keeps a frozen copy of it as
the reference policy, so DPO moves away from BC, not from the base model. With init_adapter "" a fresh LoRA
is trained against the base model. Writes artifacts/checkpoints/<name>/ like every trainer.

    from halo_lib.rl.train_dpo import train_dpo
    train_dpo(DPOConfig(data="artifacts/datasets/rl/dpo_train.jsonl", max_steps=20))
    halo train dpo --data artifacts/datasets/rl/dpo_train.jsonl --max-steps 20
"""

from __future__ import annotations

from typing import Any

from halo_lib.rl.common import check_data, common_args, file_hash, load_policy, output_dir, read_jsonl, run_training, write_outputs
from halo_lib.rl.config import DPOConfig


def dpo_dataset(path) -> Any:
    from datasets import Dataset

    rows = read_jsonl(path)
    return Dataset.from_list([{"prompt": r["prompt"], "chosen": r["chosen"], "rejected": r["rejected"]} for r in rows])


def train_dpo(cfg: DPOConfig) -> dict[str, Any]:
    from trl import DPOConfig as TrlDPOConfig
    from trl import DPOTrainer

    data = check_data(cfg.data, "DPO")
    out = output_dir(cfg)
    model, tokenizer, peft_config, backend = load_policy(cfg)
    args = TrlDPOConfig(**common_args(cfg, out), beta=cfg.beta, max_length=cfg.max_length, include_num_input_tokens_seen="non_padding")
    evals = dpo_dataset(check_data(cfg.eval_data, "DPO validation")) if cfg.eval_data else None
    if evals is not None:
        args.eval_strategy = "epoch"
    trainer = DPOTrainer(
        model=model, args=args, train_dataset=dpo_dataset(data), eval_dataset=evals, processing_class=tokenizer, peft_config=peft_config
    )
    facts = run_training(trainer, cfg, out)
    facts["examples"] = len(trainer.train_dataset)
    return write_outputs(out, cfg, trainer, file_hash(data), facts, backend) | {"out_dir": str(out)}

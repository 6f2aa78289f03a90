"""Behaviour cloning: TRL's SFTTrainer (HALO's subclass) + a PEFT LoRA on bc.jsonl (prompt = the worker's messages, completion =
`Action: <call>`); the loss is on the completion only. Writes artifacts/checkpoints/<name>/ (adapter,
config.json, metrics.json with the loss curve, data_hash.txt). Reruns resume from the newest checkpoint
(save_steps > 0).

HALO's trainer (`HaloSFTTrainer`, `fast_loss=True`) differs from a plain SFTTrainer in one place: the loss. A
worker example is ~1,300 prompt tokens and ~10 action tokens, and SmolLM2's vocabulary is 49k, so TRL's loss
(logits, log-probs and entropy at every position) spends most of a step on positions that carry no loss. HALO
runs the LM head only where a label is (transformers' `logits_to_keep` with the label positions); the loss is
the same token-mean cross-entropy. `halo bench train` measures both on the same data.

    from halo_lib.rl.train_bc import train_bc
    metrics = train_bc(BCConfig(data="artifacts/datasets/rl/bc_train.jsonl", name="qwen_bc", epochs=3))
    halo train bc --data artifacts/datasets/rl/bc_train.jsonl --name qwen_bc --epochs 3
"""

from __future__ import annotations

from typing import Any

from halo_lib.rl.common import check_data, common_args, file_hash, load_policy, output_dir, read_jsonl, run_training, write_outputs
from halo_lib.rl.config import BCConfig


def _sft_trainer_class(fast_loss: bool):
    from trl import SFTTrainer

    if not fast_loss:
        return SFTTrainer

    class HaloSFTTrainer(SFTTrainer):
        """SFTTrainer whose loss runs the LM head only at labelled (completion) positions."""

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            import torch

            labels = inputs["labels"]
            targets = labels[:, 1:]
            positions = (targets != -100).any(dim=0).nonzero().flatten()  # union over the batch
            if positions.numel() == 0:
                positions = torch.tensor([targets.shape[1] - 1], device=labels.device)
            forward = {k: v for k, v in inputs.items() if k in ("input_ids", "attention_mask", "position_ids")}
            outputs = model(**forward, use_cache=False, logits_to_keep=positions)
            logits = outputs.logits.float()  # [batch, len(positions), vocab]
            picked = targets[:, positions]
            loss_sum = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), picked.reshape(-1), ignore_index=-100, reduction="sum"
            )
            valid = (picked != -100).sum()
            denominator = num_items_in_batch if num_items_in_batch is not None else valid.clamp(min=1)
            loss = loss_sum / denominator
            mode = "train" if self.model.training else "eval"
            with torch.no_grad():
                correct = ((logits.argmax(-1) == picked) & (picked != -100)).sum()
                self._metrics[mode]["mean_token_accuracy"].append((correct / valid.clamp(min=1)).item())
            if mode == "train" and "attention_mask" in inputs:
                self._total_train_tokens += int(inputs["attention_mask"].sum().item())
            self._metrics[mode]["num_tokens"] = [self._total_train_tokens]
            return (loss, outputs) if return_outputs else loss

    return HaloSFTTrainer


def bc_dataset(path) -> Any:
    from datasets import Dataset

    rows = read_jsonl(path)
    return Dataset.from_list([{"prompt": r["prompt"], "completion": r["completion"]} for r in rows])


def sft_args(cfg: BCConfig, out, **overrides) -> Any:
    from trl import SFTConfig

    kwargs = common_args(cfg, out)
    kwargs.update(max_length=cfg.max_length, completion_only_loss=True, packing=False)
    kwargs.update(overrides)
    return SFTConfig(**kwargs)


def build_bc_trainer(cfg: BCConfig, fast_loss: bool = True, **arg_overrides) -> tuple[Any, Any, str, str]:
    """(trainer, out folder, data hash, backend) without training: used by train_bc and the benchmark."""
    data = check_data(cfg.data, "BC")
    out = output_dir(cfg)
    model, tokenizer, peft_config, backend = load_policy(cfg)
    train = bc_dataset(data)
    evals = bc_dataset(check_data(cfg.eval_data, "BC validation")) if cfg.eval_data else None
    args = sft_args(cfg, out, eval_strategy="epoch" if evals is not None else "no", **arg_overrides)
    trainer = _sft_trainer_class(fast_loss and backend == "trl")(
        model=model, args=args, train_dataset=train, eval_dataset=evals, processing_class=tokenizer, peft_config=peft_config
    )
    return trainer, out, file_hash(data), backend


def train_bc(cfg: BCConfig) -> dict[str, Any]:
    trainer, out, data_hash, backend = build_bc_trainer(cfg, include_num_input_tokens_seen="non_padding")
    facts = run_training(trainer, cfg, out)
    facts["examples"] = len(trainer.train_dataset)
    return write_outputs(out, cfg, trainer, data_hash, facts, backend) | {"out_dir": str(out)}

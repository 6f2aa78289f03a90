"""The RL pipeline: rollouts -> trajectories -> export (bc/dpo/grpo jsonl) -> trainers (TRL + PEFT LoRA, Unsloth on
CUDA) -> adapters the open-worker modes load (in-process, or through `vllm serve --enable-lora`).

    rollout.py       K rollouts per task at temperature T, fresh site state each     halo rollout
    trajectories.py  episodes -> steps with prompts and progress signals
    judge.py         a DAgger run's disagreements: mistake or another route (expert cost-to-go)  halo judge
    export.py        bc.jsonl / dpo.jsonl / grpo.jsonl, split by task, dataset card  halo export
    common.py        what the trainers share: model + tokenizer loading, LoRA config
    config.py        RolloutConfig, ExportConfig, BCConfig, DPOConfig, GRPOConfig
    train_bc.py      SFTTrainer (loss on the action only)                            halo train bc
    train_dpo.py     DPOTrainer                                                       halo train dpo
    train_grpo.py    GRPOTrainer with rewards.py                                      halo train grpo
    serve.py         vllm serve ... --enable-lora --lora-modules                      halo serve vllm --print
    unsloth_glue.py  Unsloth's FastLanguageModel on CUDA (own environment)
    report.py        the result table (zero-shot vs BC vs DPO vs GRPO, held-out)
    generalize.py    train on generated tasks (expert, BC, DAgger, DPO, GRPO), grade on REAL  halo generalize
    generalize_report.py  the committed report (artifacts/reports/generalization/) and shipped adapter  --publish

Importing this package starts nothing and downloads nothing.
"""

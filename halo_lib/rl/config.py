"""Typed configs of the RL pipeline: rollouts, export, the judge of DAgger pairs, and one per trainer (BC, DPO, GRPO).

Built like every HALO config with `halo_lib.config.from_dict` (unknown keys and wrong types fail with one
sentence). Trainer configs share `TrainCommon` fields (model, adapter, LoRA, optimisation, output) and add
their own. The same configs drive TRL on CPU and Unsloth's FastLanguageModel on CUDA (rl/unsloth_glue.py).

    from halo_lib.config import from_dict
    from halo_lib.rl.config import BCConfig
    cfg = from_dict(BCConfig, {"data": "artifacts/datasets/rl/bc_train.jsonl", "name": "qwen_bc", "max_steps": 50})
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from halo_lib.config import SCORE_MODE_STEPS, SPEED_MODE_STEPS


@dataclass(frozen=True)
class RolloutConfig:
    """K rollouts per task at temperature T for any mode; every rollout starts from a fresh site state."""

    mode: str = "qwen_worker_zero"  # a mode of params/modes.yaml, optionally with overrides "NAME:vac=false,..."
    tasks: str = "local"  # task ids, site names, "local", or task JSON paths (comma list)
    k: int = 2  # rollouts per task (rollout k uses seed + k)
    temperature: float = 0.7  # worker sampling temperature (0 = greedy; then rollouts only differ by the site)
    max_steps: int = SPEED_MODE_STEPS  # steps per episode (REAL's speed mode by default)
    workers: int = 1  # parallel episodes (Ray when > 1); each has its own browser and replica session
    seed: int = 0  # rollout k of a task uses seed + k
    out_dir: str = ""  # run folder; "" = artifacts/rl/rollouts/<mode>_k<k>_t<T>
    cache_dir: str = ""  # verified action cache + macros folder; "" = a private one inside out_dir
    reference: str = ""  # run folders whose successful episodes define "verified actions" for VAC agreement
    sites_port: int = 0  # first replica port (0 = the default 8601)
    # page summary budget in tokens (0 = AgentConfig's default, 1500). Training data and evaluation must use the
    # same value (the worker's prompt includes the summary); the CPU experiments use 300 (~700-token prompts).
    obs_budget_tokens: int = 0
    history_steps: int = 8  # previous actions in the worker's prompt (AgentConfig.history_steps)
    worker_decoding: Literal["free", "ranked"] = "free"  # how the worker picks its action (AgentConfig.worker_decoding)
    worker_model: str = ""  # the worker's base model (AgentConfig.worker_model: a folder for the local backend; "" = the default)
    worker_dtype: Literal["auto", "float32", "bfloat16"] = "auto"  # the local worker's weights (AgentConfig.local_dtype)
    retry_errors: bool = False  # on resume, rerun rollouts that ended in an infrastructure error (RunConfig.retry_errors)
    expert_labels: bool = False  # DAgger: the expert labels every state the policy reaches (RunConfig.expert_labels)


@dataclass(frozen=True)
class ExportConfig:
    """Trajectories -> bc/dpo/grpo jsonl, split by task, with a dataset card."""

    runs: str = ""  # comma list of run folders (rollouts, evals, expert runs)
    out_dir: str = "artifacts/datasets/rl"  # dataset folder: {bc,dpo,grpo}_{train,val}.jsonl, card.json, README.md
    strategies: str = "progress_ranked,outcome,expert_vs_policy"  # DPO pairing strategies (comma list)
    bc_sources: Literal["any", "expert"] = "any"  # successful episodes of any mode, or only the expert's
    tasks: str = ""  # only these task ids ("" = all)
    val_fraction: float = 0.2  # share of each site's tasks held out for validation (when val_tasks is "")
    val_tasks: str = ""  # explicit validation tasks (comma list); overrides val_fraction
    seed: int = 0  # the task split's hash seed
    # True: keep only steps whose target element is listed in the worker's page summary (the worker could have
    # read its bid). False: keep them all - the replica pages are deterministic, so a model can learn a bid from
    # goal + history on the trained tasks (it cannot transfer that to unseen tasks; report held-out separately)
    visible_targets_only: bool = True
    # DAgger-style emphasis: where a failed policy episode in `runs` first left the expert's path on a training
    # task, the expert's BC row for that state goes into bc_train this many extra times (0 = off)
    bc_focus_copies: int = 0
    # DAgger: a step whose record holds the expert's label (`expert_action`, runs with expert_labels) gives the BC row
    # (its prompt -> the expert's action) whether or not the episode succeeded; False ignores the labels
    bc_expert_labels: bool = True
    # judge folders (rl/judge.py, comma list): on a judged run, an expert_vs_policy pair is kept only where the judge
    # found the policy's action a mistake (it cost the expert more steps to the goal), not another route ("" = all)
    judged: str = ""


@dataclass(frozen=True)
class JudgeConfig:
    """A DAgger run's disagreements judged by the expert's cost-to-go: a mistake or another route (rl/judge.py)."""

    run: str = ""  # the DAgger run folder (a rollout with expert_labels)
    tasks: str = ""  # the task spec it played (generated tasks: "gen:train:50")
    out_dir: str = ""  # the judge's folder: branch<k>/ runs, judgements.jsonl, summary.json ("" = <run>_judged)
    workers: int = 1  # parallel branch episodes (Ray when > 1)
    sites_port: int = 0  # first replica port (0 = the default 8601)
    expert_steps: int = SCORE_MODE_STEPS  # the most steps the expert takes after the replayed ones


@dataclass(frozen=True)
class TrainCommon:
    """Fields every trainer shares."""

    name: str = "qwen_bc"  # output folder name: artifacts/checkpoints/<name>/
    data: str = ""  # training jsonl (from `halo export`)
    eval_data: str = ""  # validation jsonl ("" = none)
    model: str = ""  # base model folder; "" = the local SmolLM2-135M-Instruct (artifacts/models/)
    init_adapter: str = ""  # continue from this LoRA adapter (DPO/GRPO start from BC); "" = a fresh LoRA
    out_root: str = "artifacts/checkpoints"  # parent folder of <name>/
    lora_r: int = 16  # LoRA rank
    lora_alpha: int = 32  # LoRA scaling numerator (scale = alpha / r)
    lora_dropout: float = 0.0  # dropout on the LoRA input
    lora_targets: str = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj"  # modules that get LoRA (comma list)
    lora_top_layers: int = 0  # > 0: LoRA only in the top N decoder layers (the backward pass stops there: CPU)
    learning_rate: float = 5e-4  # AdamW peak learning rate
    epochs: float = 1.0  # passes over the training data
    max_steps: int = -1  # > 0 overrides epochs
    max_wall_s: float = 0.0  # > 0: stop after the optimizer step that passes this many seconds (a lent GPU's budget)
    batch_size: int = 1  # examples per device step
    grad_accum: int = 4  # device steps per optimizer step
    max_length: int = 4096  # tokens of prompt + completion; longer examples are truncated by TRL
    warmup_ratio: float = 0.0  # share of the steps spent warming the learning rate up
    logging_steps: int = 1  # a loss point every N optimizer steps
    save_steps: int = 0  # > 0: a checkpoint every N steps (resume with resume=True)
    resume: bool = True  # resume from the newest checkpoint in the output folder, if any
    seed: int = 0  # torch / data order seed
    backend: Literal["auto", "trl", "unsloth"] = "auto"  # auto: Unsloth when CUDA is present and it is installed
    # bf16: bfloat16 autocast over float32 weights; auto: bf16 on a GPU that has it and on a CPU with native bf16
    # instructions (avx512_bf16 / AMX: 2.05x the tokens/s of fp32 on this machine's Zen 5, halo bench train), fp32 elsewhere
    precision: Literal["auto", "bf16", "fp32"] = "auto"
    progress: bool = True  # progress bars


@dataclass(frozen=True)
class BCConfig(TrainCommon):
    """Behaviour cloning with TRL's SFTTrainer; the loss is on the action (the completion) only."""

    name: str = "qwen_bc"


@dataclass(frozen=True)
class DPOConfig(TrainCommon):
    """DPO with TRL's DPOTrainer on (prompt, chosen, rejected) pairs; the reference is the starting policy."""

    name: str = "qwen_dpo"
    init_adapter: str = "artifacts/checkpoints/qwen_bc"
    beta: float = 0.1  # DPO's KL strength: higher stays closer to the reference policy
    learning_rate: float = 1e-4


@dataclass(frozen=True)
class GRPOConfig(TrainCommon):
    """GRPO with TRL's GRPOTrainer; rewards in rl/rewards.py (grammar, element present, verified action, format)."""

    name: str = "qwen_grpo"
    init_adapter: str = "artifacts/checkpoints/qwen_bc"
    learning_rate: float = 5e-5
    num_generations: int = 4  # completions per prompt (the group)
    max_completion_length: int = 24  # tokens per completion (an action is ~10-20)
    temperature: float = 1.0  # sampling temperature of the group
    beta: float = 0.0  # KL coefficient (0 = no reference model, TRL's default)
    reward_weights: str = "1,1,2,0.5"  # parses, element present, verified action, format
    batch_size: int = 4  # must be a multiple of num_generations
    grad_accum: int = 1  # device steps per optimizer step

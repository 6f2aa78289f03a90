#!/usr/bin/env bash
# The CPU result of issue 5, after BC training (params/rl/bc_cpu.yaml) has finished: evaluate BC, train DPO and GRPO
# from it, evaluate them; same tasks (omnizon), same seed, greedy, 25 steps, caches and macros off, page budget 300.
set -u
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1
H=.venv/bin/halo
L=artifacts/rl/logs
EV="--tasks omnizon --k 1 --temperature 0 --max-steps 25 --obs-budget-tokens 300 --reference artifacts/rl/rollouts/expert_b300"
$H rollout --mode "qwen_worker_bc:vac=false,macros=false" $EV --out artifacts/rl/evals/bc --sites-port 8771 > $L/eval_bc.log 2>&1 &
$H export --runs artifacts/rl/rollouts/expert_b300,artifacts/rl/evals/zero_omz_cap5 --tasks v2.omnizon-3,v2.omnizon-9,v2.omnizon-15,v2.omnizon-17,v2.omnizon-24,v2.omnizon-28,v2.omnizon-29,v2.omnizon-30 \
   --val-fraction 0 --include-unlisted-targets --out artifacts/datasets/rl_omz_pairs > $L/export_pairs.log 2>&1
$H train dpo --config params/rl/dpo_cpu.yaml > $L/train_dpo.log 2>&1
$H rollout --mode "qwen_worker_dpo:vac=false,macros=false" $EV --out artifacts/rl/evals/dpo --sites-port 8781 > $L/eval_dpo.log 2>&1 &
$H train grpo --config params/rl/grpo_cpu.yaml > $L/train_grpo.log 2>&1
$H rollout --mode "qwen_worker_grpo:vac=false,macros=false" $EV --out artifacts/rl/evals/grpo --sites-port 8791 > $L/eval_grpo.log 2>&1 &
wait

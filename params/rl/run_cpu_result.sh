#!/usr/bin/env bash
# The CPU result of issue 5, after BC training (params/rl/bc_cpu.yaml): evaluate BC, train DPO and GRPO from it,
# evaluate them. Same tasks (omnizon), seed 0, greedy, caches and macros off, page budget 300, at most 12 steps
# (the expert needs 6-11 on these tasks; 25 steps did not fit the CPU time: a failing BC step costs ~30 s here).
# One worker each: two Ray workers ran ~10x slower per step than one in-process episode on the loaded 2-core box.
set -u
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1
H=.venv/bin/halo
L=artifacts/rl/logs
EV="--tasks omnizon --k 1 --temperature 0 --max-steps 12 --obs-budget-tokens 300 --reference artifacts/rl/rollouts/expert_b300"
step="${1:-all}"
if [ "$step" = all ] || [ "$step" = bc ]; then
  $H rollout --mode "qwen_worker_bc:vac=false,macros=false" $EV --workers 1 --out artifacts/rl/evals/bc_s12 --sites-port 8771 > $L/eval_bc_s12.log 2>&1 &
fi
if [ "$step" = all ] || [ "$step" = dpo ]; then
  [ -f artifacts/datasets/rl_omz_pairs/dpo_train.jsonl ] || $H export --runs artifacts/rl/rollouts/expert_b300,artifacts/rl/evals/zero_omz_cap5 \
     --tasks v2.omnizon-3,v2.omnizon-9,v2.omnizon-15,v2.omnizon-17,v2.omnizon-24,v2.omnizon-28,v2.omnizon-29,v2.omnizon-30 \
     --val-fraction 0 --include-unlisted-targets --out artifacts/datasets/rl_omz_pairs > $L/export_pairs.log 2>&1
  [ -f artifacts/checkpoints/qwen_dpo/adapter_config.json ] || $H train dpo --config params/rl/dpo_cpu.yaml > $L/train_dpo.log 2>&1
  $H rollout --mode "qwen_worker_dpo:vac=false,macros=false" $EV --out artifacts/rl/evals/dpo_s12 --sites-port 8781 > $L/eval_dpo_s12.log 2>&1 &
fi
if [ "$step" = all ] || [ "$step" = grpo ]; then
  [ -f artifacts/checkpoints/qwen_grpo/adapter_config.json ] || $H train grpo --config params/rl/grpo_cpu.yaml > $L/train_grpo.log 2>&1
  $H rollout --mode "qwen_worker_grpo:vac=false,macros=false" $EV --out artifacts/rl/evals/grpo_s12 --sites-port 8791 > $L/eval_grpo_s12.log 2>&1 &
fi
wait

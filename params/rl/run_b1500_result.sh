#!/usr/bin/env bash
# Issue 5's result at the default page budget (1500 tokens): each policy plays all 31 replica tasks once,
# greedy, seed 0, worker only (no manager, no cache, no macros), at most 15 steps (the expert needs 6-11).
# The 25 training tasks and 6 held-out ones are those of artifacts/datasets/b1500 (halo export's split).
#   params/rl/run_b1500_result.sh zero|bc_gpu|bc_cpu|grpo_gpu|dpo|dpo_v2|bc_focus|dagger_e6|dagger_e12|dagger_cpu|dpo_dagger ...     (each a resumable run folder)
# Two of these at once: give each its own replicas (SITES_PORT=8701) and one torch thread (OMP_NUM_THREADS=1).
set -u
cd "$(dirname "$0")/../.."
H=.venv/bin/halo
mkdir -p artifacts/rl/logs
PORT=${SITES_PORT:+--sites-port $SITES_PORT}
EV="$PORT --tasks local --k 1 --temperature 0 --max-steps 15 --reference artifacts/rl/rollouts/expert_b1500"
ONLY="vac=false,macros=false,manager=none"
for what in "$@"; do
  case $what in
    zero)     mode="qwen_worker_zero:$ONLY" ;;
    bc_gpu)   mode="qwen_worker_bc:$ONLY,adapter=artifacts/checkpoints/bc_b1500_gpu" ;;
    bc_cpu)   mode="qwen_worker_bc:$ONLY,adapter=artifacts/checkpoints/bc_b1500_cpu" ;;
    grpo_gpu) mode="qwen_worker_grpo:$ONLY,adapter=artifacts/checkpoints/grpo_b1500_gpu" ;;
    dpo)      mode="qwen_worker_dpo:$ONLY,adapter=artifacts/checkpoints/dpo_b1500" ;;
    dpo_v2)   mode="qwen_worker_dpo:$ONLY,adapter=artifacts/checkpoints/dpo_b1500_v2" ;;
    bc_focus) mode="qwen_worker_bc:$ONLY,adapter=artifacts/checkpoints/bc_b1500_focus" ;;
    dpo_dagger) mode="qwen_worker_dpo:$ONLY,adapter=artifacts/checkpoints/dpo_b1500_dagger" ;;
    dagger_e6|dagger_e12|dagger_cpu) mode="qwen_worker_bc:$ONLY,adapter=artifacts/checkpoints/bc_b1500_$what" ;;
    *) echo "unknown policy $what: zero|bc_gpu|bc_cpu|grpo_gpu|dpo|dpo_v2|bc_focus|dagger_e6|dagger_e12|dagger_cpu|dpo_dagger"; exit 2 ;;
  esac
  $H rollout --mode "$mode" $EV --out "artifacts/rl/evals/b1500_$what" > "artifacts/rl/logs/eval_b1500_$what.log" 2>&1
  tail -3 "artifacts/rl/logs/eval_b1500_$what.log"
done

#!/usr/bin/env bash
# Renders the CPU result table (notebooks/10_rl_result.ipynb under papermill) into artifacts/reports/rl_result/.
cd "$(dirname "$0")/../.."
B=$(ls -t artifacts/reports/bench_train_*.json | head -1)
OMP_NUM_THREADS=1 .venv/bin/python -m papermill notebooks/10_rl_result.ipynb artifacts/reports/rl_result/10_rl_result.ipynb --cwd . -k python3 \
  -p out_dir artifacts/reports/rl_result \
  -p runs "zero-shot (capped at 5 steps)=artifacts/rl/evals/zero_omz_cap5,BC=artifacts/rl/evals/bc_s12,DPO from BC=artifacts/rl/evals/dpo_s12,GRPO from BC=artifacts/rl/evals/grpo_s12" \
  -p card artifacts/datasets/rl_omz/card.json -p reference artifacts/rl/rollouts/expert_b300 -p bench "$B" \
  -p notes "Tasks: the 10 omnizon replica tasks; trained on 8 (expert trajectories), held out: v2.omnizon-13, v2.omnizon-25 | Every run: seed 0, greedy (temperature 0), at most 12 steps (the expert needs 6-11 here; zero-shot: 5), verified action cache and macros off, local SmolLM2 manager as configured, page summary budget 300 tokens | Zero-shot answered go_back()/noop at every step (0 steps agreeing with the expert): capped at 5 steps for CPU time | CPU shared with other jobs (load 8-20 on 2 cores): agisdk's 500 ms action timeouts fired in some steps; counted in the table's postcondition column | Evaluations were stopped at the deadline: each row counts only its finished episodes (tasks run in the same order: omnizon-3, -9, -13, -15, ...) | Teacher-forced step accuracy of BC (greedy reply to the recorded expert prompt = the expert's action): see step_accuracy_bc.json" \
  --progress-bar 2>&1 | tail -2
cat artifacts/reports/rl_result/result.md

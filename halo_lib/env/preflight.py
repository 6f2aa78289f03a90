"""Pre-flight checks before a run: each failure is one sentence that says what to do, in well under 5 s.

Checked, in order: Chromium is installed; every task reference resolves (unknown id, v1 id, id without a
version, bad task JSON); each site answers (local replicas are started on demand; real sites get one
short request). `check_llm_servers` checks every LLM backend a mode uses (OpenAI's API, vLLM or another
OpenAI-compatible server, the local model's files) once, before any episode, in a few seconds at most.

    with preflight(run_config) as tasks:      # tasks: list[ResolvedTask]; replicas run inside the block
        ...
"""

from __future__ import annotations

import contextlib
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

from halo_lib.config import RunConfig
from halo_lib.env.browser import require_chromium
from halo_lib.env.tasks import ResolvedTask, expand_task_spec, resolve_task
from halo_lib.errors import HaloError
from halo_lib.sites import local_urls, replica_names


def check_real_site(url: str, task_id: str, timeout: float = 3.0) -> None:
    """Raise HaloError if a real site does not answer (any HTTP answer counts as reachable)."""
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout).close()
    except urllib.error.HTTPError:
        return
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HaloError(
            f"Site {url} for {task_id} is unreachable ({reason}): check the internet connection, or run offline with --sites local."
        ) from None


def resolve_all(config: RunConfig) -> list[ResolvedTask]:
    refs = expand_task_spec(config.tasks, local_sites=replica_names(), seed=config.seed)
    urls = local_urls(config.sites.host, config.sites.base_port)
    return [resolve_task(ref, sites=config.env.sites, local_urls=urls) for ref in refs]


@contextlib.contextmanager
def preflight(config: RunConfig) -> Iterator[list[ResolvedTask]]:
    from halo_lib.sites.server import ensure_sites

    require_chromium()
    if config.env.leaderboard_run_id and config.env.sites == "local":
        raise HaloError("A leaderboard run id only makes sense on the real sites: drop it, or use --sites real.")
    tasks = resolve_all(config)
    if config.env.sites == "real":
        for url in sorted({t.url for t in tasks}):
            check_real_site(url, next(t.task_id for t in tasks if t.url == url))
        yield tasks
        return
    handle = ensure_sites(config.sites, sorted({t.site for t in tasks}))
    try:
        yield tasks
    finally:
        handle.close()


OPENAI_API_URL = "https://api.openai.com/v1"


def _answers(url: str, timeout: float) -> str | None:
    """None if `url` gives any HTTP answer (an error status included) within `timeout`, else why not.

    The request runs in a daemon thread joined with a deadline, so a name lookup that hangs cannot stretch it."""
    outcome: list[str | None] = []

    def attempt() -> None:
        try:
            urllib.request.urlopen(url, timeout=timeout).close()
            outcome.append(None)
        except urllib.error.HTTPError:
            outcome.append(None)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            outcome.append(str(getattr(exc, "reason", exc)))

    thread = threading.Thread(target=attempt, name="halo-llm-probe", daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    return outcome[0] if outcome else f"no answer within {timeout:g} s"


def _check_local_model(role: str, spec: dict) -> None:
    from halo_lib.policy.local_model import DEFAULT_MODEL_DIR, gguf_folder, is_ready

    if not spec.get("model"):
        if not is_ready(DEFAULT_MODEL_DIR):
            gguf_folder()  # raises with the install command when the model's package is missing
        return
    if not (Path(spec["model"]) / "config.json").is_file():
        raise HaloError(
            f"The local model folder '{spec['model']}' for the {role} has no config.json: give a Hugging Face model "
            "folder, or leave the model empty for the default local model."
        )


def check_llm_servers(backends: dict, timeout: float = 3.0) -> None:
    """Raise HaloError, once and before any episode, if an LLM backend the run needs is not there: an
    OpenAI-compatible server (OpenAI's own API, vLLM, a local server) that does not answer within `timeout`, or a
    local model whose files are missing.

    `backends`: role -> BackendSpec as a dict (or None). Any HTTP answer, an error status included (401 for a bad
    key), counts as reachable; each URL is probed once."""
    probed: dict[str, str | None] = {}
    for role, spec in backends.items():
        if not spec:
            continue
        if spec.get("kind") == "local":
            _check_local_model(role, spec)
            continue
        if spec.get("kind") != "openai":
            continue
        url = (spec.get("base_url") or OPENAI_API_URL).rstrip("/")
        if url not in probed:
            probed[url] = _answers(url + "/models", timeout)
        reason = probed[url]
        if reason is None:
            continue
        if spec.get("api_key_env") == "HALO_VLLM_API_KEY":
            what = "start it, or point --vllm-url / HALO_VLLM_URL at where it runs"
        elif spec.get("base_url"):
            what = "start it, or point OPENAI_BASE_URL at where it runs"
        else:
            what = "check the internet connection, or run on the local model (--worker-backend local, or unset OPENAI_API_KEY)"
        raise HaloError(f"The LLM server for the {role} at {url} is unreachable ({reason}): {what}.")

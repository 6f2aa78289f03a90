"""Pre-flight checks before a run: each failure is one sentence that says what to do, in well under 5 s.

Checked, in order: Chromium is installed; every task reference resolves (unknown id, v1 id, id without a
version, bad task JSON); each site answers (local replicas are started on demand; real sites get one
short request).

    with preflight(run_config) as tasks:      # tasks: list[ResolvedTask]; replicas run inside the block
        ...
"""
from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
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


def check_llm_servers(backends: dict, timeout: float = 3.0) -> None:
    """Raise HaloError if an OpenAI-compatible server the run needs (vLLM, a local server) does not answer.

    `backends`: role -> BackendSpec as a dict (or None). OpenAI's own API (no base_url) is not probed; any HTTP
    answer, an error status included, counts as reachable."""
    for role, spec in backends.items():
        if not spec or spec.get("kind") != "openai" or not spec.get("base_url"):
            continue
        url = spec["base_url"].rstrip("/")
        try:
            urllib.request.urlopen(url + "/models", timeout=timeout).close()
        except urllib.error.HTTPError:
            continue
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            where = ("--vllm-url / HALO_VLLM_URL" if spec.get("api_key_env") == "HALO_VLLM_API_KEY" else "OPENAI_BASE_URL")
            raise HaloError(
                f"The LLM server for the {role} at {url} is unreachable ({reason}): start it, or point {where} at where it runs."
            ) from None

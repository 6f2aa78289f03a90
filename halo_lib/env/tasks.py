"""Task references -> resolved tasks (goal + evals from agisdk's own v2 task JSON, and the URL to open).

A task reference is a canonical v2 id (`v2.omnizon-13`) or a path to a task JSON in agisdk's format
(bring-your-own task). `--sites local` points the task at the local replica of its site; `--sites real`
keeps agisdk's URL untouched. REAL defaults to v1 when a version is missing; HALO always means v2, so a bare
or v1 id is refused with a sentence that says what to type instead.

    from halo_lib.env.tasks import resolve_task, expand_task_spec
    task = resolve_task("v2.omnizon-13", sites="local", local_urls={"omnizon": "http://127.0.0.1:8601"})
    ids = expand_task_spec("omnizon,v2.gomail-1")   # -> ["v2.omnizon-13", ..., "v2.gomail-1"]
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from halo_lib.errors import HaloError

VERSION = "v2"


def _task_config_module():
    from agisdk.REAL.browsergym.webclones import task_config

    return task_config


def _v2_dir() -> Path:
    """agisdk's v2 folder (tasks/, eval_scripts/), found without importing agisdk (1-2 s of imports: a bad task
    id is answered before that)."""
    import importlib.util

    spec = importlib.util.find_spec("agisdk")
    if spec is None or not spec.submodule_search_locations:
        raise HaloError("agisdk is not installed: run `./run.sh setup` (it installs agisdk==0.3.5).")
    return Path(spec.submodule_search_locations[0]) / "REAL" / "browsergym" / "webclones" / VERSION


def v2_task_names() -> list[str]:
    """Names (without version) of every v2 task shipped in agisdk, e.g. 'omnizon-13' (agisdk's TASKS_BY_VERSION
    lists the same files)."""
    return sorted(path.stem for path in (_v2_dir() / "tasks").glob("*.json"))


def v2_task_json(name: str) -> dict[str, Any]:
    """agisdk's own task JSON for a v2 task name ('omnizon-13')."""
    path = _v2_dir() / "tasks" / f"{name}.json"
    return json.loads(path.read_text())


def site_of(task: str) -> str:
    """The site of a task name or id: 'omnizon-13' and 'v2.omnizon-13' -> 'omnizon'; 'v2.my_task' -> 'my_task'; a
    generated task 'v2.gen.gomail.send_new_email.0003' -> 'gomail'."""
    name = task.split(".", 1)[1] if task.startswith(f"{VERSION}.") else task
    if name.startswith("gen.") and name.count(".") >= 3:
        return name.split(".")[1]
    return name.rsplit("-", 1)[0] if "-" in name else name


@dataclass
class ResolvedTask:
    """Everything needed to open and grade one task."""

    task_id: str  # canonical id, "v2.omnizon-13"; for a task JSON path: "v2.<file stem>"
    site: str  # website id, "omnizon"
    goal: str
    evals: list[dict[str, Any]]
    url: str  # the URL the episode opens: local replica or agisdk's URL
    real_url: str  # agisdk's URL for the site (kept for reference)
    path: str = ""  # task JSON path for bring-your-own tasks
    local: bool = True  # served by a local replica
    config_json: dict[str, Any] = field(default_factory=dict, repr=False)
    eval_scripts_dir: str = ""  # a generated task's checkers folder (agisdk looks there first)

    @property
    def generated(self) -> dict[str, Any]:
        """A generated task's family, parameters and set (halo_lib/generated); {} for a REAL task."""
        return (self.config_json.get("config") or {}).get("halo_generated") or {}

    @property
    def name(self) -> str:
        return self.task_id.split(".", 1)[1]

    def task_config(self):
        """A fresh agisdk TaskConfig for this task with its start URL set to `self.url`."""
        task_config = _task_config_module()
        if self.path:
            config = task_config.TaskConfig(self.path, version=VERSION, is_path=True)
        else:
            config = task_config.TaskConfig(self.name, VERSION)
        config.task.start_url = self.url
        if self.eval_scripts_dir:
            config.eval_scripts_dir = self.eval_scripts_dir  # read by agisdk's WebCloneEvaluator
        return config


def _check_id(ref: str) -> str:
    """Return the task name for a canonical v2 id, or raise HaloError saying what to type."""
    names = set(v2_task_names())
    if "." not in ref:
        if ref in names:
            raise HaloError(f"Task id '{ref}' has no version and REAL would read it as v1: HALO runs v2, so use 'v2.{ref}'.")
        raise _unknown(ref, names)
    version, name = ref.split(".", 1)
    if version == VERSION:
        if name not in names:
            raise _unknown(ref, names)
        return name
    if version == "v1":
        hint = f"use 'v2.{name}'" if name in names else "run `halo tasks` to list the v2 tasks"
        raise HaloError(f"'{ref}' is a REAL v1 task and HALO runs v2 only: {hint}.")
    raise _unknown(ref, names)


def _unknown(ref: str, names: set[str]) -> HaloError:
    close = difflib.get_close_matches(ref.split(".", 1)[-1], sorted(names), n=1)
    hint = f" (did you mean 'v2.{close[0]}'?)" if close else ""
    return HaloError(f"Unknown task '{ref}'{hint}: run `halo tasks` to list task ids.")


def eval_script_dirs() -> list[Path]:
    """The only folders an eval script may come from: agisdk's own (v2's, then the evaluator's default)."""
    return [_v2_dir() / "eval_scripts", _v2_dir().parent / "eval_scripts"]  # agisdk's TaskConfig, WebCloneEvaluator


def generated_checkers_dir(path: Path, data: dict[str, Any]) -> Path | None:
    """The checkers folder of a generated task JSON (`<set>/tasks/X.json` -> `<set>/checkers`), else None."""
    if (data.get("config") or {}).get("halo_generated") and path.parent.name == "tasks":
        return path.parent.parent / "checkers"
    return None


def _check_eval_scripts(path: Path, data: dict[str, Any]) -> None:
    """A task JSON may name eval scripts only by bare file name, and only scripts agisdk ships (or, for a task
    generated by HALO, its set's checkers): agisdk joins the name onto its folder, so a path ('/tmp/x.py',
    '../x.py') would run any file as the grader."""
    checkers = generated_checkers_dir(path, data)
    folders = ([checkers] if checkers else []) + eval_script_dirs()
    for item in data.get("evals") or []:
        script = item.get("script") if isinstance(item, dict) else None
        if not script:
            continue
        if not isinstance(script, str) or Path(script).name != script or script in (".", "..") or "\\" in script:
            raise HaloError(
                f"Task file '{path}' names eval script {script!r}, which is a path: give the bare file name of one of "
                "agisdk's v2 eval scripts (they run only from agisdk's folder)."
            )
        if not any((folder / script).is_file() for folder in folders):
            raise HaloError(
                f"Task file '{path}' names eval script '{script}', which agisdk does not ship: use one of the scripts "
                f"in {eval_script_dirs()[0]}."
            )


def _load_task_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise HaloError(f"Task file '{path}' does not exist: give a path to a task JSON in agisdk's format.")
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise HaloError(f"Task file '{path}' is not valid JSON ({exc.msg} at line {exc.lineno}): fix the file.")
    missing = [k for k in ("id", "goal", "website", "evals") if k not in data]
    if missing:
        raise HaloError(f"Task file '{path}' lacks {', '.join(missing)}: copy the shape of agisdk's v2 task JSONs.")
    _check_eval_scripts(path, data)
    try:
        task_config = _task_config_module()
        task_config.TaskConfig(str(path), version=VERSION, is_path=True)
    except TypeError as exc:
        raise HaloError(f"Task file '{path}' does not match agisdk's task schema ({exc}): remove unknown keys.")
    return data


def json_task_id(path: str | Path) -> str:
    """The id of the task in a task JSON file, as its episodes are named: "v2.<file stem>"."""
    return f"{VERSION}.{Path(path).stem}"


def resolve_task(ref: str, *, sites: str = "local", local_urls: dict[str, str] | None = None) -> ResolvedTask:
    """Resolve a task reference. `local_urls` maps site id -> replica base URL (needed when sites='local')."""
    if sites not in ("local", "real"):
        raise HaloError(f"--sites must be 'local' or 'real', got '{sites}'.")
    ref = ref.strip()
    if ref.endswith(".json"):
        path = Path(ref).expanduser().resolve()
        data = _load_task_json(path)
        task_id, source_path = json_task_id(path), str(path)
        checkers = generated_checkers_dir(path, data)
    else:
        name = _check_id(ref)
        data = v2_task_json(name)
        task_id, source_path, checkers = f"{VERSION}.{name}", "", None
    site = data["website"].get("id") or site_of(task_id.split(".", 1)[1])
    real_url = data["website"]["url"]
    local_urls = local_urls or {}
    if sites == "local":
        if site not in local_urls:
            raise HaloError(
                f"No local replica serves site '{site}' (task {task_id}): use --sites real (needs internet) "
                "or pick a task from `halo tasks --sites local`."
            )
        url = local_urls[site]
    else:
        url = real_url.rstrip("/")
    return ResolvedTask(
        task_id=task_id,
        site=site,
        goal=data["goal"],
        evals=list(data["evals"]),
        url=url,
        real_url=real_url,
        path=source_path,
        local=sites == "local",
        config_json=data,
        eval_scripts_dir=str(checkers) if checkers else "",
    )


def expand_task_spec(spec: str, *, local_sites: list[str], seed: int = 0) -> list[str]:
    """Expand a task spec into task references, in order, without duplicates.

    SPEC is a comma list of selectors and filters:
    - selectors: task ids (`v2.omnizon-13`), site names (`omnizon`: every v2 task of that site), `local` (every
      task whose site has a local replica), `all` (every v2 task), task JSON paths, and `random:N` (N tasks drawn
      from the replica tasks with `seed`: the same N on every rerun and resume with that seed), and `gen:SET`
      / `gen:SET:N` / `gen:SET:N:-SITE` (every task, the first N, or the first N off SITE, of a generated task set:
      halo_lib/generated);
    - filters: `type:T` keeps the tasks whose REAL `challengeType` is T (`type:action`, `type:retrieval`); a spec
      of filters alone selects from `local`, and `random:N` draws from the tasks the filters keep.
    """
    names = sorted(v2_task_names(), key=natural_key)
    items = [part.strip() for part in spec.split(",") if part.strip()]
    types = {item.split(":", 1)[1].strip() for item in items if item.startswith("type:")}
    _check_types(types, names)

    def keep(ref: str) -> bool:
        return not types or _challenge_type(ref) in types

    local = [f"{VERSION}.{n}" for n in names if site_of(n) in local_sites]
    refs: list[str] = []
    selectors = [item for item in items if not item.startswith("type:")] or (["local"] if types else [])
    for item in selectors:
        if item == "local":
            refs += local
        elif item == "all":
            refs += [f"{VERSION}.{n}" for n in names]
        elif item.startswith("random:"):
            refs += _draw(item, [ref for ref in local if keep(ref)], seed)
        elif item.endswith(".json"):
            refs.append(item)
        elif item.startswith("gen:"):
            from halo_lib.generated.generate import set_task_paths

            refs += set_task_paths(item)
        elif item in {site_of(n) for n in names}:
            refs += [f"{VERSION}.{n}" for n in names if site_of(n) == item]
        else:
            refs.append(f"{VERSION}.{_check_id(item)}")
    refs = [ref for ref in refs if keep(ref)]
    if not refs:
        raise HaloError(
            f"Task spec '{spec}' selects no tasks: give task ids, site names, 'local', 'random:N', 'gen:SET', 'type:T' or task JSON paths."
        )
    return list(dict.fromkeys(refs))


def _challenge_type(ref: str) -> str:
    """REAL's `challengeType` of a task id or task JSON path ('action' for every v2 task in agisdk 0.3.5)."""
    if ref.endswith(".json"):
        return str(_load_task_json(Path(ref).expanduser().resolve()).get("challengeType", ""))
    return str(v2_task_json(ref.split(".", 1)[1]).get("challengeType", ""))


def _check_types(types: set[str], names: list[str]) -> None:
    if not types:
        return
    known = sorted({str(v2_task_json(n).get("challengeType", "")) for n in names})
    unknown = sorted(t for t in types if not t or (t not in known and t not in ("action", "retrieval")))
    if unknown:
        raise HaloError(f"Unknown task type '{unknown[0]}': use type:action or type:retrieval (REAL's challengeType).")


def _draw(item: str, pool: list[str], seed: int) -> list[str]:
    """`random:N` -> N refs drawn from `pool` with `seed`, listed in natural order."""
    import random

    count = item.split(":", 1)[1].strip()
    if not count.isdigit() or int(count) < 1:
        raise HaloError(f"'{item}' needs a positive whole number of tasks, e.g. random:10.")
    if int(count) > len(pool):
        raise HaloError(f"'{item}' asks for {count} tasks but the replicas serve {len(pool)}: ask for {len(pool)} or fewer.")
    drawn = set(random.Random(seed).sample(pool, int(count)))
    return [ref for ref in pool if ref in drawn]


def natural_key(name: str) -> tuple:
    """'omnizon-3' sorts before 'omnizon-13'."""
    site, _, number = name.rpartition("-")
    return (site, int(number) if number.isdigit() else 0, name)

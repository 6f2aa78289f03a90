"""Task families: generated tasks over a replica's seed data, each with a strict checker and a page-driven expert.

A family is what users do on a site, in one shape ("reply to the latest email from a sender", "order N of the
cheapest item matching a query"). It draws parameters from the site's seed data, phrases a goal from one of
several templates, grades a finished episode from agisdk's finish JSON (the same `initialfinaldiff` /
`differences` the v2 eval scripts read, strictly: the exact change and nothing else), and acts as an expert
from the *current page* and the task's parameters: `next_step(view, params, history)` returns one intent for
whatever page it is shown, so it can label any state a learner reaches (DAgger), not only its own path.

Each replica declares its families in `halo_lib/sites/<site>/families.py` as `FAMILIES = [MyFamily(), ...]`:

    class ArchiveFromSender(Family):
        site, name, kind = "gomail", "archive_from_sender", "bulk-manage"
        templates = ("Archive every email from {sender}.", "Move all of {sender}'s messages to the archive.")
        def sample(self, rng): return {"sender": rng.choice(SENDERS)}
        def check(self, params, state): return [] if ... else ["email 12 was not archived"]
        def next_step(self, view, params, history): return Click(Target("link", contains=params["sender"]))
        def real_params(self): return [{"sender": "Amazon"}]    # what REAL's own tasks of this shape use

Keep a families module light to import: every checker script imports it, and agisdk gives a script 30 s (load
seed-derived lists and the replica app on first use, not at import).

    families_for("gomail")            # -> [ArchiveFromSender(), ...]
    family_by_key("gomail.archive_from_sender")
    policy = PageExpert(family, params, label="gen.gomail.archive_from_sender.0003")
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass
from typing import Any, ClassVar, Sequence

from halo_lib.errors import HaloError
from halo_lib.sites.expert import Answer, ExpertError, Intent, View

Params = dict[str, Any]


class Family:
    """One kind of task on one site. Subclasses set the class attributes and the four methods below."""

    site: ClassVar[str] = ""
    name: ClassVar[str] = ""
    kind: ClassVar[str] = ""  # what users do: search, filter, buy, compose, reply, bulk-manage, book, schedule, ...
    templates: ClassVar[tuple[str, ...]] = ()  # goal phrasings; `{field}` from fields(params)

    @property
    def key(self) -> str:
        return f"{self.site}.{self.name}"

    # ---- the task --------------------------------------------------------------------------------------------
    def sample(self, rng: random.Random) -> Params:
        """Draw one task's parameters (JSON-serialisable) from the site's seed data."""
        raise NotImplementedError

    def fields(self, params: Params) -> dict[str, Any]:
        """The template fields for `params` (default: the parameters themselves); override to phrase numbers
        ("two"), dates ("tomorrow") or lists."""
        return dict(params)

    def goal(self, params: Params, template: int) -> str:
        return self.templates[template % len(self.templates)].format(**self.fields(params))

    def identity(self, params: Params) -> tuple:
        """What makes two tasks the same task (default: every parameter). Used to draw distinct tasks and to
        refuse a REAL task's parameters."""
        return tuple(sorted((k, _frozen(v)) for k, v in params.items()))

    def real_params(self) -> Sequence[Params]:
        """Parameters REAL's own v2 tasks of this shape use; the generator never produces a task with the same
        identity (the clean split: REAL tasks are the test set)."""
        return ()

    # ---- grading ---------------------------------------------------------------------------------------------
    def check(self, params: Params, state: dict[str, Any]) -> list[str]:
        """Problems with the finished episode's state (agisdk's finish JSON); [] means SUCCESS. Strict: the
        exact change asked for and nothing else."""
        raise NotImplementedError

    # ---- the expert ------------------------------------------------------------------------------------------
    def next_step(self, view: View, params: Params, history: Sequence[str]) -> Intent:
        """The next intent from this page. `history` is the episode's earlier BrowserGym actions (the learner's,
        when labelling its states). Return `Answer(...)` when the task is done."""
        raise NotImplementedError


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass(frozen=True)
class GeneratedTask:
    """One generated task: its family, parameters and goal. `name` is its task name (`v2.<name>` its id)."""

    family: str  # "gomail.archive_from_sender"
    index: int
    params: Params
    template: int
    goal: str

    @property
    def site(self) -> str:
        return self.family.split(".", 1)[0]

    @property
    def name(self) -> str:
        return f"gen.{self.family}.{self.index:04d}"

    @property
    def script(self) -> str:
        """The checker's file name (a bare name, as agisdk's task JSON wants)."""
        return "check_" + self.name.replace(".", "_") + ".py"


# ---- registry --------------------------------------------------------------------------------------------------
def families_for(site: str) -> list[Family]:
    """The families a replica declares (`halo_lib/sites/<site>/families.py`: FAMILIES); [] when it has none."""
    try:
        module = importlib.import_module(f"halo_lib.sites.{site}.families")
    except ModuleNotFoundError as exc:
        if exc.name != f"halo_lib.sites.{site}.families":
            raise
        return []
    return list(getattr(module, "FAMILIES", []))


def all_families(sites: Sequence[str] | None = None) -> list[Family]:
    from halo_lib.sites import replica_names

    unknown = sorted(set(sites or ()) - set(replica_names()))
    if unknown:
        raise HaloError(f"Unknown site '{unknown[0]}': use one of {', '.join(replica_names())}.")
    return [family for site in (sites or replica_names()) for family in families_for(site)]


def family_by_key(key: str) -> Family:
    site = key.split(".", 1)[0]
    for family in families_for(site):
        if family.key == key:
            return family
    known = ", ".join(f.key for f in families_for(site)) or "none"
    raise HaloError(f"Unknown task family '{key}' (site {site} has: {known}): regenerate the task set with `halo gen tasks`.")


# ---- the expert as a policy -------------------------------------------------------------------------------------
class PageExpert:
    """A family's expert as a policy (the interface of sites/expert.ExpertPolicy): each `act(obs)` asks the family
    for the next intent on the page it is shown."""

    source = "expert"

    def __init__(self, family: Family, params: Params, label: str = ""):
        self.family, self.params = family, params
        self.label = label or family.key
        self.history: list[str] = []
        self.finished = False
        self.last_intent: Intent | None = None

    def act(self, obs: dict[str, Any]) -> str:
        if obs.get("halo_not_carried_out"):  # runner/episode.py: the last action timed out on every attempt
            raise ExpertError(f"{obs['halo_not_carried_out']}: the machine is too busy for this step")
        view = View(obs)
        intent = self.family.next_step(view, self.params, tuple(self.history))
        action = intent.action(view)
        self.last_intent = intent
        self.history.append(action)
        self.finished = isinstance(intent, Answer)
        return action

    def again(self, obs: dict[str, Any]) -> str:
        if self.last_intent is None:
            return self.act(obs)
        return self.last_intent.action(View(obs))

    def label_state(self, obs: dict[str, Any], history: Sequence[str]) -> str:
        """The expert's action for a state a learner reached after `history` (DAgger labelling)."""
        view = View(obs)
        return self.family.next_step(view, self.params, tuple(history)).action(view)

"""Scripted experts: one solution per replica task, written against the AXTree by role and name.

A solution is a generator. It receives a `View` of the current page (AXTree nodes, URL, goal), yields one
`Intent` (click / fill / select / press / goto / answer), and receives the next `View` after the action:

    def omnizon_13(view):
        view = yield Fill(Target("searchbox", "Search Omnizon"), "cooking pot")
        view = yield Press(Target("searchbox", "Search Omnizon"), "Enter")
        view = yield Click(Target("link", contains="Stock Pot"))
        ...
        yield Answer("I ordered the stock pot.")

Targets are resolved to bids in the view the intent was yielded for, never hard-coded, so a solution
survives bid renumbering. A target that is not on the page is an `ExpertError` (the episode records it).
Each site's `expert.py` maps task names to solutions in `SOLUTIONS`, keeps plausible wrong solutions
(other product, wrong recipient, too few emails) in `MISTAKES` for tests and negative examples, and names in
`UNSOLVABLE` the tasks whose own eval script can never pass (gocalendar-11's is empty; networkin-19's reads a
key agisdk's finish JSON does not have).

An action that timed out before it acted is stepped again by the runner (runner/episode.py); when its retries
run out, the expert stops with an ExpertError (an errored episode, not a silently wrong answer).

    policy = ExpertPolicy.for_task(task)          # task: a ResolvedTask
    action = policy.act(obs)                      # "click('42')"
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, Generator, Union

from halo_lib.errors import HaloError
from halo_lib.obs.axtree import AXNode, find_all, flatten


class ExpertError(RuntimeError):
    """The scripted solution could not continue (its target is missing from the page)."""


@dataclass(frozen=True)
class Target:
    """An element by role and accessible name (exact `name` or case-insensitive `contains`)."""

    role: str | None = None
    name: str | None = None
    contains: str | None = None
    nth: int = 0  # which match, in page order; -1 is the last
    within: "Target | AXNode | None" = None

    def describe(self) -> str:
        label = repr(self.name) if self.name is not None else f"containing {self.contains!r}" if self.contains else ""
        return " ".join(part for part in (self.role or "element", label) if part)


Ref = Union[Target, AXNode]


class View:
    """What a solution sees: the flattened AXTree, the URL and the goal."""

    def __init__(self, obs: dict[str, Any]):
        self.nodes = flatten(obs.get("axtree_object") or {})
        self.url: str = obs.get("url", "")
        self.goal: str = obs.get("goal", "")
        self.error: str = obs.get("last_action_error", "")

    def find_all(
        self, role: str | None = None, name: str | None = None, *, contains: str | None = None, within: Ref | None = None
    ) -> list[AXNode]:
        container = self.resolve(within) if within is not None else None
        return find_all(self.nodes, role, name, name_contains=contains, within=container)

    def find(
        self, role: str | None = None, name: str | None = None, *, contains: str | None = None, within: Ref | None = None
    ) -> AXNode | None:
        found = self.find_all(role, name, contains=contains, within=within)
        return found[0] if found else None

    def resolve(self, ref: Ref) -> AXNode:
        if isinstance(ref, AXNode):
            return ref
        found = self.find_all(ref.role, ref.name, contains=ref.contains, within=ref.within)
        try:
            return found[ref.nth]
        except IndexError:
            raise ExpertError(f"expert could not find {ref.describe()} on {self.url}") from None

    def bid(self, ref: Ref) -> str:
        node = self.resolve(ref)
        if not node.bid:
            raise ExpertError(f"{node} has no bid to act on")
        return node.bid


def _call(verb: str, *args: str) -> str:
    """A BrowserGym action string: verb('arg', ...), quoted like Python literals."""
    return f"{verb}({', '.join(repr(a) for a in args)})"


@dataclass(frozen=True)
class Click:
    target: Ref

    def action(self, view: View) -> str:
        return _call("click", view.bid(self.target))


@dataclass(frozen=True)
class Fill:
    target: Ref
    text: str

    def action(self, view: View) -> str:
        return _call("fill", view.bid(self.target), self.text)


@dataclass(frozen=True)
class Select:
    target: Ref
    option: str

    def action(self, view: View) -> str:
        return _call("select_option", view.bid(self.target), self.option)


@dataclass(frozen=True)
class Press:
    target: Ref
    key: str

    def action(self, view: View) -> str:
        return _call("press", view.bid(self.target), self.key)


@dataclass(frozen=True)
class Goto:
    url: str

    def action(self, view: View) -> str:
        return _call("goto", self.url)


@dataclass(frozen=True)
class Answer:
    text: str

    def action(self, view: View) -> str:
        return _call("send_msg_to_user", self.text)


Intent = Union[Click, Fill, Select, Press, Goto, Answer]
Solution = Callable[[View], Generator[Intent, View, None]]


def unsolvable_for(site: str) -> dict[str, str]:
    """Tasks of `site` whose own eval script can never say SUCCESS (task name -> why), from its expert's
    `UNSOLVABLE`: the expert still does what the goal says, and the task is reported impossible by its script."""
    try:
        module = importlib.import_module(f"halo_lib.sites.{site}.expert")
    except ModuleNotFoundError:
        return {}
    return dict(getattr(module, "UNSOLVABLE", {}))


def solutions_for(site: str) -> tuple[dict[str, Solution], dict[str, list[Solution]]]:
    """(SOLUTIONS, MISTAKES) of a site's expert module; empty dicts if the site has none."""
    try:
        module = importlib.import_module(f"halo_lib.sites.{site}.expert")
    except ModuleNotFoundError:
        return {}, {}
    return getattr(module, "SOLUTIONS", {}), getattr(module, "MISTAKES", {})


class ExpertPolicy:
    """Plays a solution step by step: `act(obs)` returns the next BrowserGym action string."""

    source = "expert"

    def __init__(self, solution: Solution, label: str = ""):
        self.solution = solution
        self.label = label or getattr(solution, "__name__", "expert")
        self._generator: Generator[Intent, View, None] | None = None
        self.finished = False
        self.last_intent: Intent | None = None  # what the last `act` asked for (re-resolvable on a new page)

    @classmethod
    def for_task(cls, task) -> "ExpertPolicy":
        if getattr(task, "generated", None):  # a generated task: its family's page-driven expert
            from halo_lib.generated.family import PageExpert, family_by_key

            return PageExpert(family_by_key(task.generated["family"]), task.generated["params"], label=task.name)  # type: ignore[return-value]
        solutions, _ = solutions_for(task.site)
        solution = solutions.get(task.name)
        if solution is None:
            raise HaloError(
                f"No expert solution for {task.task_id}: --mode expert covers the replica tasks listed by `halo tasks --sites local`."
            )
        return cls(solution, label=task.name)

    def act(self, obs: dict[str, Any]) -> str:
        if obs.get("halo_not_carried_out"):  # runner/episode.py: the last action timed out on every attempt
            raise ExpertError(f"{obs['halo_not_carried_out']}: the machine is too busy for this step")
        view = View(obs)
        try:
            if self._generator is None:
                self._generator = self.solution(view)
                intent = next(self._generator)
            else:
                intent = self._generator.send(view)
        except StopIteration:
            self.finished = True
            intent = Answer("Done.")
        self.last_intent = intent
        return intent.action(view)

    def again(self, obs: dict[str, Any]) -> str:
        """The last intent again, resolved on this page (when it was not carried out)."""
        if self.last_intent is None:
            return self.act(obs)
        return self.last_intent.action(View(obs))

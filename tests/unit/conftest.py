"""Real pages for unit tests: the AXTrees saved from expert episodes on the replicas (tests/fixtures/axtrees).

Each `<task>__<step>` file is the observation the expert saw before taking `action` on that page (see
tests/fixtures/capture_axtrees.py); consecutive steps of a task are consecutive pages.

    def test_x(load_page, page_summary):
        obs = load_page("omnizon-13__0")            # a fresh dict each call: safe to edit
        summary = page_summary("omnizon-13__0")     # summarize(obs) with the default ObsConfig
    def test_y(page_name): ...                      # parametrized over every saved page
    def test_z(all_pages): ...                      # the list of every saved page's name
"""

from __future__ import annotations

import copy
import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest

from halo_lib.obs.summary import ObsSummary, summarize

AXTREES = Path(__file__).resolve().parent.parent / "fixtures" / "axtrees"


def page_names() -> list[str]:
    """Every saved page, in task then step order."""

    def order(name: str):
        task, step = name.split("__")
        return task, int(step) if step.isdigit() else 10**6

    return sorted((p.name[: -len(".json.gz")] for p in AXTREES.glob("*.json.gz")), key=order)


@lru_cache(maxsize=None)
def _record(name: str) -> dict:
    path = AXTREES / f"{name}.json.gz"
    if not path.is_file():
        raise FileNotFoundError(f"No saved page {name!r} in {AXTREES}: run tests/fixtures/capture_axtrees.py.")
    with gzip.open(path, "rt") as f:
        return json.load(f)


def load_page(name: str) -> dict:
    """The observation dict {"url", "goal", "axtree_object", "last_action_error", "action"} (a private copy)."""
    return copy.deepcopy(_record(name))


@lru_cache(maxsize=None)
def _summary(name: str) -> ObsSummary:
    return summarize(_record(name))


def renumber(obs: dict, new_bid: Callable[[str], str]) -> dict:
    """A copy of `obs` whose every browsergym_id is replaced by new_bid(old): what a re-render does."""
    obs = copy.deepcopy(obs)
    for node in obs["axtree_object"]["nodes"]:
        if node.get("browsergym_id"):
            node["browsergym_id"] = new_bid(node["browsergym_id"])
    return obs


def raw_nodes(obs: dict, role: str | None = None, name: str | None = None) -> list[dict]:
    """The raw (Chrome) nodes of `obs` with this role and accessible name, for editing a copy of a page."""
    found = []
    for node in obs["axtree_object"]["nodes"]:
        if role is not None and (node.get("role") or {}).get("value") != role:
            continue
        if name is not None and (node.get("name") or {}).get("value") != name:
            continue
        found.append(node)
    return found


def pytest_generate_tests(metafunc):
    if "page_name" in metafunc.fixturenames:
        metafunc.parametrize("page_name", page_names())


@pytest.fixture(name="all_pages")
def _all_pages_fixture() -> list[str]:
    return page_names()


@pytest.fixture(name="load_page")
def _load_page_fixture() -> Callable[[str], dict]:
    return load_page


@pytest.fixture(name="page_summary")
def _page_summary_fixture() -> Callable[[str], ObsSummary]:
    """page_summary(name) -> the summary of the saved page (shared: don't edit it)."""
    return _summary


@pytest.fixture(name="renumber")
def _renumber_fixture():
    return renumber


@pytest.fixture(name="raw_nodes")
def _raw_nodes_fixture():
    return raw_nodes

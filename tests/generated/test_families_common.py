"""The generic checks of every task family of every site (halo_lib.generated.family.all_families()): each gives 40
distinct tasks, every template formats, none is a REAL goal, paraphrase or REAL parameters, agisdk's loader and
HALO's resolve_task read the task JSON, and the replica's untouched state fails (grade() and the checker script run
as agisdk runs it). What a site's checkers must accept and refuse stays in tests/generated/test_families_<site>.py.

    .venv/bin/python -m pytest tests/generated/test_families_common.py -q
"""

from __future__ import annotations

import pytest

from halo_lib.env.tasks import resolve_task
from halo_lib.generated.checker import grade
from halo_lib.generated.family import PageExpert, all_families, families_for
from halo_lib.generated.split import near_duplicates, same_parameters
from halo_lib.sites.expert import ExpertPolicy
from tests.support.family_checks import check_family, finish, generated, replica_client, task_of, verdict

FAMILIES = all_families()
SITES = sorted({f.key.split(".", 1)[0] for f in FAMILIES})


def site_of(family) -> str:
    return family.key.split(".", 1)[0]


def test_every_site_with_families_has_at_least_five():
    assert len(SITES) >= 11, SITES
    for site in SITES:
        families = families_for(site)
        assert len(families) >= 5, f"{site} has {len(families)} families"
        assert len({f.key for f in families}) == len(families)


@pytest.mark.parametrize("site", SITES)
def test_no_task_of_a_site_repeats_another(site, tmp_path_factory):
    _, tasks = generated(tmp_path_factory, site)
    assert near_duplicates(tasks) == []
    assert same_parameters(tasks) == []


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_family_gives_40_distinct_tasks_that_keep_the_split(family, tmp_path_factory):
    folder, tasks = generated(tmp_path_factory, site_of(family))
    check_family(family, tasks, folder)
    for task in [t for t in tasks if t.family == family.key][:3]:  # HALO's loader: the task resolves to this family's expert
        resolved = resolve_task(
            str(folder / "tasks" / f"{task.name}.json"), sites="local", local_urls={site_of(family): "http://127.0.0.1:9"}
        )
        assert resolved.generated["family"] == family.key
        assert isinstance(ExpertPolicy.for_task(resolved), PageExpert)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_untouched_state_fails(family, tmp_path_factory, tmp_path):
    folder, tasks = generated(tmp_path_factory, site_of(family))
    task = task_of(tasks, family)
    state = finish(replica_client(site_of(family), task.name, home=True))
    assert grade(family.key, task.params, state), f"{family.key}: the checker passed the untouched replica"
    assert verdict(folder, task, state, tmp_path) == "FAILURE"

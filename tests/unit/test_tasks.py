"""Task references resolve to agisdk's own v2 task JSON; bad references fail with one actionable sentence."""

import json

import pytest

from halo_lib.env.tasks import expand_task_spec, resolve_task
from halo_lib.errors import HaloError

LOCAL = {"omnizon": "http://127.0.0.1:9001", "gomail": "http://127.0.0.1:9002"}


def test_v2_id_takes_goal_and_evals_from_agisdk_and_points_at_the_replica():
    task = resolve_task("v2.omnizon-13", sites="local", local_urls=LOCAL)
    assert task.task_id == "v2.omnizon-13" and task.site == "omnizon"
    assert "cooking pot" in task.goal
    assert task.evals == [{"script": "eval_omnizon_13.py"}]
    assert task.url == "http://127.0.0.1:9001"
    assert task.real_url.startswith("https://") and "vercel.app" in task.real_url
    assert task.task_config().get_start_url() == "http://127.0.0.1:9001"


def test_real_sites_keep_agisdk_url():
    task = resolve_task("v2.gomail-1", sites="real")
    assert task.url == task.real_url.rstrip("/")
    assert not task.local


@pytest.mark.parametrize(
    "ref,expected",
    [
        ("omnizon-13", "use 'v2.omnizon-13'"),
        ("v1.omnizon-13", "v1 task and HALO runs v2 only: use 'v2.omnizon-13'"),
        ("v2.omnizon-99", "Unknown task 'v2.omnizon-99'"),
        ("v2.omnizn-13", "did you mean 'v2.omnizon-13'"),
        ("v3.omnizon-13", "Unknown task"),
    ],
)
def test_bad_ids_say_what_to_type(ref, expected):
    with pytest.raises(HaloError) as info:
        resolve_task(ref, sites="local", local_urls=LOCAL)
    assert expected in str(info.value)
    assert str(info.value).count("\n") == 0


def test_site_without_replica_is_refused_offline():
    with pytest.raises(HaloError, match="No local replica serves site 'dashdish'"):
        resolve_task("v2.dashdish-1", sites="local", local_urls=LOCAL)


def test_bring_your_own_task_json(tmp_path):
    own = {
        "id": "my-pot",
        "goal": "Buy a cooking pot",
        "website": {"id": "omnizon", "name": "Omnizon", "url": "https://example.invalid/"},
        "difficulty": "easy",
        "challengeType": "action",
        "possible": True,
        "evals": [{"script": "eval_omnizon_13.py"}],
        "points": 1,
        "config": {},
        "version": "v2",
    }
    path = tmp_path / "my-pot.json"
    path.write_text(json.dumps(own))
    task = resolve_task(str(path), sites="local", local_urls=LOCAL)
    assert task.task_id == "v2.my-pot" and task.site == "omnizon" and task.goal == "Buy a cooking pot"
    assert task.url == LOCAL["omnizon"]
    config = task.task_config()
    assert config.get_goal() == "Buy a cooking pot" and config.get_start_url() == LOCAL["omnizon"]


def test_bad_task_json_says_what_is_wrong(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x", "goal": "g"}')
    with pytest.raises(HaloError, match="lacks website, evals"):
        resolve_task(str(path), sites="local", local_urls=LOCAL)
    path.write_text("{not json")
    with pytest.raises(HaloError, match="not valid JSON"):
        resolve_task(str(path), sites="local", local_urls=LOCAL)
    with pytest.raises(HaloError, match="does not exist"):
        resolve_task(str(tmp_path / "missing.json"), sites="local", local_urls=LOCAL)


def test_spec_expands_sites_and_local_in_natural_order():
    omnizon = expand_task_spec("omnizon", local_sites=["omnizon"])
    assert omnizon[0] == "v2.omnizon-3" and omnizon[-1] == "v2.omnizon-30" and len(omnizon) == 10
    local = expand_task_spec("local", local_sites=["omnizon", "gomail"])
    assert len(local) == 31 and set(local) >= set(omnizon)
    assert expand_task_spec("v2.gomail-1,omnizon,v2.gomail-1", local_sites=[])[:2] == ["v2.gomail-1", "v2.omnizon-3"]
    with pytest.raises(HaloError, match="no version"):
        expand_task_spec("gomail-1", local_sites=[])


def test_random_n_draws_the_same_tasks_for_a_seed_and_other_ones_for_another():
    local = expand_task_spec("local", local_sites=["omnizon", "gomail"])
    first = expand_task_spec("random:8", local_sites=["omnizon", "gomail"], seed=3)
    assert len(first) == 8 and set(first) <= set(local)
    assert expand_task_spec("random:8", local_sites=["omnizon", "gomail"], seed=3) == first  # rerun, resume
    assert [t for t in local if t in first] == first  # listed in natural order
    others = {tuple(expand_task_spec("random:8", local_sites=["omnizon", "gomail"], seed=s)) for s in range(4, 9)}
    assert len(others | {tuple(first)}) > 1
    assert expand_task_spec("random:31", local_sites=["omnizon", "gomail"]) == local
    with pytest.raises(HaloError, match="asks for 32 tasks but the replicas serve 31"):
        expand_task_spec("random:32", local_sites=["omnizon", "gomail"])
    with pytest.raises(HaloError, match="positive whole number"):
        expand_task_spec("random:ten", local_sites=["omnizon"])


def test_type_filter_keeps_tasks_of_that_challenge_type():
    # every v2 task in agisdk 0.3.5 is an "action" task: type:action keeps them, type:retrieval keeps none
    assert expand_task_spec("type:action", local_sites=["omnizon"]) == expand_task_spec("omnizon", local_sites=["omnizon"])
    assert expand_task_spec("gomail,type:action", local_sites=[]) == expand_task_spec("gomail", local_sites=[])
    with pytest.raises(HaloError, match="selects no tasks"):
        expand_task_spec("omnizon,type:retrieval", local_sites=["omnizon"])
    with pytest.raises(HaloError, match="Unknown task type 'shopping'"):
        expand_task_spec("type:shopping", local_sites=["omnizon"])
    drawn = expand_task_spec("random:3,type:action", local_sites=["omnizon"], seed=1)
    assert len(drawn) == 3 and all(t.startswith("v2.omnizon-") for t in drawn)

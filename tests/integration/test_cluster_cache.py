"""The cluster's cache actor (runner/cluster.py's CacheStore) behind the agents' RemoteVac / RemoteMacros, on a local
Ray: an entry committed from one node is a hit for another in the same run and counted as such, the SQLite files
are the ones a local run writes, and a broken cache comes back as the CacheError the agent handles."""

from __future__ import annotations

import pytest

from halo_lib.cache.db import CacheError
from halo_lib.cache.portable import PortableAction
from halo_lib.cache.vac import VacEntry, VerifiedActionCache

pytestmark = pytest.mark.slow  # a local Ray starts (10-40 s on a loaded machine)


@pytest.fixture(scope="module")
def ray_local():
    import ray

    if ray.is_initialized():
        pytest.skip("a Ray is already running in this process")
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_an_entry_from_node_a_is_a_hit_on_node_b(ray_local, tmp_path):
    from halo_lib.runner.cluster import CacheStore, RemoteMacros, RemoteVac

    store = CacheStore.remote(str(tmp_path / "cache"))
    on_a, on_b = RemoteVac(store, {"sites": "local"}, "node-a"), RemoteVac(store, {"sites": "local"}, "node-b")
    key = on_a.key("omnizon", "Buy a mouse", "fp1", "start")
    assert key == VerifiedActionCache(tmp_path / "unused.sqlite", scope={"sites": "local"}).key("omnizon", "Buy a mouse", "fp1", "start")
    assert on_b.lookup(key) is None
    action = PortableAction("click", None, ("12",))
    assert on_a.commit([VacEntry(key, "omnizon", "Buy a mouse", "fp1", "start", action)]) == 1
    assert on_b.lookup(key) == action
    report = ray_local.get(store.report.remote())
    assert report["vac_hits"] == 1 and report["vac_cross_node_hits"] == 1
    assert report["cross_node_hits"] == [{"key": key, "written_on": "node-a", "hit_on": "node-b"}]
    # the driver's own SQLite file holds it, as after a local run
    local = VerifiedActionCache(tmp_path / "cache" / "vac.sqlite", scope={"sites": "local"})
    assert local.lookup(key, count_hit=False) == action and local.stats()["hits"] == 1
    on_b.invalidate(key, "replay failed")
    assert on_a.lookup(key) is None
    macros = RemoteMacros(store)
    steps = [PortableAction("fill", None, ("3", "mouse")), PortableAction("click", None, ("4",))]
    macros.observe("v2.omnizon-1", "omnizon", steps)
    macros.observe("v2.omnizon-2", "omnizon", steps)
    assert macros.match("omnizon", steps[0]) is not None  # promoted: seen in two tasks, through the actor


def test_a_broken_cache_is_a_cache_error(ray_local, tmp_path):
    from halo_lib.runner.cluster import CacheStore, RemoteVac

    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "vac.sqlite").write_bytes(b"not a database" * 100)
    store = CacheStore.remote(str(tmp_path / "cache"))
    with pytest.raises(CacheError, match="unusable|cache"):
        RemoteVac(store, {}, "node-a").lookup("k")

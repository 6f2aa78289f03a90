"""The fault tests' fixture: a private replica server (some tests kill it)."""

from __future__ import annotations

import pytest

from halo_lib.config import SitesConfig
from halo_lib.sites import replica_names
from halo_lib.ports import free_port_block


@pytest.fixture
def own_sites():
    """Replicas on their own free ports, started by this test (so killing them touches no other test)."""
    from halo_lib.sites.server import ensure_sites

    config = SitesConfig(base_port=free_port_block(len(replica_names())))
    handle = ensure_sites(config, replica_names())
    yield config, handle
    handle.close()

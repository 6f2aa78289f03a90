"""Two live sessions on one replica (two browsers, interleaved steps) never see each other's changes."""

from __future__ import annotations

import pytest

from halo_lib.config import EnvConfig
from halo_lib.env.environment import open_env
from halo_lib.env.tasks import resolve_task
from halo_lib.sites import local_urls
from halo_lib.sites.expert import ExpertPolicy

pytestmark = pytest.mark.browser


def test_concurrent_sessions_do_not_share_state(sites_config):
    urls = local_urls(sites_config.host, sites_config.base_port)
    task = resolve_task("v2.omnizon-13", sites="local", local_urls=urls)
    buyer, idler = open_env(task, EnvConfig()), open_env(task, EnvConfig())
    try:
        obs_buyer, _ = buyer.reset()
        obs_idler, _ = idler.reset()
        expert = ExpertPolicy.for_task(task)
        while True:  # the buyer orders the pot, stopping just before it answers
            action = expert.act(obs_buyer)
            if action.startswith("send_msg_to_user"):
                break
            obs_buyer, *_ = buyer.step(action)
            assert not obs_buyer["last_action_error"]

        _, reward, done, _, info = idler.step("send_msg_to_user('Done.')")
        idle_diff = info["task_info"]["env_state"]["initialfinaldiff"]
        assert done and reward == 0.0
        assert "order" not in idle_diff["added"] and "order" not in idle_diff["updated"]

        _, reward, done, _, info = buyer.step(action)
        buyer_orders = info["task_info"]["env_state"]["initialfinaldiff"]["added"]["order"]["orders"]
        assert done and reward == 1.0
        assert len(buyer_orders) == 1
    finally:
        buyer.close()
        idler.close()

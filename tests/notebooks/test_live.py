"""Live stepping from inside a running asyncio loop (as in a Jupyter kernel): the agent's step, a hand-typed
action checked by the parser and the postconditions, stopping by hand, and the panel built on it."""
from __future__ import annotations

import asyncio
import json

import pytest

from halo_lib.config import RunConfig
from halo_lib.errors import HaloError
from halo_lib.notebook.live import LiveEpisode, live_panel

from tests.support.threads import run_in_fresh_thread

pytestmark = pytest.mark.browser


def test_live_episode_agent_and_hand_steps(sites_config, tmp_path):
    config = RunConfig(mode="expert", tasks="v2.omnizon-13", out_dir=str(tmp_path), max_steps=10, sites=sites_config)

    async def in_a_kernel():  # Playwright's sync API refuses a thread with a running loop: LiveEpisode must cope
        session = LiveEpisode(config)
        try:
            agent = session.step()
            assert agent.source == "expert" and agent.action.startswith("fill(") and agent.postcondition_held is True
            assert agent.page.startswith("Page: ") and agent.screenshot.is_file()
            with pytest.raises(HaloError, match="Not a valid action on this page"):
                session.step("click('99999')")  # no such bid: refused before anything happens
            hand = session.step("scroll(0, 200)")
            assert hand.source == "human" and hand.action == "scroll(0, 200)" and hand.postcondition_held is True
            assert session.policy.history[-1].action == "scroll(0, 200)"  # the agent knows what the human did
            panel = live_panel(session)
            assert len(panel.children) == 3
        finally:
            session.close()
        with pytest.raises(HaloError, match="over"):
            session.step()
        return session

    session = run_in_fresh_thread(lambda: asyncio.run(in_a_kernel()))  # a kernel: its own thread, its own loop
    records = [json.loads(line) for line in open(session.trace.path)]
    assert [r["type"] for r in records] == ["start", "step", "step", "end"]
    assert records[-1]["error"] == "stopped by hand after 2 steps" and records[-1]["steps"] == 2
    episode = session.episode()
    assert episode.sources() == {"expert": 1, "human": 1} and episode.finished

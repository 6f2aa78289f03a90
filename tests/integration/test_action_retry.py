"""A click that timed out before it acted (its element not yet enabled) is stepped again and every attempt is
recorded; a click that landed but timed out afterwards (its handler kept the page busy) is not repeated.
Real Chromium on the omnizon replica, through `step_with_retries` as run_episode calls it."""

from __future__ import annotations

import pytest

from halo_lib.config import EnvConfig
from halo_lib.env.environment import open_env
from halo_lib.env.tasks import resolve_task
from halo_lib.obs.axtree import find, flatten
from halo_lib.runner.episode import step_with_retries
from halo_lib.sites import local_urls

pytestmark = pytest.mark.browser

# A button that counts its clicks in its own name ("Clicked 1"): the click changes the page.
ADD_BUTTON = """(busyMs) => {
  const b = document.createElement('button');
  b.textContent = 'Probe'; window.__haloClicks = 0;
  b.addEventListener('click', () => {
    window.__haloClicks += 1;
    const until = performance.now() + busyMs; while (performance.now() < until) {}  // a handler that hogs the page
    if (!busyMs) b.textContent = 'Clicked ' + window.__haloClicks;
  });
  b.id = 'halo-probe'; document.body.prepend(b);
}"""
DISABLE_FOR = """(ms) => { const b = document.getElementById('halo-probe'); b.disabled = true;
  setTimeout(() => { b.disabled = false; }, ms); }"""


@pytest.fixture
def env(sites_config):
    urls = local_urls(sites_config.host, sites_config.base_port)
    env = open_env(resolve_task("v2.omnizon-13", sites="local", local_urls=urls), EnvConfig())
    env.reset()
    yield env
    env.close()


def probe(env, disabled_ms: int, busy_ms: int):
    env.page.evaluate(ADD_BUTTON, busy_ms)
    obs = env._get_obs()  # BrowserGym marks the new button with a bid
    node = find(flatten(obs["axtree_object"]), "button", "Probe")
    assert node is not None and node.bid
    if disabled_ms:  # from now: the click below starts within milliseconds (the fingerprint ignores `disabled`)
        env.page.evaluate(DISABLE_FOR, disabled_ms)
    return obs, f"click({node.bid!r})"


def test_a_click_that_timed_out_before_acting_is_retried_and_recorded(env):
    obs, action = probe(env, disabled_ms=1500, busy_ms=0)
    (after, *_), attempts = step_with_retries(env, action, obs, retries=3, element_timeout_ms=300)
    assert len(attempts) >= 2, attempts
    assert "Timeout 300ms exceeded" in attempts[0]["error"] and attempts[0]["retry"]
    assert [a["element_timeout_ms"] for a in attempts] == [300, *[600] * (len(attempts) - 1)]
    assert attempts[-1]["error"] is None and attempts[-1]["retry"] is None
    assert env.page.evaluate("window.__haloClicks") == 1
    assert find(flatten(after["axtree_object"]), "button", "Clicked 1") is not None


def test_a_click_that_landed_is_not_repeated(env):
    obs, action = probe(env, disabled_ms=0, busy_ms=1500)
    (after, *_), attempts = step_with_retries(env, action, obs, retries=3, element_timeout_ms=300)
    assert len(attempts) == 1 and attempts[0]["retry"] is None
    assert "Timeout 300ms exceeded" in attempts[0]["error"]
    assert env.page.evaluate("window.__haloClicks") == 1


def test_when_the_retries_run_out_the_expert_stops_instead_of_going_on(env):
    from halo_lib.sites.expert import Answer, Click, ExpertError, ExpertPolicy, Target

    obs, action = probe(env, disabled_ms=20_000, busy_ms=0)
    (after, *_), attempts = step_with_retries(env, action, obs, retries=1, element_timeout_ms=200)
    assert len(attempts) == 2 and attempts[-1]["gave_up"] and attempts[-1]["retry"] is None
    assert "not carried out in 2 attempts" in after["halo_not_carried_out"]
    assert env.page.evaluate("window.__haloClicks") == 0

    def solution(view):
        yield Click(Target("button", "Probe"))
        yield Answer("done")

    expert = ExpertPolicy(solution)
    expert.act(obs)
    with pytest.raises(ExpertError, match="too busy"):
        expert.act(after)

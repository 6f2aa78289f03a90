"""REAL's protocol on the live replica server: /config starts a fresh session (cookie), /finish renders the
diff in a <pre> without changing state, sessions are per cookie, and the server is loopback-only."""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import urllib.request

import pytest

from halo_lib.config import SitesConfig
from halo_lib.errors import HaloError
from halo_lib.sites import local_urls, replica_names
from halo_lib.sites.server import ensure_sites, probe

pytestmark = pytest.mark.browser

HYDRATES_AFTER_SNAPSHOT = {"udriver"}


class Browser:
    """A cookie jar: one 'browser context'."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=5) as response:
            return response.read().decode()

    def finish(self) -> dict:
        page = self.get("/finish")
        return json.loads(html.unescape(re.search(r"<pre>(.*)</pre>", page, re.S).group(1)))


@pytest.mark.parametrize("site", replica_names())
def test_config_resets_and_finish_reads_without_changing_state(site, sites_config):
    base = local_urls(sites_config.host, sites_config.base_port)[site]
    browser = Browser(base)
    assert "set up for task v2.x" in browser.get("/config?run_id=0&task_id=v2.x&latency=0")
    first = browser.finish()
    assert set(first["initialfinaldiff"]) == {"added", "updated", "deleted"}
    assert browser.finish() == first  # reading /finish changed nothing
    added = dict(first["initialfinaldiff"]["added"])
    # /config's own parameters land in added.config.<site> where a site's scripts read them (udriver's cars,
    # staynb's run_id, ...); a site whose store hydrates after the snapshot (udriver: its scripts read the whole
    # wallet under added) shows its store there too; nothing else changed
    assert set(added.pop("config", {})) <= {site, "open_dining"}
    if site not in HYDRATES_AFTER_SNAPSHOT:
        assert added == {}
    assert first["initialfinaldiff"]["updated"] == {} and first["initialfinaldiff"]["deleted"] == {}
    browser.get("/")
    assert browser.finish()["initialfinaldiff"]["added"] == first["initialfinaldiff"]["added"]


def test_sessions_are_per_cookie_and_config_starts_over(sites_config):
    base = local_urls(sites_config.host, sites_config.base_port)["omnizon"]
    a, b = Browser(base), Browser(base)
    a.get("/config?run_id=0&task_id=v2.omnizon-13&latency=0")
    b.get("/config?run_id=0&task_id=v2.omnizon-13&latency=0")
    a.get("/cart")
    assert a.finish()["initialfinaldiff"]["updated"] == {"router": {"location": {"pathname": "/cart"}}}
    assert b.finish()["initialfinaldiff"]["updated"] == {}
    a.get("/config?run_id=0&task_id=v2.omnizon-13&latency=0")
    assert a.finish()["initialfinaldiff"]["updated"] == {}


def test_server_is_reused_and_refuses_non_loopback(sites_config):
    urls = local_urls(sites_config.host, sites_config.base_port)
    assert all(probe(url) == "ours" for url in urls.values())
    handle = ensure_sites(sites_config, replica_names())
    assert not handle.owned  # the session's server answered, nothing new was started
    with pytest.raises(HaloError, match="not a loopback address"):
        ensure_sites(SitesConfig(host="0.0.0.0"), ["omnizon"])

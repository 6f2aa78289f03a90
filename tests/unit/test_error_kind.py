"""error_kind: the machine's failures ("infra") apart from the agent's own ("agent"), for new exceptions and for the
error sentences of rows written before error_kind existed; and the replica leases that shared servers count."""

from __future__ import annotations

import subprocess
import sys

import pytest

from halo_lib.policy.backends import BackendError
from halo_lib.runner.episode import EpisodeTimeout, SiteDown, classify_error, classify_exception
from halo_lib.sites.server import lease_lock, live_leases, take_lease


def test_exceptions_are_classified_by_where_they_came_from_and_what_they_are():
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    assert classify_exception(KeyError("bid 'a42'"), in_env=False) == "agent"  # the agent's own code
    assert classify_exception(ValueError("cannot parse the reply"), in_env=False) == "agent"
    assert classify_exception(ValueError("anything"), in_env=True) == "infra"  # raised by the environment
    assert classify_exception(PlaywrightTimeout("Locator.click: Timeout 500ms exceeded"), in_env=False) == "infra"
    assert classify_exception(PlaywrightError("net::ERR_CONNECTION_REFUSED"), in_env=False) == "infra"
    assert classify_exception(BackendError("LLM server at x is unreachable after 4 attempts."), in_env=False) == "infra"
    assert classify_exception(EpisodeTimeout("past its cap"), in_env=False) == "infra"
    assert classify_exception(SiteDown("the gomail replica stopped answering"), in_env=False) == "infra"
    assert classify_exception(ConnectionResetError(), in_env=False) == "infra"


@pytest.mark.parametrize(
    "error,kind",
    [
        (None, ""),
        ("", ""),
        ("reset: Error: Page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:8602/config", "infra"),
        ("step 2: Chromium closed or crashed (TargetClosedError: Target page has been closed)", "infra"),
        ("step 3: SiteDown: the gomail replica at http://127.0.0.1:8602 stopped answering (the page failed to load)", "infra"),
        ("step 0: BackendError: LLM server at https://api.openai.com/v1 is unreachable after 4 attempts.", "infra"),
        ("step 9: EpisodeTimeout: the episode ran 61 s, past its 60 s wall-clock cap (episode_timeout_s)", "infra"),
        ("worker: RayTaskError: the worker died unexpectedly", "infra"),
        ("step 2: ExpertError: expert could not find option containing 'x' on http://127.0.0.1:9401/", "agent"),
        ("step 0: KeyError: 'bid'", "agent"),
    ],
)
def test_error_sentences_of_older_rows(error, kind):
    assert classify_error(error) == kind


def test_a_lease_counts_while_its_holder_lives_and_only_for_its_server(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    server = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        code = (
            "import sys; from pathlib import Path; from halo_lib.sites.server import take_lease; "
            f"take_lease(Path({str(tmp_path)!r}), {server.pid})"
        )
        subprocess.run([sys.executable, "-c", code], check=True)  # a holder that is gone at once
        with lease_lock(tmp_path):
            mine = take_lease(tmp_path, server.pid)
            other = take_lease(tmp_path, holder.pid)  # a lease on another server
            assert live_leases(tmp_path, server.pid) == [mine]  # the dead holder's lease is not counted...
        assert sorted(tmp_path.glob("*.lease")) == sorted([mine, other])  # ...and is removed
        server.stdin.close()
        server.wait(10)
        with lease_lock(tmp_path):
            assert live_leases(tmp_path, server.pid) == []  # a lease on a server that is gone is removed too
        assert not mine.exists() and other.exists()
    finally:
        for proc in (holder, server):
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


def test_a_chromium_crash_under_a_too_long_tmpdir_says_to_shorten_it(monkeypatch):
    import tempfile

    from halo_lib.runner.episode import _one_sentence

    class TargetClosedError(Exception):
        pass

    crash = TargetClosedError("BrowserType.launch: Target page, context or browser has been closed")
    monkeypatch.setattr(tempfile, "gettempdir", lambda: "/tmp/" + "a" * 58)  # 63 characters: Chromium fails to start
    assert "set TMPDIR to a shorter folder" in _one_sentence(crash)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: "/tmp/" + "a" * 57)  # 62: it starts
    sentence = _one_sentence(crash)
    assert sentence.startswith("Chromium closed or crashed (TargetClosedError") and "TMPDIR" not in sentence

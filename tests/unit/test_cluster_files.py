"""A cluster episode's files travel as bytes and the driver writes them as EpisodeTrace would have (runner/cluster.py):
same paths, kept attempts untouched, a stale unfinished attempt replaced, the JSONL last."""

from __future__ import annotations

import json

import numpy as np
import pytest

from halo_lib.runner.cluster import _collect_files, _on_node, write_episode
from halo_lib.trace.episode import EpisodeTrace, read_end


def _play(run_dir, attempt_placeholders: int = 0) -> dict:
    """What a node does: placeholders for the kept attempts, then an EpisodeTrace in its temp folder."""
    for n in range(1, attempt_placeholders + 1):
        (run_dir / "episodes" / "v2.omnizon-13__0" / f"attempt-{n}").mkdir(parents=True)
    trace = EpisodeTrace(run_dir, "v2.omnizon-13", 0)
    trace.write({"type": "start", "task_id": "v2.omnizon-13"})
    shot = trace.screenshot(0, np.zeros((8, 8, 3), dtype=np.uint8))
    trace.write({"type": "step", "step": 0, "screenshot": shot})
    finish = trace.save_json("finish", {"ok": True})
    trace.write({"type": "end", "attempt": trace.attempt, "finish": finish})
    trace.close()
    return _collect_files(run_dir)


def test_driver_writes_the_node_files_beside_kept_attempts(tmp_path):
    out = tmp_path / "driver_run"
    kept = out / "episodes" / "v2.omnizon-13__0" / "attempt-1"
    kept.mkdir(parents=True)
    (kept / "v2.omnizon-13__0.jsonl").write_text('{"type": "end", "attempt": 1}\n')
    (out / "episodes" / "v2.omnizon-13__0" / "step_005.jpg").write_bytes(b"stale")  # from an unfinished attempt
    (out / "episodes" / "v2.omnizon-13__0.jsonl").write_text('{"type": "start"}\n')

    files = _play(tmp_path / "node", attempt_placeholders=1)
    assert sorted(files) == [
        "episodes/v2.omnizon-13__0.jsonl",
        "episodes/v2.omnizon-13__0/finish.json",
        "episodes/v2.omnizon-13__0/step_000.jpg",
    ]
    write_episode(out, "v2.omnizon-13", 0, files)

    end = read_end(out / "episodes" / "v2.omnizon-13__0.jsonl")
    assert end["attempt"] == 2  # numbered after the kept attempt, as a local run numbers it
    assert json.loads((out / end["finish"]).read_text()) == {"ok": True}
    assert (out / "episodes" / "v2.omnizon-13__0" / "step_000.jpg").read_bytes() == files["episodes/v2.omnizon-13__0/step_000.jpg"]
    assert not (out / "episodes" / "v2.omnizon-13__0" / "step_005.jpg").exists()
    assert (kept / "v2.omnizon-13__0.jsonl").read_text() == '{"type": "end", "attempt": 1}\n'
    assert not list((out / "episodes").glob(".*.tmp"))


def test_a_file_outside_the_episode_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="outside its folder"):
        write_episode(tmp_path, "v2.omnizon-13", 0, {"episodes/../config.json": b"{}"})
    assert not (tmp_path / "config.json").exists()


def test_task_url_moves_to_the_node_replica():
    assert _on_node("http://127.0.0.1:8601", "http://127.0.0.1:9001") == "http://127.0.0.1:9001"
    assert _on_node("http://127.0.0.1:8601/cart?x=1", "http://127.0.0.1:9001") == "http://127.0.0.1:9001/cart?x=1"


def test_the_adapter_travels_by_content_hash_and_the_mode_points_at_the_node_copy(tmp_path):
    from halo_lib.runner.cluster import pack_folder, unpack_folder, with_adapter

    adapter = tmp_path / "driver" / "qwen_bc"
    (adapter / "trainer" / "checkpoint-1").mkdir(parents=True)
    (adapter / "adapter_config.json").write_text('{"r": 16}')
    (adapter / "adapter_model.safetensors").write_bytes(b"\x00\x01" * 100)
    (adapter / "trainer" / "checkpoint-1" / "optimizer.pt").write_bytes(b"big")
    sha, blob = pack_folder(adapter)
    assert pack_folder(adapter) == (sha, blob)  # the same folder, the same hash
    node_copy = unpack_folder(sha, blob, tmp_path / "node-cache")
    assert node_copy.name == sha and (node_copy / "adapter_config.json").read_text() == '{"r": 16}'
    assert (node_copy / "adapter_model.safetensors").read_bytes() == b"\x00\x01" * 100
    assert not (node_copy / "trainer").exists()
    assert unpack_folder(sha, b"not read again", tmp_path / "node-cache") == node_copy  # once per node
    (adapter / "adapter_config.json").write_text('{"r": 8}')
    assert pack_folder(adapter)[0] != sha
    assert with_adapter("qwen_worker_bc", str(node_copy)) == f"qwen_worker_bc:adapter={node_copy}"
    assert with_adapter("qwen_worker_zero:adapter=artifacts/x,vac=false", "/n/abc") == "qwen_worker_zero:vac=false,adapter=/n/abc"

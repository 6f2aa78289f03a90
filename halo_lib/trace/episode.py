"""Episode traces: one JSONL line per step, flushed as it goes, and a screenshot file per step.

Layout inside a run folder (DESIGN.md's contract):

    episodes/<task_id>__<k>.jsonl        {"type": "start"...}, {"type": "step"...}*, {"type": "end"...}
    episodes/<task_id>__<k>/step_000.jpg screenshot of the page the step's decision was made on
    episodes/<task_id>__<k>/step_000.axtree.txt.gz  the full AXTree of that page (BrowserGym's flat text, gzip)
    episodes/<task_id>__<k>/final.jpg    the page after the last step
    episodes/<task_id>__<k>/finish.json  the /finish JSON the eval script graded (when the episode answered)
    episodes/<task_id>__<k>/attempt-N/   an earlier attempt's JSONL and files, kept when --retry-errors reran it

A step record's `element` is the acted element: {"bid", "bbox": [x, y, width, height]} in the screenshot's CSS
pixels (BrowserGym's extra_element_properties), so the debugger can draw its box (`acted_element`).

An episode is finished when its file ends with an `end` record; anything else is rerun on resume.

    trace = EpisodeTrace(run_dir, "v2.omnizon-13", rollout=0, image_format="jpeg")
    trace.write({"type": "step", ...}); trace.screenshot(0, obs["screenshot"])
    end = read_end(trace.path)      # the end record, or None
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from halo_lib.trace.redact import redact


def episode_name(task_id: str, rollout: int) -> str:
    return f"{task_id}__{rollout}"


ATTEMPT_PREFIX = "attempt-"


def kept_attempts(image_dir: Path) -> list[Path]:
    """The earlier attempts kept in an episode's folder (attempt-1, attempt-2, ...), in order."""
    if not image_dir.is_dir():
        return []
    found = [p for p in image_dir.iterdir() if p.is_dir() and p.name.startswith(ATTEMPT_PREFIX) and p.name[len(ATTEMPT_PREFIX) :].isdigit()]
    return sorted(found, key=lambda p: int(p.name[len(ATTEMPT_PREFIX) :]))


def keep_attempt(run_dir: Path, task_id: str, rollout: int) -> Path:
    """Move a finished episode's JSONL and files into episodes/<episode>/attempt-N/ (N = 1 + those kept before),
    so that the episode runs again beside it; returns that folder."""
    name = episode_name(task_id, rollout)
    jsonl = Path(run_dir) / "episodes" / f"{name}.jsonl"
    image_dir = Path(run_dir) / "episodes" / name
    image_dir.mkdir(parents=True, exist_ok=True)
    earlier = kept_attempts(image_dir)
    target = image_dir / f"{ATTEMPT_PREFIX}{len(earlier) + 1}"
    target.mkdir()
    for item in list(image_dir.iterdir()):
        if item not in earlier and item != target:
            shutil.move(str(item), str(target / item.name))
    if jsonl.is_file():
        shutil.move(str(jsonl), str(target / jsonl.name))
    return target


class EpisodeTrace:
    """Writer for one episode's JSONL and screenshots (truncates a previous unfinished attempt; keeps the
    attempt-N folders of earlier finished ones)."""

    def __init__(self, run_dir: Path, task_id: str, rollout: int, image_format: str = "jpeg"):
        self.run_dir = Path(run_dir)
        self.name = episode_name(task_id, rollout)
        self.path = self.run_dir / "episodes" / f"{self.name}.jsonl"
        self.image_dir = self.run_dir / "episodes" / self.name
        self.image_format = image_format
        self.path.parent.mkdir(parents=True, exist_ok=True)
        earlier = kept_attempts(self.image_dir)
        self.attempt = len(earlier) + 1
        if self.image_dir.exists():
            for item in self.image_dir.iterdir():
                if item not in earlier:
                    shutil.rmtree(item) if item.is_dir() else item.unlink()
        self.image_dir.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "w", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(redact(json.dumps(record, default=_jsonable)) + "\n")
        self._file.flush()

    def screenshot(self, label: str | int, pixels: np.ndarray | None) -> str | None:
        """Save an RGB array as an image; returns its path relative to the run folder."""
        if pixels is None or getattr(pixels, "size", 0) == 0:
            return None
        from PIL import Image

        suffix = "jpg" if self.image_format == "jpeg" else "png"
        name = f"step_{label:03d}.{suffix}" if isinstance(label, int) else f"{label}.{suffix}"
        path = self.image_dir / name
        image = Image.fromarray(np.asarray(pixels, dtype=np.uint8))
        if self.image_format == "jpeg":
            image.save(path, quality=85)
        else:
            image.save(path)
        return str(path.relative_to(self.run_dir))

    def save_json(self, label: str, data: Any) -> str:
        """Save a JSON document beside the screenshots; returns its path relative to the run folder."""
        path = self.image_dir / f"{label}.json"
        path.write_text(redact(json.dumps(data, indent=1, default=_jsonable)))
        return str(path.relative_to(self.run_dir))

    def axtree(self, label: str | int, obs: dict[str, Any]) -> str | None:
        """Save the page's full AXTree as BrowserGym's flat text (gzip); returns its path relative to the run folder."""
        text = full_axtree_text(obs)
        if not text:
            return None
        import gzip

        name = f"step_{label:03d}" if isinstance(label, int) else str(label)
        path = self.image_dir / f"{name}.axtree.txt.gz"
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=5) as handle:
            handle.write(redact(text))
        return str(path.relative_to(self.run_dir))

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()


def full_axtree_text(obs: dict[str, Any]) -> str:
    """The observation's whole accessibility tree as BrowserGym prints it (bids, visibility, clickable), or ""."""
    tree = obs.get("axtree_object")
    if not tree or not tree.get("nodes"):
        return ""
    from agisdk.REAL.browsergym.utils.obs import flatten_axtree_to_str

    try:
        return flatten_axtree_to_str(
            tree, extra_properties=obs.get("extra_element_properties") or {}, with_visible=True, with_clickable=True
        )
    except Exception as exc:  # noqa: BLE001 - a tree BrowserGym cannot print must not end the episode
        return f"(the AXTree could not be printed: {exc})"


def acted_element(action: str, obs: dict[str, Any]) -> dict[str, Any] | None:
    """{"bid", "bbox"} of the element `action` targets on the page in `obs` (bbox [x, y, w, h] in viewport CSS
    pixels, None when it is not rendered); None for an action without a bid (scroll, send_msg_to_user)."""
    from halo_lib.policy.grammar import ActionParseError, parse_action

    try:
        bid = parse_action(action).bid
    except ActionParseError:
        return None
    if bid is None:
        return None
    props = (obs.get("extra_element_properties") or {}).get(bid) or {}
    bbox = props.get("bbox")
    return {"bid": bid, "bbox": [round(float(v), 1) for v in bbox] if bbox else None, "visibility": props.get("visibility")}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records of an episode file; a torn last line (crash mid-write) is skipped."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def read_end(path: Path) -> dict[str, Any] | None:
    """The episode's end record if it finished, else None."""
    if not path.is_file():
        return None
    end = None
    for record in read_records(path):
        if record.get("type") == "end":
            end = record
    return end

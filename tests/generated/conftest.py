"""The generated task set of a family test module's `SITE` (the family test kit writes it once per session), as a
folder (`task_set`) and as its tasks in manifest order (`tasks`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from halo_lib.generated.family import GeneratedTask
from halo_lib.generated.generate import load_manifest
from tests.support import family_checks


@pytest.fixture(scope="module")
def task_set(request, tmp_path_factory) -> Path:
    return family_checks.task_set(tmp_path_factory, request.module.SITE)


@pytest.fixture(scope="module")
def tasks(task_set) -> list[GeneratedTask]:
    return load_manifest(task_set / "manifest.jsonl")

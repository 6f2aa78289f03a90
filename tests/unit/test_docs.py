"""The docs stay true: every `halo` command line shown in README.md and docs/*.md parses with the real CLI parser,
and every relative link in them points at a file of the repository."""

from __future__ import annotations

import re
import shlex

import pytest

from halo_lib.cli import build_parser
from halo_lib.paths import PROJECT_ROOT

DOCS = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md")), PROJECT_ROOT / "artifacts" / "README.md"]


def halo_lines(text: str) -> list[str]:
    """`halo ...` command lines of the fenced code blocks (continuations joined, comments and `&& ...` cut)."""
    lines, inside = [], False
    for raw in re.sub(r"\\\n\s*", " ", text).splitlines():
        if raw.startswith("```"):
            inside = not inside
            continue
        line = raw.split(" #", 1)[0].strip()
        usage = re.search(r" \[-|\[--| \| ", line)  # usage notation ([--flag], a | b), not a command to run
        if inside and not usage and re.match(r"^(HALO_\w+=\S+ )*(\.venv[\w-]*/bin/)?halo ", line):
            lines.append(line.split(" && ")[0])
    return lines


COMMANDS = [(doc.name, line) for doc in DOCS for line in halo_lines(doc.read_text())]


def test_the_docs_show_commands():
    assert len(COMMANDS) >= 30


@pytest.mark.parametrize("doc,line", COMMANDS, ids=[f"{d}:{line[:60]}" for d, line in COMMANDS])
def test_every_halo_line_in_the_docs_parses(doc, line):
    argv = shlex.split(line)
    argv = argv[[i for i, a in enumerate(argv) if a.endswith("halo")][0] + 1 :]
    parser = build_parser()
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit as exc:
        pytest.fail(f"{doc}: `{line}` does not parse (exit {exc.code})")
    assert not rest or args.func.__name__ == "cmd_bench_llm", f"{doc}: `{line}` has unknown arguments {rest}"


def test_relative_links_in_the_docs_exist():
    missing = []
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc.read_text()):
            if not (doc.parent / target).exists():
                missing.append(f"{doc.name} -> {target}")
    assert not missing

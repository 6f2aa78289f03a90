"""Notebooks are committed without outputs: a git clean filter strips them on `git add`, whatever JupyterLab saved.

`./run.sh setup` installs it (`install_git_filter`); the notebook on disk keeps its outputs, git sees it stripped:

    .gitattributes                      notebooks/*.ipynb filter=halo-nbstrip
    git config filter.halo-nbstrip.clean   ".venv/bin/python halo_lib/notebook/hygiene.py clean"

    python halo_lib/notebook/hygiene.py clean < notebook.ipynb    # the filter itself: stripped JSON on stdout
    python halo_lib/notebook/hygiene.py install                   # configure this git repository (what run.sh does)

It strips what `halo nb strip` strips (outputs, execution counts, papermill/widget metadata) and writes the JSON as
nbformat does (indent 1, sorted keys), so a clean notebook passes through unchanged. It uses the standard library
only (git runs it before any package is importable); text that is not a notebook passes through untouched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FILTER = "halo-nbstrip"
ATTRIBUTE = f"notebooks/*.ipynb filter={FILTER}"
CELL_METADATA = ("papermill", "execution", "collapsed", "scrolled")
BOOK_METADATA = ("papermill", "widgets")


def strip_text(text: str) -> str:
    """A notebook's JSON with outputs, execution counts and run metadata removed (other text unchanged)."""
    try:
        book = json.loads(text)
    except ValueError:
        return text
    if not isinstance(book, dict) or not isinstance(book.get("cells"), list):
        return text
    for cell in book["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in CELL_METADATA:
            (cell.get("metadata") or {}).pop(key, None)
    for key in BOOK_METADATA:
        (book.get("metadata") or {}).pop(key, None)
    return json.dumps(book, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def filter_command() -> str:
    """The clean filter, relative to the work tree's top (git runs filters there; each worktree has its .venv)."""
    return ".venv/bin/python halo_lib/notebook/hygiene.py clean"


def install_git_filter(repo: str | Path) -> bool:
    """Configure the clean filter in `repo`'s git config and make sure .gitattributes names it. False when `repo` is
    not a git work tree (a copy without .git: nothing to guard)."""
    repo = Path(repo)
    inside = subprocess.run(["git", "-C", str(repo), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    subprocess.run(["git", "-C", str(repo), "config", f"filter.{FILTER}.clean", filter_command()], check=True)
    subprocess.run(["git", "-C", str(repo), "config", f"filter.{FILTER}.smudge", "cat"], check=True)
    attributes = repo / ".gitattributes"
    lines = attributes.read_text().splitlines() if attributes.is_file() else []
    if ATTRIBUTE not in lines:
        attributes.write_text("\n".join(lines + [ATTRIBUTE]) + "\n")
    return True


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "clean":
        sys.stdout.write(strip_text(sys.stdin.read()))
        return 0
    if command == "install":
        ok = install_git_filter(Path(argv[1]) if len(argv) > 1 else Path.cwd())
        print(f"git filter {FILTER}: {'installed' if ok else 'not a git work tree, nothing to do'}")
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

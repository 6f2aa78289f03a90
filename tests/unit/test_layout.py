"""The package map stays true: halo_lib's docstring names every sub-package and top-level module."""

from __future__ import annotations

from pathlib import Path

import halo_lib

PACKAGE = Path(halo_lib.__file__).parent


def test_package_docstring_names_every_subpackage_and_module():
    doc = halo_lib.__doc__
    packages = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    modules = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "errors.py", "lifetime.py")]
    missing = [f"{name}/" for name in packages if f"{name}/" not in doc] + [name for name in modules if name not in doc]
    assert not missing, f"halo_lib/__init__.py does not list {missing}"
    assert len(packages) >= 11


def test_every_subpackage_docstring_names_its_modules():
    missing = []
    for package in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        doc = (package / "__init__.py").read_text().split('"""')[1]
        missing += [f"{package.name}/{m.name}" for m in package.glob("*.py") if m.name != "__init__.py" and m.name not in doc]
    assert not missing, f"these modules are not listed in their package's docstring: {missing}"


def test_test_modules_have_unique_basenames():
    """tests/ has no __init__.py files: pytest imports test modules by basename, so two of one name cannot both run."""
    from collections import Counter

    names = Counter(p.name for p in (PACKAGE.parent / "tests").rglob("test_*.py"))
    assert not [name for name, n in names.items() if n > 1]

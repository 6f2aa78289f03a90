"""Command-line flags generated from the typed config dataclasses (the idea of TRL's HfArgumentParser, small).

`add_config_flags` adds one flag per field of a config dataclass: nested dataclasses get dotted names
(`--agent.temperature`, `--agent.obs.budget_tokens`, `--sites.base_port`), each with a dashed spelling too
(`--max-steps`); the type comes from the annotation (int, float, str, bool as `--x` / `--no-x` / `--x true|false`,
Literal as choices, list[str] as a comma list) and the help from the field's `# comment` in the source (the
class docstring heads the group). Defaults are argparse.SUPPRESS, so a flag that was not given is absent from
the namespace: `config_from_args` reads `--config FILE.yaml` first (where the command has one), then lays only
the flags the user gave over it, and validates the whole with `config.from_dict` (one sentence, exit 2).

    parser = HaloArgumentParser(prog="halo eval")
    add_config_flags(parser, RunConfig, aliases={"out_dir": ["--out"], "agent.temperature": ["--temperature"]},
                     consts={"--speed": ("max_steps", SPEED_MODE_STEPS, "speed mode")})
    config = config_from_args(RunConfig, parser.parse_args(argv))
    # or, built only when that command runs:  parser.defer(lambda p: add_config_flags(p, RunConfig))

A new config field becomes a flag with no edit here or in cli.py.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import functools
import inspect
import io
import tokenize
import types
import typing
from pathlib import Path
from typing import Any, Callable, Literal, TypeVar

from halo_lib.config import read_config_file

T = TypeVar("T")
PREFIX = "cfg:"  # namespace attributes holding config fields are "cfg:<dotted.path>"


class HaloArgumentParser(argparse.ArgumentParser):
    """argparse with HALO's error style (one sentence on stderr, exit status 2, no usage dump) and deferred set-up:
    `defer(fn)` runs fn(parser) only when this parser parses or prints help, so `halo tasks` does not pay for
    generating the flags of every config command."""

    def defer(self, setup: Callable[[argparse.ArgumentParser], None]) -> None:
        self.__dict__.setdefault("_pending", []).append(setup)

    def _run_pending(self) -> None:
        pending = self.__dict__.pop("_pending", [])
        for setup in pending:
            setup(self)

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        self._run_pending()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self._run_pending()
        return super().format_help()

    def format_usage(self) -> str:
        self._run_pending()
        return super().format_usage()

    def error(self, message: str) -> typing.NoReturn:
        message = message[0].upper() + message[1:] if message else message
        self.exit(2, f"halo: {message.rstrip('.')}: see `{self.prog} --help`.\n")


@functools.cache
def _module_comments(filename: str) -> dict[str, dict[str, str]]:
    """class name -> field name -> its comment, for every class in one source file (read and parsed once)."""
    source = Path(filename).read_text()
    lines = source.splitlines()
    comments: dict[int, tuple[str, bool]] = {}  # line -> (text, whole line is a comment)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row = token.start[0]
            own_line = not lines[row - 1][: token.start[1]].strip()
            comments[row] = (token.string.lstrip("#").strip(), own_line)
    classes: dict[str, dict[str, str]] = {}
    for klass in ast.parse(source).body:
        if not isinstance(klass, ast.ClassDef):
            continue
        found = classes.setdefault(klass.name, {})
        for node in klass.body:
            if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
                continue
            parts = []
            row = node.lineno - 1
            while row in comments and comments[row][1]:
                parts.insert(0, comments[row][0])
                row -= 1
            trailing = [comments[r][0] for r in range(node.lineno, node.end_lineno + 1) if r in comments and not comments[r][1]]
            text = " ".join(parts + trailing).strip()
            if text:
                found[node.target.id] = text
    return classes


def _field_comments(cls: type) -> dict[str, str]:
    """field name -> its comment in the class source: the trailing `# ...` on its line(s), after any comment
    lines right above it. Classes whose source file is unavailable give {}."""
    try:
        filename = inspect.getsourcefile(cls)
    except TypeError:
        return {}
    if not filename or not Path(filename).is_file():
        return {}
    return _module_comments(filename).get(cls.__name__, {})


@functools.cache
def field_help(cls: type) -> dict[str, str]:
    """Help text per field of `cls`, the nearest class in its MRO that comments the field winning."""
    helps: dict[str, str] = {}
    for klass in reversed([k for k in cls.__mro__ if dataclasses.is_dataclass(k)]):
        helps.update(_field_comments(klass))
    return helps


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "1", "on"):
        return True
    if lowered in ("false", "no", "0", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _typed(kind: type) -> Any:
    def convert(text: str) -> Any:
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {kind.__name__}, got {text!r}") from None

    convert.__name__ = kind.__name__
    return convert


def _comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return f.default_factory()  # type: ignore[misc]
    return None


def _spellings(path: str) -> list[str]:
    flags = [f"--{path}"]
    if "_" in path:
        flags.append("--" + path.replace("_", "-"))
    return flags


def config_fields(cls: type, prefix: str = "") -> list[tuple[str, Any, dataclasses.Field, type]]:
    """Every leaf field of `cls` as (dotted path, annotation, field, owning class), nested dataclasses expanded."""
    rows = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        annotation = hints[f.name]
        if dataclasses.is_dataclass(annotation):
            rows += config_fields(annotation, f"{prefix}{f.name}.")
        else:
            rows.append((prefix + f.name, annotation, f, cls))
    return rows


def add_config_flags(
    parser: argparse.ArgumentParser,
    cls: type,
    *,
    aliases: dict[str, list[str]] | None = None,
    consts: dict[str, tuple[str, Any, str]] | None = None,
    only: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    group: str = "",
) -> None:
    """One flag per field of `cls` (see the module docstring). `aliases`: dotted path -> extra spellings of its
    flag (today's short names); `consts`: flag -> (dotted path, value, help) for switches that set a field to
    one value (`--speed`, `--headed`); `only` / `skip`: top-level field names to include / leave out; `group`:
    a name that keeps these fields apart from another config's on the same command (`config_from_args(group=)`)."""
    aliases = aliases or {}
    dest = PREFIX + (f"{group}:" if group else "")
    groups: dict[str, argparse._ArgumentGroup] = {}
    for path, annotation, f, owner in config_fields(cls):
        top = path.split(".")[0]
        if (only and top not in only) or top in skip:
            continue
        group_name = path.rpartition(".")[0]
        if group_name not in groups:
            title = f"{owner.__name__} ({'--' + group_name + '.*' if group_name else 'top-level fields'})"
            groups[group_name] = parser.add_argument_group(title, inspect.getdoc(owner) or None)
        default = _default(f)
        text = field_help(owner).get(f.name, "")
        shown = ",".join(default) if isinstance(default, list) else default
        text = f"{text} (default: {shown!r})" if text else f"default: {shown!r}"
        options: dict[str, Any] = {"dest": dest + path, "default": argparse.SUPPRESS, "help": text.replace("%", "%%")}
        origin = typing.get_origin(annotation)
        if annotation is bool:
            options.update(nargs="?", const=True, type=_parse_bool, metavar="true|false")
        elif origin is Literal:
            choices = typing.get_args(annotation)
            options.update(choices=choices, type=_typed(type(choices[0])))
        elif origin in (list, tuple):
            options.update(type=_comma_list, metavar="A,B,...")
        elif annotation in (int, float):
            options.update(type=_typed(annotation), metavar=annotation.__name__.upper())
        elif origin in (typing.Union, types.UnionType):
            options.update(metavar="VALUE")
        else:
            options.update(metavar="TEXT")
        groups[group_name].add_argument(*_spellings(path), *aliases.get(path, []), **options)
        if annotation is bool:
            no_flags = [f"--no-{path}"] + ([f"--no-{path.replace('_', '-')}"] if "_" in path else [])
            groups[group_name].add_argument(
                *no_flags, dest=dest + path, action="store_const", const=False, default=argparse.SUPPRESS, help=argparse.SUPPRESS
            )
    for flag, (path, value, text) in (consts or {}).items():
        parser.add_argument(
            flag, dest=dest + path, action="store_const", const=value, default=argparse.SUPPRESS, help=f"{text} (sets --{path} {value})"
        )


def given_flags(args: argparse.Namespace, group: str = "") -> dict[str, Any]:
    """The config fields (of `group`) the user gave on the command line: dotted path -> value."""
    prefix = PREFIX + (f"{group}:" if group else "")
    return {key[len(prefix) :]: value for key, value in vars(args).items() if key.startswith(prefix) and ":" not in key[len(prefix) :]}


def resolve_class(spec: str | type) -> type:
    """A class from 'package.module:Name' (or the class itself)."""
    if isinstance(spec, type):
        return spec
    import importlib

    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def config_from_args(
    cls: type[T], args: argparse.Namespace, config_file: str | Path | None = None, overrides: dict[str, Any] | None = None, group: str = ""
) -> T:
    """`cls` from `config_file` (if any), then the flags given in `args`, then `overrides` (dotted paths), validated
    by `config.from_dict` (unknown keys and wrong types fail with one sentence naming the key)."""
    from halo_lib.config import from_dict

    data = read_config_file(config_file, cls) if config_file else {}
    for path, value in {**given_flags(args, group), **(overrides or {})}.items():
        *parents, leaf = path.split(".")
        node = data
        for name in parents:
            child = node.get(name)
            if not isinstance(child, dict):
                child = node[name] = {}
            node = child
        node[leaf] = value
    return from_dict(cls, data, where=Path(config_file).name if config_file else "the command line")

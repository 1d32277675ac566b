"""Finding and reading scenario files: built-in names, regular files, ``SCENARIO@VIEW``."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from gigawatt.errors import InputError, show


@functools.cache
def builtin_names() -> tuple[str, ...]:
    base = resources.files("gigawatt") / "scenarios"
    return tuple(sorted(p.name[:-5] for p in base.iterdir() if p.name.endswith(".yaml")))


def _read_yaml(text: str, where: str) -> dict:
    from gigawatt.yamlsafe import load_yaml

    data = load_yaml(text, where)
    if not isinstance(data, dict):
        raise InputError(where, f"a scenario file must hold a mapping of sections, got {type(data).__name__}")
    return data


def _read_file(s: str) -> str:
    """The text of the scenario file ``s`` (a regular file, at most :data:`gigawatt.files.MAX_TEXT_BYTES`)."""
    from gigawatt.files import read_text_file

    return read_text_file(s, "scenario", "a scenario is a YAML file")


def read_raw(name_or_path: str | Path, *, builtins_only: bool = False) -> tuple[dict, str]:
    """The raw mapping of a built-in scenario (by name) or a YAML file (by path), and where it came from.

    With ``builtins_only`` (requests to the server) only built-in names are accepted, and the refusal says
    nothing about files.
    """
    s = str(name_or_path)
    if s in builtin_names():
        text = (resources.files("gigawatt") / "scenarios" / f"{s}.yaml").read_text(encoding="utf-8")
        return _read_yaml(text, s), s
    if builtins_only:
        raise InputError("scenario", f"{show(s)} is not a built-in scenario ({', '.join(builtin_names())}); "
                                     "files cannot be named here")
    if not s.strip():
        raise InputError("scenario", "is empty; give a built-in scenario name or a YAML file path")
    path = Path(s)
    if not exists(path):
        if s.endswith((".yaml", ".yml")) or "/" in s:
            raise InputError("scenario", f"file {s!r} does not exist")
        raise InputError("scenario", f"{show(s)} is neither a built-in scenario ({', '.join(builtin_names())}) "
                                     "nor a file")
    return _anchor_view(_read_yaml(_read_file(s), s), path), s


def _anchor_view(raw: dict, path: Path) -> dict:
    """A file's own ``view: my-view.yaml`` is read beside the file, as ``include:`` is (not in the working
    folder); a ``--view`` given on the command line stays relative to where the command runs."""
    view = raw.get("view")
    if isinstance(view, str) and view.strip().endswith((".yaml", ".yml")) and not Path(view).is_absolute():
        raw["view"] = str(path.parent / view)
    return raw


def exists(path: Path) -> bool:
    """Whether a path (or a dangling link) is there; a name the file system cannot take is not."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def split_view(name: str) -> tuple[str, str | None]:
    """``"openai-nvidia-10gw@vendor"`` -> (``"openai-nvidia-10gw"``, ``"vendor"``); a name or an existing path
    without ``@VIEW`` -> (it, None)."""
    if "@" not in name or name in builtin_names() or exists(Path(name)):
        return name, None
    base, _, view = name.rpartition("@")
    if not base or not view:
        raise InputError("scenario", f"{show(name)}: give SCENARIO@VIEW, e.g. openai-nvidia-10gw@vendor")
    return base, view

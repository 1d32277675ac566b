"""What a saved run read, kept whole: the scenario's text and every file it included, so it can be re-run later.

A composite scenario (``include:``) names other scenarios, built-in or files, and a scenario may name a view
file. The run history keeps the text of each (``files``: reference -> text, a file's reference being its
absolute path) beside the scenario's own YAML, and hashes them together (:func:`gigawatt.store.scenario_hash`):
two composites whose included files differ never share a hash, and a saved run re-runs from the store alone
(:func:`load`), after its files were changed or deleted.

Re-running writes the files into a temporary folder that mirrors their original paths (so relative includes
inside them resolve as they did), points absolute references at the copies, and loads the scenario from there.
Built-in scenarios and views are re-read from the installed package; :func:`load` says when one of them has
changed since the run was saved.
"""

from __future__ import annotations

import contextlib
import tempfile
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from gigawatt.errors import InputError


def _builtin_text(name: str) -> str:
    return (resources.files("gigawatt") / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8")


def _view_ref(view: str) -> str | None:
    """A view file's reference (absolute path), or None for a built-in view or none."""
    from gigawatt.assumptions import builtin_views

    if not view or view in builtin_views():
        return None
    return str(Path(view).expanduser().resolve())


def included_files(scn) -> dict[str, str]:
    """Every file the scenario read besides its own text, by reference: included scenarios (built-in by name,
    files by absolute path) at any depth, and view files."""
    from gigawatt.files import read_text_file
    from gigawatt.scenario import builtin_names

    out: dict[str, str] = {}

    def walk(s) -> None:
        view = _view_ref(s.view)
        if view is not None and view not in out and Path(view).is_file():
            out[view] = read_text_file(Path(view), "view")
        for ref, part in zip(s.include, s.part_scenarios):
            if ref not in out:
                out[ref] = _builtin_text(ref) if ref in builtin_names() else read_text_file(Path(ref), "scenario")
            walk(part)

    walk(scn)
    return out


def of(scn) -> dict[str, Any]:
    """The run store's description of what a run of ``scn`` reads: ``scenario_name``, ``scenario_yaml``,
    ``files`` (keyword arguments of :meth:`gigawatt.store.RunStore.start`)."""
    view = _view_ref(scn.view)
    if view is not None and view != scn.view:  # a view file named relative to where the run was started
        scn = scn.model_copy(update={"view": view})
    return {"scenario_name": scn.name, "scenario_yaml": scn.to_yaml(), "files": included_files(scn)}


def _mirror(root: Path, ref: str) -> Path:
    """Where a file of absolute path ``ref`` is written under ``root`` (its path kept, so relative links hold)."""
    pure = PurePosixPath(Path(ref).as_posix())
    parts = [p for p in pure.parts if p not in ("/", "..", ".")]
    return root.joinpath(*[p.replace(":", "_") for p in parts])


def _repoint(text: str, where: str, root: Path, files: dict[str, str]) -> str:
    """A scenario or view text with its absolute references to stored files pointed at their copies.
    Unchanged (byte for byte) when it holds none."""
    import yaml

    from gigawatt.yamlsafe import load_yaml

    raw = load_yaml(text, where)
    if not isinstance(raw, dict):
        return text
    moved = {}
    for ref in [*(raw.get("include") or []), raw.get("view") or ""]:
        if isinstance(ref, str) and Path(ref).is_absolute() and ref in files:
            moved[ref] = str(_mirror(root, ref))
    if not moved:
        return text
    if isinstance(raw.get("include"), list):
        raw["include"] = [moved.get(r, r) for r in raw["include"]]
    if raw.get("view") in moved:
        raw["view"] = moved[raw["view"]]
    if isinstance(raw.get("parts"), dict):  # part overrides are keyed by the include as written
        raw["parts"] = {_part_key(k, moved): v for k, v in raw["parts"].items()}
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)


def _part_key(key: str, moved: dict[str, str]) -> str:
    """A ``parts:`` key (the include as the user wrote it, e.g. ``sub/a.yaml``, while the saved ``include:``
    holds its absolute path) pointed at the copy of the one file it names."""
    if key in moved:
        return moved[key]
    tail = "/" + str(PurePosixPath(key)).lstrip("./")
    hits = [ref for ref in moved if Path(ref).as_posix().endswith(tail)]
    return moved[hits[0]] if len(hits) == 1 else key


def materialise(scenario_yaml: str, files: dict[str, str], folder: Path) -> Path:
    """Write a saved run's scenario and files under ``folder``; returns the scenario file's path."""
    from gigawatt.scenario import builtin_names

    root = Path(folder) / "files"
    for ref, text in files.items():
        if ref in builtin_names() or not Path(ref).is_absolute():
            continue  # built-ins come from the package
        target = _mirror(root, ref)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_repoint(text, ref, root, files), encoding="utf-8")
    top = Path(folder) / "scenario.yaml"
    top.write_text(_repoint(scenario_yaml, "saved run", root, files), encoding="utf-8")
    return top


def changed_builtins(files: dict[str, str]) -> list[str]:
    """Built-in scenarios a run included whose installed text differs from what the run read."""
    from gigawatt.scenario import builtin_names

    return sorted(ref for ref, text in files.items() if ref in builtin_names() and _builtin_text(ref) != text)


@contextlib.contextmanager
def scenario_file(run: dict) -> Iterator[Path]:
    """A saved run's scenario as a file (with its files beside it), for as long as the ``with`` block lasts."""
    if not isinstance(run.get("scenario_yaml"), str):
        raise InputError("run", "holds no scenario text")
    with tempfile.TemporaryDirectory(prefix="gigawatt-run-") as folder:
        yield materialise(run["scenario_yaml"], run.get("files") or {}, Path(folder))


def load(run: dict):
    """The scenario a saved run ran, from the store alone (its files need not exist any more)."""
    from gigawatt.scenario import load_scenario

    with scenario_file(run) as path:
        return load_scenario(path)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    return a == b


def rerun(run: dict) -> dict:
    """Run a saved deterministic run again from the store alone; its headline figures against those saved:
    ``{id, files, compared, equal, differences: [{key, saved, now}], changed_builtins}``."""
    from gigawatt.api import simulate
    from gigawatt.store import to_jsonable

    if run.get("kind") != "run":
        raise InputError("ID", f"run {run.get('id')} is a {run.get('kind')!r} run; only deterministic runs are "
                               "re-run here (a Monte Carlo: `gigawatt mc` with its scenario, draws and seed)")
    saved = (run.get("results") or {}).get("summary")
    if run.get("status") != "done" or not isinstance(saved, dict):
        raise InputError("ID", f"run {run.get('id')} is {run.get('status')!r} and has no saved figures to compare")
    now = to_jsonable(simulate(load(run)).to_json()["summary"])
    diffs = [{"key": k, "saved": v, "now": now.get(k)} for k, v in saved.items() if not _same(v, now.get(k))]
    return {"id": run["id"], "files": len(run.get("files") or {}), "compared": len(saved),
            "equal": len(saved) - len(diffs), "differences": diffs,
            "changed_builtins": changed_builtins(run.get("files") or {})}

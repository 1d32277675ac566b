"""The bad-input corpus (tests/bad_inputs/): every case exits 2 with exactly one line on stderr, no traceback,
under a memory limit.

A case is one file. Its first lines are comments: ``# args:`` the command line after ``gigawatt`` (shell
words), ``# expect:`` words the error line must contain, optional ``# env: NAME=value`` (empty value: unset)
and ``# needs:`` (``fifo``, ``fifo_beside``, ``big``, ``nonroot``). A ``.yaml`` case is also the scenario file
itself (``{self}``). Placeholders: ``{self}`` (the case file, copied into a fresh folder), ``{tmp}`` (that
folder), ``{file}`` (a regular file in it), ``{fifo}`` (a FIFO in it), ``{big}`` (a 1.1 MB YAML file in it),
``{ro}`` (a read-only folder in it).

All cases run in ONE subprocess started under ``RLIMIT_AS`` (tests/hardening_driver.py), which imports the
CLI once and forks per case: a case costs milliseconds, not an interpreter start-up.
"""

from __future__ import annotations

import json
import os
import resource
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CORPUS = HERE / "bad_inputs"
MEMORY_LIMIT_BYTES = 2 << 30  # 2 GiB of address space: an alias bomb or /dev/zero would hit it
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _header(path: Path) -> dict:
    meta: dict = {"env": [], "needs": []}
    for raw in path.read_bytes().splitlines():  # the header is UTF-8 (look-alike digits); the body may be anything
        if not raw.startswith(b"# "):
            break
        line = raw.decode("utf-8")
        key, _, value = line[2:].partition(": ")
        if key in ("env", "needs"):
            meta[key].append(value)
        else:
            meta[key] = value
    return meta


CASES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".case"))


def _prepare(path: Path, meta: dict, tmp: Path) -> dict:
    tmp.mkdir()
    (tmp / "file").write_text("not a folder\n")
    ph = {"tmp": str(tmp), "file": str(tmp / "file"), "self": str(tmp / path.name)}
    (tmp / path.name).write_bytes(path.read_bytes())
    if "fifo" in meta["needs"] or "fifo_beside" in meta["needs"]:
        os.mkfifo(tmp / "fifo")
        ph["fifo"] = str(tmp / "fifo")
    if "big" in meta["needs"]:
        big = tmp / "big.yaml"
        big.write_text("name: big\nprogram: {capacity_gw: 1}\n" + "# padding\n" * 110_000)
        ph["big"] = str(big)
    ro = tmp / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    ph["ro"] = str(ro)

    def fill(text: str) -> str:
        for k, v in ph.items():
            text = text.replace("{" + k + "}", v)
        return text

    env = {"GIGAWATT_DB": str(tmp / "runs.duckdb"), "XDG_DATA_HOME": str(tmp / "xdg"), "GIGAWATT_DEBUG": None,
           "COLUMNS": "200"}
    for item in meta["env"]:
        k, _, v = item.partition("=")
        env[k] = fill(v) if v else None
    return {"id": path.name, "argv": shlex.split(fill(meta["args"])), "env": env, "cwd": str(tmp)}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("bad_inputs")
    cases = []
    for i, path in enumerate(CASES):
        meta = _header(path)
        if "nonroot" in meta["needs"] and IS_ROOT:  # root writes into read-only folders: not testable
            continue
        cases.append(_prepare(path, meta, root / f"{i:03d}"))
    proc = subprocess.run([sys.executable, str(HERE / "hardening_driver.py")], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=600, preexec_fn=_limit_memory, cwd=root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = {r["id"]: r for r in json.loads(proc.stdout)}
    for p in root.rglob("ro"):
        p.chmod(0o755)  # so that pytest can clean up
    return out


def test_the_corpus_is_large_and_every_case_is_well_formed():
    assert len(CASES) >= 60
    for path in CASES:
        meta = _header(path)
        assert meta.get("args") and meta.get("expect"), path.name
        assert ("{self}" in meta["args"]) == (path.suffix == ".yaml"), path.name


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_input_exits_2_with_one_line(path, results):
    meta = _header(path)
    if path.name not in results:
        pytest.skip("needs a non-root user (root may write into read-only folders)")
    r = results[path.name]
    lines = r["stderr"].splitlines()
    assert r["signal"] is None, f"killed by signal {r['signal']} (timeout or memory): {r['stderr'][-500:]}"
    assert "Traceback" not in r["stderr"], r["stderr"]
    assert r["rc"] == 2, r["stderr"]
    assert len(lines) == 1, r["stderr"]
    assert lines[0].startswith("error: "), lines[0]
    assert meta["expect"] in lines[0], (meta["expect"], lines[0])


# --- exit codes, warnings, atomic outputs (in process unless the real signal matters) -------------------------

def _main(monkeypatch, capsys, *argv) -> tuple[int, str, str]:
    from gigawatt import cli

    monkeypatch.setattr(sys, "argv", ["gigawatt", *argv])
    with pytest.raises(SystemExit) as e:
        cli.main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


def test_ctrl_c_exits_130_with_interrupted(monkeypatch, capsys):
    from gigawatt import cli

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load", interrupted)
    rc, _, err = _main(monkeypatch, capsys, "run")
    assert rc == 130 and err == "interrupted\n"


def test_ctrl_c_on_a_real_monte_carlo_exits_130():
    import signal
    import time

    p = subprocess.Popen([sys.executable, "-m", "gigawatt.cli", "mc", "--draws", "100000000", "--json"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(4.0)  # past the imports (about 1 s), long before 100 million draws finish
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and err.strip().splitlines()[-1] == "interrupted", err


def test_library_warnings_become_one_line_notes_never_warning_text(monkeypatch, capsys):
    import warnings

    from gigawatt import scenario

    real = scenario.json_schema

    def noisy():
        warnings.warn("overflow encountered in multiply", RuntimeWarning)
        warnings.warn("overflow encountered in multiply", RuntimeWarning)
        return real()

    monkeypatch.setattr(scenario, "json_schema", noisy)
    rc, out, err = _main(monkeypatch, capsys, "schema")
    assert rc == 0 and json.loads(out)
    assert err.splitlines() == ["note: RuntimeWarning from test_hardening.py: overflow encountered in multiply"]


def test_after_an_error_only_the_error_line_is_printed(monkeypatch, capsys):
    import warnings

    from gigawatt import cli
    from gigawatt.errors import InputError

    def bad(*a, **k):
        warnings.warn("invalid value encountered in divide", RuntimeWarning)
        raise InputError("facility.pue", "0.5 is not allowed: must be at least 1")

    monkeypatch.setattr(cli, "load", bad)
    rc, _, err = _main(monkeypatch, capsys, "run")
    assert rc == 2 and err == "error: facility.pue: 0.5 is not allowed: must be at least 1\n"


def test_usage_errors_are_one_line(monkeypatch, capsys):
    for argv, words in ((["run", "--nope"], "error: No such option: --nope (see `gigawatt run --help`)"),
                        (["runs", "show"], "error: Missing argument 'ID'."),
                        (["mc", "-n", "x"], "error: Invalid value for '--draws' / '-n'")):
        rc, _, err = _main(monkeypatch, capsys, *argv)
        assert rc == 2 and len(err.splitlines()) == 1 and err.startswith(words), err


def test_market_graph_is_written_whole_or_not_at_all(monkeypatch, capsys, tmp_path):
    import errno

    from gigawatt import market

    target = tmp_path / "g.svg"
    target.write_text("<svg>the previous drawing</svg>")

    def full_disk(graph, path, title=None):
        Path(path).write_text("<svg>half")  # a writer that fails part-way, as on a full disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(market, "draw_graph", full_disk)
    rc, _, err = _main(monkeypatch, capsys, "market", "--graph", str(target))
    assert rc == 1 and "No space left on device" in err and len(err.splitlines()) == 1
    assert target.read_text() == "<svg>the previous drawing</svg>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.svg"]  # no temporary file left behind


def test_write_atomic_keeps_the_suffix_for_writers_that_need_it(tmp_path):
    from gigawatt.files import write_atomic

    seen = []
    write_atomic(tmp_path / "chart.png", lambda tmp: (seen.append(tmp), Path(tmp).write_bytes(b"png")))
    assert seen[0].endswith(".png") and (tmp_path / "chart.png").read_bytes() == b"png"


def test_out_of_memory_is_one_line_exit_2(monkeypatch, capsys):
    """Attack review: a run that ran out of memory under a ulimit said 'internal error: MemoryError' (exit 1)."""
    from gigawatt import api

    def oom(*a, **k):
        raise MemoryError("Unable to allocate 6.10 MiB")

    monkeypatch.setattr(api, "simulate", oom)
    rc, out, err = _main(monkeypatch, capsys, "run")
    assert rc == 2 and out == "" and err.startswith("error: out of memory") and len(err.strip().splitlines()) == 1
    assert "internal error" not in err and "fewer --draws" in err

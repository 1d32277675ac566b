"""Runs bad-input cases through the real CLI entry point, one forked process per case (see test_hardening.py).

Read from stdin: a JSON list of cases ``{"id", "argv", "env", "cwd"}``. This process imports the CLI once;
each case runs in a fork of it, as ``gigawatt ARGV`` would: ``sys.argv`` set, ``gigawatt.cli.main()``
called, stdin from /dev/null, stdout and stderr into files, a wall-clock alarm, and whatever memory limit
this process was started under (RLIMIT_AS, inherited). Written to stdout: a JSON list of
``{"id", "rc", "signal", "stderr", "seconds"}``. Forking saves the ~0.5 s interpreter start-up per case.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

CASE_TIMEOUT_S = 60


def _child(case: dict, err_path: str) -> None:
    os.chdir(case["cwd"])
    for k, v in case["env"].items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(err, 2)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False)
    sys.argv = ["gigawatt", *case["argv"]]
    signal.alarm(CASE_TIMEOUT_S)
    code = 99
    try:
        from gigawatt.cli import main

        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # noqa: BLE001 - a traceback here is a failure the test reports
        import traceback

        traceback.print_exc()
        code = 98
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def main() -> None:
    cases = json.load(sys.stdin)
    import importlib

    # once, before forking: what most cases import (a module that is missing or broken is left to the case)
    for name in ("gigawatt.cli", "gigawatt.scenario", "gigawatt.fields", "gigawatt.yamlsafe", "gigawatt.api",
                 "gigawatt.store", "gigawatt.files", "rich.console", "rich.markup"):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001
            pass

    out = []
    for case in cases:
        err_path = os.path.join(case["cwd"], f".stderr-{os.getpid()}")
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            _child(case, err_path)
        _, status = os.waitpid(pid, 0)
        with open(err_path, encoding="utf-8", errors="replace") as f:
            stderr = f.read()
        os.unlink(err_path)
        out.append({"id": case["id"], "rc": os.waitstatus_to_exitcode(status),
                    "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                    "stderr": stderr, "seconds": round(time.perf_counter() - t0, 3)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

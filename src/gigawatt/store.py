"""Run history: every saved `run`, `mc` and dashboard run, kept in an embedded DuckDB file.

A run is written ``running`` when it starts and becomes ``done`` only in the one transaction that also
writes its results, so an interrupted run can never look finished. ``failed`` and ``interrupted`` are
written when the runner sees the error; a process killed outright leaves its row ``running``, and
:meth:`RunStore.list` / :meth:`RunStore.get` report such a row as ``interrupted`` once its process is
gone from this host (a computed view; the file is not changed).

DuckDB lets one process at a time open a file for writing; others get "Could not set lock on file".
So every operation opens a short-lived connection, does one transaction, and closes it, retrying with
jittered backoff while another process holds the lock (see
https://duckdb.org/docs/current/connect/concurrency). Several processes saving at once therefore all
succeed, one after another.

``duckdb`` is imported inside the methods so that ``import gigawatt.store`` stays light for the CLI.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import pathlib
import random
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from gigawatt.errors import InputError

ENV_VAR = "GIGAWATT_DB"
STATUSES = ("running", "done", "failed", "interrupted")
LOCK_TIMEOUT_S = 30.0

_SUMMARY_COLUMNS = (
    "id", "kind", "scenario_name", "scenario_hash", "seed", "draws", "status",
    "started_at", "finished_at", "seconds",
)
_ALL_COLUMNS = _SUMMARY_COLUMNS + ("pid", "host", "error", "scenario_yaml", "results")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id            VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    scenario_name VARCHAR NOT NULL,
    scenario_hash VARCHAR NOT NULL,
    scenario_yaml VARCHAR NOT NULL,
    seed          BIGINT,
    draws         BIGINT NOT NULL,
    status        VARCHAR NOT NULL,
    started_at    TIMESTAMP NOT NULL,  -- UTC
    finished_at   TIMESTAMP,           -- UTC
    seconds       DOUBLE,
    pid           BIGINT,
    host          VARCHAR,
    error         VARCHAR,
    results       VARCHAR             -- JSON text, set together with status 'done'
)
"""


class StoreError(RuntimeError):
    """The run history file could not be used (unreadable, not a DuckDB file, locked too long)."""


class StoreBusyError(StoreError):
    """Another process held the run history's lock for longer than the retry budget."""


class RunNotFoundError(LookupError):
    """No run has this id (or the prefix matches none, or several)."""

    def __str__(self) -> str:  # LookupError would quote the message like a dict key
        return str(self.args[0]) if self.args else ""


class RunStateError(RunNotFoundError):
    """The run exists but is not ``running``, so it cannot be finished or failed again."""


def default_db_path() -> pathlib.Path:
    """``$GIGAWATT_DB`` if set, else ``runs.duckdb`` in the user's data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return pathlib.Path(env).expanduser()
    import platformdirs

    return pathlib.Path(platformdirs.user_data_dir("gigawatt")) / "runs.duckdb"


def scenario_hash(scenario_yaml: str) -> str:
    """SHA-256 (hex) of the scenario's YAML text, as stored with each run."""
    return hashlib.sha256(scenario_yaml.encode("utf-8")).hexdigest()


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from results that may hold numpy scalars/arrays; NaN and ±inf become ``None``.

    Anything with ``tolist()`` (numpy arrays and scalars, pandas Series) is converted through it, so
    numpy is never imported here.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy.ndarray / numpy.generic / pandas objects
        return to_jsonable(value.tolist())
    raise TypeError(f"results hold a {type(value).__name__}, which cannot be saved as JSON: {value!r:.60}")


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.replace(tzinfo=dt.timezone.utc).isoformat()


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _pid_alive(pid: int) -> bool | None:
    """Whether a process with this pid exists here; ``None`` when it cannot be told (Windows)."""
    if os.name != "posix":
        return None  # os.kill(pid, 0) would terminate the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def _is_retryable(exc: Exception) -> bool:
    import duckdb

    if isinstance(exc, duckdb.IOException):
        return "lock" in str(exc).lower()
    # two connections in one process (they share one instance) writing the same row at once
    return isinstance(exc, duckdb.TransactionException) and "conflict" in str(exc).lower()


@contextlib.contextmanager
def _creation_lock(path: pathlib.Path):
    """An exclusive lock on ``<db>.lock`` (POSIX flock); a no-op where flock does not exist."""
    try:
        import fcntl
    except ImportError:  # Windows: DuckDB's own lock and the retries remain
        yield
        return
    with open(f"{path}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RunStore:
    """The run history in one DuckDB file (default :func:`default_db_path`)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, lock_timeout_s: float = LOCK_TIMEOUT_S):
        if path is None:
            # where the path came from, for error messages
            self.source = ENV_VAR if os.environ.get(ENV_VAR) else "XDG_DATA_HOME"
            if self.source == ENV_VAR and os.environ[ENV_VAR].strip().startswith(":memory:"):
                raise InputError(ENV_VAR, f"{os.environ[ENV_VAR]!r} is not a file path; the run history needs a file")
            self.path = default_db_path()
        else:
            self.source = "--db"
            if str(path).strip() == "" or str(path).strip().startswith(":memory:"):
                raise InputError("--db", f"{str(path)!r} is not a file path; the run history needs a file")
            self.path = pathlib.Path(path).expanduser()
        self.lock_timeout_s = lock_timeout_s
        self._schema_ready = False

    def check(self) -> RunStore:
        """Refuse, before any work, a run-history path that cannot be used: :class:`InputError` naming where
        it came from (``--db``, ``GIGAWATT_DB`` or ``XDG_DATA_HOME``) if the path is a folder or not a regular
        file, or its folder (made if missing) cannot hold the database, its lock and its write-ahead log."""
        where, p = self.source, self.path
        if p.is_dir():
            raise InputError(where, f"{str(p)!r} is a folder; the run history is a file (e.g. runs.duckdb)")
        if p.exists() and not p.is_file():
            raise InputError(where, f"{str(p)!r} is not a regular file; the run history is a DuckDB file")
        folder = p.parent
        for up in (folder, *folder.parents):  # the nearest existing folder above must be a folder
            if up.exists():
                if not up.is_dir():
                    raise InputError(where, f"{str(up)!r} is not a folder, so {str(p)!r} cannot be made")
                break
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(where, f"cannot make folder {str(folder)!r} for the run history "
                                    f"({e.strerror or e})") from None
        if not folder.is_dir():
            raise InputError(where, f"{str(folder)!r} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(where, f"cannot write in folder {str(folder)!r} (the run history's lock and log "
                                    "files go there)")
        for f in (p, pathlib.Path(f"{p}.lock"), pathlib.Path(f"{p}.wal")):
            if f.exists() and not os.access(f, os.R_OK | os.W_OK):
                raise InputError(where, f"cannot write {str(f)!r} (permission denied)")
        return self

    def __repr__(self) -> str:
        return f"RunStore({str(self.path)!r})"

    # -- plumbing -----------------------------------------------------------------------------------

    def _run(self, work: Callable[[Any], Any], *, timeout_s: float | None = None) -> Any:
        """Open the file, run ``work(con)``, close; retry while another process holds the lock."""
        import duckdb

        if not self._schema_ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Several processes creating the file at once could open it half-written ("not a valid DuckDB
            # database file"): the first operation of each store takes a sidecar file lock.
            with _creation_lock(self.path):
                return self._run_locked(work, timeout_s)
        return self._run_locked(work, timeout_s)

    def _run_locked(self, work: Callable[[Any], Any], timeout_s: float | None) -> Any:
        import duckdb

        budget = self.lock_timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + budget
        delay = 0.005
        while True:
            try:
                con = duckdb.connect(str(self.path))
                try:
                    if not self._schema_ready:
                        con.execute(_SCHEMA)
                        self._schema_ready = True
                    return work(con)
                finally:
                    con.close()
            except duckdb.Error as exc:
                if not _is_retryable(exc):
                    raise StoreError(f"run history {self.path}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"run history {self.path} stayed locked by another process for {budget:g} s: {exc}"
                    ) from exc
                time.sleep(min(delay, max(0.0, deadline - time.monotonic())) * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 0.25)

    def _set_status(self, run_id: str, status: str, *, error: str | None = None,
                    results: str | None = None, seconds: float | None = None,
                    timeout_s: float | None = None) -> None:
        """Move a ``running`` run to ``status`` in one transaction (results and status together)."""

        def work(con: Any) -> None:
            con.execute("BEGIN TRANSACTION")
            try:
                row = con.execute("SELECT status, started_at FROM runs WHERE id = ?", [run_id]).fetchone()
                if row is None:
                    raise RunNotFoundError(f"no run with id {run_id!r} in {self.path}")
                if row[0] != "running":
                    raise RunStateError(f"run {run_id} is already {row[0]!r}; only a running run can become {status!r}")
                finished = _utcnow()
                took = (finished - row[1]).total_seconds() if seconds is None else seconds
                con.execute(
                    "UPDATE runs SET status = ?, finished_at = ?, seconds = ?, error = ?, results = ? WHERE id = ?",
                    [status, finished, took, error, results, run_id],
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

        self._run(work, timeout_s=timeout_s)

    # -- writing ------------------------------------------------------------------------------------

    def start(self, *, kind: str, scenario_name: str, scenario_yaml: str, seed: int | None = None,
              draws: int = 1) -> str:
        """Record a new ``running`` run and return its id (12 hex digits, unique across processes)."""
        if not kind:
            raise InputError("kind", "a run needs a kind (e.g. 'run' or 'mc')")
        if int(draws) < 1:
            raise InputError("draws", f"{draws} is below 1")
        import duckdb

        values = [kind, scenario_name, scenario_hash(scenario_yaml), scenario_yaml,
                  None if seed is None else int(seed), int(draws), os.getpid(), socket.gethostname()]

        def work(con: Any) -> str:
            for _ in range(5):
                run_id = uuid.uuid4().hex[:12]
                try:
                    con.execute(
                        """INSERT INTO runs (id, kind, scenario_name, scenario_hash, scenario_yaml, seed, draws,
                                             pid, host, status, started_at)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)""",
                        [run_id, *values, _utcnow()],
                    )
                    return run_id
                except duckdb.ConstraintException:  # 48-bit id collision: draw another
                    continue
            raise StoreError(f"run history {self.path}: could not draw an unused run id")

        return self._run(work)

    def finish(self, run_id: str, results: dict, *, seconds: float) -> None:
        """Write ``results`` and mark the run ``done``, in one transaction.

        Raises :class:`RunNotFoundError` for an unknown id and :class:`RunStateError` if the run is not
        ``running`` (already done, failed or interrupted).
        """
        text = json.dumps(to_jsonable(results), allow_nan=False)
        self._set_status(run_id, "done", results=text, seconds=float(seconds))

    def fail(self, run_id: str, error: str) -> None:
        """Mark a running run ``failed`` with a one-line ``error``."""
        self._set_status(run_id, "failed", error=str(error))

    def interrupt(self, run_id: str, reason: str = "interrupted", *, timeout_s: float | None = None) -> None:
        """Mark a running run ``interrupted`` (Ctrl-C, shutdown)."""
        self._set_status(run_id, "interrupted", error=reason, timeout_s=timeout_s)

    @contextlib.contextmanager
    def record(self, **start_kwargs: Any) -> Iterator[RunHandle]:
        """Record the run done inside the ``with`` block.

        Yields a :class:`RunHandle`; call ``handle.finish(results)`` when the results are ready. An
        exception marks the run ``failed``, Ctrl-C (or another ``BaseException``) marks it
        ``interrupted`` if the store can be reached within a few seconds; either way it is re-raised.
        A block that ends without ``finish`` leaves the run ``failed`` ("ended without results").
        """
        handle = RunHandle(self, self.start(**start_kwargs))
        try:
            yield handle
        except Exception as exc:
            if not handle.closed:
                with contextlib.suppress(StoreError, LookupError):
                    self.fail(handle.id, f"{type(exc).__name__}: {exc}")
            raise
        except BaseException as exc:
            if not handle.closed:
                with contextlib.suppress(StoreError, LookupError):
                    self.interrupt(handle.id, type(exc).__name__, timeout_s=3.0)
            raise
        if not handle.closed:
            self.fail(handle.id, "run ended without results")

    # -- reading ------------------------------------------------------------------------------------

    def list(self, limit: int = 50, *, status: str | None = None) -> list[dict]:
        """Newest runs first, without YAML and results.

        ``status`` filters on the reported status, so ``"interrupted"`` includes running rows whose
        process is gone.
        """
        if status is not None and status not in STATUSES:
            raise InputError("status", f"{status!r} is not one of {', '.join(STATUSES)}")
        if not self.path.exists():
            return []
        cols = ", ".join(_SUMMARY_COLUMNS + ("pid", "host"))
        stored = {"running": ("running",), "interrupted": ("running", "interrupted")}.get(status, (status,))
        where = "" if status is None else f"WHERE status IN ({', '.join('?' * len(stored))})"
        # running/interrupted are computed per row, so those filters cut to `limit` after computing
        sql_limit = "" if status in ("running", "interrupted") else "LIMIT ?"
        params: list[Any] = ([] if status is None else list(stored)) + ([] if sql_limit == "" else [int(limit)])

        def work(con: Any) -> list[dict]:
            cur = con.execute(
                f"SELECT {cols} FROM runs {where} ORDER BY started_at DESC, rowid DESC {sql_limit}", params
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

        rows = [self._present(r, full=False) for r in self._run(work)]
        if status is not None:
            rows = [r for r in rows if r["status"] == status]
        return rows[: int(limit)]

    def get(self, run_id: str) -> dict:
        """One run with every column, its scenario YAML and parsed results; a unique id prefix will do."""
        prefix = str(run_id).strip().lower()
        if not prefix or any(c not in "0123456789abcdef" for c in prefix):
            raise RunNotFoundError(f"{run_id!r} is not a run id (run ids are hex, e.g. 3f9a1c2b7d4e)")
        if not self.path.exists():
            raise RunNotFoundError(f"no run with id {run_id!r}: {self.path} holds no runs yet")

        def work(con: Any) -> list[dict]:
            cur = con.execute(
                f"SELECT {', '.join(_ALL_COLUMNS)} FROM runs WHERE starts_with(id, ?) ORDER BY started_at LIMIT 5",
                [prefix],
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

        rows = self._run(work)
        if not rows:
            raise RunNotFoundError(f"no run with id {run_id!r} in {self.path} (see `gigawatt runs`)")
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows)
            raise RunNotFoundError(f"run id prefix {run_id!r} matches several runs ({ids}); give more digits")
        return self._present(rows[0], full=True)

    @staticmethod
    def _present(row: dict, *, full: bool) -> dict:
        """A stored row as callers see it: ISO UTC times, parsed results, dead runners as interrupted."""
        row = dict(row)
        row["started_at"] = _iso(row["started_at"])
        row["finished_at"] = _iso(row["finished_at"])
        if row["status"] == "running" and row.get("host") == socket.gethostname() and row.get("pid") is not None:
            if _pid_alive(int(row["pid"])) is False:
                row["status"] = "interrupted"
                row["error"] = row.get("error") or "process ended before the run finished"
        if full:
            row["results"] = None if row["results"] is None else json.loads(row["results"])
        else:
            for key in ("pid", "host", "error"):
                row.pop(key, None)
        return row


class RunHandle:
    """The run being recorded inside :meth:`RunStore.record`."""

    def __init__(self, store: RunStore, run_id: str):
        self.store = store
        self.id = run_id
        self.closed = False
        self._t0 = time.perf_counter()

    def finish(self, results: dict, seconds: float | None = None) -> None:
        """Commit results and mark the run ``done``; ``seconds`` defaults to time since the run started."""
        if seconds is None:
            seconds = time.perf_counter() - self._t0
        self.store.finish(self.id, results, seconds=seconds)
        self.closed = True

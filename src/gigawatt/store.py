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

Bounded (issue 22): stored text has caps (:data:`MAX_SCENARIO_BYTES` for the scenario and its included files,
:data:`MAX_LABEL_CHARS`, :data:`MAX_RESULTS_BYTES`, errors cut to :data:`MAX_ERROR_CHARS`), and every save evicts
the oldest finished runs beyond the retention: at most ``keep`` finished runs (runs in progress come on top) (default :data:`KEEP_RUNS`, or
``$GIGAWATT_RUNS_KEEP``), none older than ``max_age_days`` (default: no age limit, or
``$GIGAWATT_RUNS_MAX_AGE_DAYS``), and at most :data:`MAX_STORED_BYTES` of stored text in all. Running rows are
never evicted.

Each run records where it was saved (``origin``: ``cli`` or ``server``); the server serves CLI-saved runs
(which carry the user's file paths) only when started with ``--share-cli-runs``.

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
KEEP_ENV_VAR = "GIGAWATT_RUNS_KEEP"
AGE_ENV_VAR = "GIGAWATT_RUNS_MAX_AGE_DAYS"
STATUSES = ("running", "done", "failed", "interrupted")
ORIGINS = ("cli", "server")
LOCK_TIMEOUT_S = 30.0

KEEP_RUNS = 500                    # runs kept, newest first (a run is a few kB to a few hundred kB)
MAX_SCENARIO_BYTES = 4_000_000     # a run's scenario text and its included files together (a file: 1 MB at most)
MAX_RESULTS_BYTES = 16_000_000     # a run's results as JSON (a 10 GW Monte Carlo is ~200 kB)
MAX_STORED_BYTES = 512_000_000     # all runs' text together; the oldest go first beyond it
MAX_LABEL_CHARS = 200
MIN_PREFIX_TO_CHANGE = 4  # characters of an id that rename and delete need (show and rerun take any unique prefix)
MAX_NAME_CHARS = 200               # scenario names as listed (the full name stays in the scenario text)
MAX_ERROR_CHARS = 2_000
MAX_PAGE = 1_000                   # runs one list call returns

_SUMMARY_COLUMNS = (
    "id", "kind", "scenario_name", "scenario_hash", "seed", "draws", "status",
    "started_at", "finished_at", "seconds", "label", "origin",
)
_ALL_COLUMNS = _SUMMARY_COLUMNS + ("pid", "host", "error", "scenario_yaml", "files", "results")

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
);
-- added later (files made before them gain the columns on first use)
ALTER TABLE runs ADD COLUMN IF NOT EXISTS label VARCHAR;   -- the user's name for the run
ALTER TABLE runs ADD COLUMN IF NOT EXISTS origin VARCHAR;  -- cli | server; NULL: saved before origins (as cli)
ALTER TABLE runs ADD COLUMN IF NOT EXISTS files VARCHAR;   -- JSON {ref: text} of every file the scenario read
ALTER TABLE runs ADD COLUMN IF NOT EXISTS stored_bytes BIGINT;  -- bytes of its text (retention counts these)
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


def scenario_hash(scenario_yaml: str, files: dict[str, str] | None = None) -> str:
    """SHA-256 (hex) of what a run read: the scenario's YAML text alone when it read no other file, else the
    scenario text and every included file (by reference and text) as one canonical JSON document, so two runs
    with the same top file and different included files never share a hash."""
    if not files:
        return hashlib.sha256(scenario_yaml.encode("utf-8")).hexdigest()
    doc = json.dumps({"scenario": scenario_yaml, "files": dict(sorted(files.items()))}, ensure_ascii=False,
                     separators=(",", ":"))
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()


def clean_label(label: Any, field: str = "label") -> str | None:
    """A run's label as stored: one line, at most :data:`MAX_LABEL_CHARS`, no control characters; blank is none."""
    if label is None:
        return None
    if not isinstance(label, str):
        raise InputError(field, f"{type(label).__name__} given; a label is text")
    text = label.strip()
    if len(text) > MAX_LABEL_CHARS:
        raise InputError(field, f"is {len(text):,} characters long; a label may have at most {MAX_LABEL_CHARS}")
    import unicodedata

    # control, format (bidirectional overrides, zero-width), line/paragraph separators, lone surrogates
    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")), None)
    if bad is not None:
        raise InputError(field, f"holds the control character {bad!r} (U+{ord(bad):04X}: control, format and "
                                "separator characters are refused); a label is one line of text")
    return text or None


def _env_number(name: str, default: float | None, what: str) -> float | None:
    """A positive number from the environment (the retention settings), or ``default`` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise InputError(name, f"{raw[:40]!r} is not {what}")
    return value


def _text_bytes(text: str | None) -> int:
    return 0 if text is None else len(text.encode("utf-8"))


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

    def __init__(self, path: str | os.PathLike[str] | None = None, *, lock_timeout_s: float = LOCK_TIMEOUT_S,
                 keep: int | None = None, max_age_days: float | None = None):
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
        keep = keep if keep is not None else _env_number(KEEP_ENV_VAR, KEEP_RUNS, "a number of runs (1 or more)")
        if int(keep) < 1:
            raise InputError("keep", f"{keep} is below 1; the run history keeps at least the newest run")
        self.keep = int(keep)
        age = max_age_days if max_age_days is not None else _env_number(AGE_ENV_VAR, None, "a number of days above 0")
        if age is not None and not (math.isfinite(age) and age > 0):
            raise InputError("max_age_days", f"{age} is not a number of days above 0")
        self.max_age_days = age
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
        from gigawatt.files import cannot_write_in

        why = cannot_write_in(folder)
        if why:
            raise InputError(where, f"cannot write in folder {str(folder)!r} ({why}; the run history's lock and "
                                    "log files go there)")
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
                new = not self.path.exists()
                try:
                    return self._run_locked(work, timeout_s)
                except StoreError:
                    if new:  # e.g. a full disk: a half-written new file would stay unopenable; leave none
                        self._remove_new_file()
                    raise
        return self._run_locked(work, timeout_s)

    def _remove_new_file(self) -> None:
        for f in (self.path, pathlib.Path(f"{self.path}.wal")):
            with contextlib.suppress(OSError):
                f.unlink()

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
                    raise StoreError(f"run history {self.path}: {' '.join(str(exc).split())}") from exc
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
                    "UPDATE runs SET status = ?, finished_at = ?, seconds = ?, error = ?, results = ?, "
                    "stored_bytes = coalesce(stored_bytes, 0) + ? WHERE id = ?",
                    [status, finished, took, error, results, _text_bytes(results) + _text_bytes(error), run_id],
                )
                self._evict(con)  # the run now counts (and its results weigh) among the finished ones
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

        self._run(work, timeout_s=timeout_s)

    # -- writing ------------------------------------------------------------------------------------

    def start(self, *, kind: str, scenario_name: str, scenario_yaml: str, seed: int | None = None,
              draws: int = 1, label: str | None = None, origin: str = "cli",
              files: dict[str, str] | None = None) -> str:
        """Record a new ``running`` run and return its id (12 hex digits, unique across processes).

        ``files``: the text of every file the scenario read besides its own (a composite's included files,
        a view file), by reference; kept with the run and hashed with its scenario. Text over
        :data:`MAX_SCENARIO_BYTES` is refused (:class:`InputError`); then runs beyond the retention are evicted.
        """
        if not kind:
            raise InputError("kind", "a run needs a kind (e.g. 'run' or 'mc')")
        if int(draws) < 1:
            raise InputError("draws", f"{draws} is below 1")
        if origin not in ORIGINS:
            raise InputError("origin", f"{origin!r} is not one of {', '.join(ORIGINS)}")
        label = clean_label(label)
        files = dict(files or {})
        size = _text_bytes(scenario_yaml) + sum(_text_bytes(k) + _text_bytes(v) for k, v in files.items())
        if size > MAX_SCENARIO_BYTES:
            raise InputError("scenario", f"with its included files is {size:,} bytes; a saved run keeps at most "
                                         f"{MAX_SCENARIO_BYTES:,}")
        import duckdb

        values = [kind, scenario_name, scenario_hash(scenario_yaml, files), scenario_yaml,
                  json.dumps(files, ensure_ascii=False) if files else None, None if seed is None else int(seed),
                  int(draws), os.getpid(), socket.gethostname(), label, origin]

        def work(con: Any) -> str:
            for _ in range(5):
                run_id = uuid.uuid4().hex[:12]
                try:
                    con.execute(
                        """INSERT INTO runs (id, kind, scenario_name, scenario_hash, scenario_yaml, files, seed, draws,
                                             pid, host, label, origin, stored_bytes, status, started_at)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)""",
                        [run_id, *values, size, _utcnow()],
                    )
                    self._evict(con)
                    return run_id
                except duckdb.ConstraintException:  # 48-bit id collision: draw another
                    continue
            raise StoreError(f"run history {self.path}: could not draw an unused run id")

        return self._run(work)

    def _evict(self, con: Any) -> int:
        """Delete finished runs beyond the retention (the newest ``keep``, none older than ``max_age_days``, at
        most :data:`MAX_STORED_BYTES` in all), oldest first; runs in progress are never deleted nor counted."""
        cutoff = (_utcnow() - dt.timedelta(days=self.max_age_days)) if self.max_age_days else dt.datetime(1, 1, 1)
        cur = con.execute(
            """DELETE FROM runs WHERE id IN (
                 SELECT id FROM (
                   SELECT id, started_at,
                          row_number() OVER newest AS n,
                          sum(coalesce(stored_bytes, strlen(scenario_yaml) + coalesce(strlen(files), 0)
                                       + coalesce(strlen(results), 0))) OVER newest AS total
                   FROM runs WHERE status <> 'running' WINDOW newest AS (ORDER BY started_at DESC, rowid DESC))
                 WHERE n > ? OR total > ? OR started_at < ?)""",
            [self.keep, MAX_STORED_BYTES, cutoff],
        )
        return int((cur.fetchone() or [0])[0])

    def finish(self, run_id: str, results: dict, *, seconds: float) -> None:
        """Write ``results`` and mark the run ``done``, in one transaction.

        Raises :class:`RunNotFoundError` for an unknown id and :class:`RunStateError` if the run is not
        ``running`` (already done, failed or interrupted).
        """
        text = json.dumps(to_jsonable(results), allow_nan=False)
        if _text_bytes(text) > MAX_RESULTS_BYTES:
            raise InputError("results", f"are {_text_bytes(text):,} bytes as JSON; a saved run keeps at most "
                                        f"{MAX_RESULTS_BYTES:,}")
        self._set_status(run_id, "done", results=text, seconds=float(seconds))

    def fail(self, run_id: str, error: str) -> None:
        """Mark a running run ``failed`` with a one-line ``error`` (cut to :data:`MAX_ERROR_CHARS`)."""
        text = " ".join(str(error).split())
        self._set_status(run_id, "failed", error=text if len(text) <= MAX_ERROR_CHARS
                         else text[:MAX_ERROR_CHARS - 1] + "…")

    def rename(self, run_id: str, label: str | None) -> dict:
        """Set (or, with a blank label, clear) a run's label; returns the run's summary."""
        label = clean_label(label)
        found = self._one_id(run_id)
        self._run(lambda con: con.execute("UPDATE runs SET label = ? WHERE id = ?", [label, found]))
        return self.summary(found)

    def delete(self, run_id: str) -> dict:
        """Delete a finished run (done, failed or interrupted); returns the summary it had. A run still in progress
        is refused (:class:`InputError`): its runner would find no row to finish."""
        gone = self.summary(self._one_id(run_id))
        if gone["status"] == "running":
            raise InputError("id", f"run {gone['id']} is still running; delete it once it has ended")
        self._run(lambda con: con.execute("DELETE FROM runs WHERE id = ?", [gone["id"]]))
        return gone

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

    def _where(self, status: str | None, origins: tuple[str, ...] | None) -> tuple[str, list[Any], bool]:
        """SQL filter for a status and origins, its parameters, and whether the status must be checked per row
        (``running``/``interrupted`` are computed from whether the runner is alive)."""
        if status is not None and status not in STATUSES:
            raise InputError("status", f"{status!r} is not one of {', '.join(STATUSES)}")
        clauses, params = [], []
        if status is not None:
            stored = {"running": ("running",), "interrupted": ("running", "interrupted")}.get(status, (status,))
            clauses.append(f"status IN ({', '.join('?' * len(stored))})")
            params += list(stored)
        if origins is not None:
            clauses.append(f"coalesce(origin, 'cli') IN ({', '.join('?' * len(origins)) or 'NULL'})")
            params += list(origins)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return where, params, status in ("running", "interrupted")

    def list(self, limit: int = 50, *, offset: int = 0, status: str | None = None,
             origins: tuple[str, ...] | None = None) -> list[dict]:
        """Newest runs first, without YAML, files and results: at most ``limit`` (1..:data:`MAX_PAGE`) after
        skipping ``offset``.

        ``status`` filters on the reported status, so ``"interrupted"`` includes running rows whose
        process is gone; ``origins`` keeps runs saved there (``cli``, ``server``; runs saved before origins were
        recorded count as ``cli``).
        """
        if not 1 <= int(limit) <= MAX_PAGE:
            raise InputError("limit", f"{limit} is outside 1..{MAX_PAGE}")
        if int(offset) < 0:
            raise InputError("offset", f"{offset} is below 0")
        where, params, computed = self._where(status, origins)
        if not self.path.exists():
            return []
        cols = ", ".join(_SUMMARY_COLUMNS + ("pid", "host"))
        # running/interrupted are computed per row, so those filters page after computing
        page = "" if computed else "LIMIT ? OFFSET ?"
        params = params + ([] if computed else [int(limit), int(offset)])

        def work(con: Any) -> list[dict]:
            cur = con.execute(f"SELECT {cols} FROM runs {where} ORDER BY started_at DESC, rowid DESC {page}", params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

        rows = [self._present(r, full=False) for r in self._run(work)]
        if computed:
            rows = [r for r in rows if r["status"] == status][int(offset):]
        return rows[: int(limit)]

    def count(self, *, status: str | None = None, origins: tuple[str, ...] | None = None) -> int:
        """How many runs :meth:`list` pages through with these filters."""
        where, params, computed = self._where(status, origins)
        if not self.path.exists():
            return 0
        if computed:
            return len(self.list(MAX_PAGE, status=status, origins=origins))
        return int(self._run(lambda con: con.execute(f"SELECT count(*) FROM runs {where}", params).fetchone()[0]))

    def _one_id(self, run_id: str, origins: tuple[str, ...] | None = None) -> str:
        """The full id of the one run that ``run_id`` (an id or a unique prefix of at least
        :data:`MIN_PREFIX_TO_CHANGE` characters: a mistyped digit must not rename or delete another run) names."""
        found = self._fetch(run_id, ("id",), origins)["id"]  # a malformed or unknown id says so first
        if len(str(run_id).strip()) < MIN_PREFIX_TO_CHANGE:
            raise RunNotFoundError(f"{str(run_id).strip()!r} is too short to rename or delete by: give at least "
                                   f"{MIN_PREFIX_TO_CHANGE} characters of the run's id (see `gigawatt runs`)")
        return found

    def summary(self, run_id: str, origins: tuple[str, ...] | None = None) -> dict:
        """One run as :meth:`list` shows it."""
        return self._present(self._fetch(run_id, _SUMMARY_COLUMNS + ("pid", "host"), origins), full=False)

    def get(self, run_id: str, origins: tuple[str, ...] | None = None) -> dict:
        """One run with every column, its scenario YAML, included files and parsed results; a unique id prefix
        will do. ``origins``: only runs saved there are found (others are "no run with id")."""
        return self._present(self._fetch(run_id, _ALL_COLUMNS, origins), full=True)

    def _fetch(self, run_id: str, columns: tuple[str, ...], origins: tuple[str, ...] | None) -> dict:
        prefix = str(run_id).strip().lower()
        if not prefix or len(prefix) > 32 or any(c not in "0123456789abcdef" for c in prefix):
            raise RunNotFoundError(f"{str(run_id)[:40]!r} is not a run id (run ids are hex, e.g. 3f9a1c2b7d4e)")
        if not self.path.exists():
            raise RunNotFoundError(f"no run with id {run_id!r}: {self.path} holds no runs yet")
        where, params, _ = self._where(None, origins)
        where = f"{where} AND starts_with(id, ?)" if where else "WHERE starts_with(id, ?)"

        def work(con: Any) -> list[dict]:
            cur = con.execute(f"SELECT {', '.join(columns)} FROM runs {where} ORDER BY started_at LIMIT 5",
                              [*params, prefix])
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

        rows = self._run(work)
        if not rows:
            raise RunNotFoundError(f"no run with id {run_id!r} in {self.path} (see `gigawatt runs`)")
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows)
            raise RunNotFoundError(f"run id prefix {run_id!r} matches several runs ({ids}); give more digits")
        return rows[0]

    @staticmethod
    def _present(row: dict, *, full: bool) -> dict:
        """A stored row as callers see it: ISO UTC times, parsed results, dead runners as interrupted."""
        row = dict(row)
        if "started_at" not in row:  # an id lookup
            return row
        row["started_at"] = _iso(row["started_at"])
        row["finished_at"] = _iso(row["finished_at"])
        row["origin"] = row.get("origin") or "cli"
        if row["status"] == "running" and row.get("host") == socket.gethostname() and row.get("pid") is not None:
            if _pid_alive(int(row["pid"])) is False:
                row["status"] = "interrupted"
                row["error"] = row.get("error") or "process ended before the run finished"
        if full:
            row["results"] = None if row["results"] is None else json.loads(row["results"])
            row["files"] = {} if not row.get("files") else json.loads(row["files"])
        else:
            for key in ("pid", "host", "error"):
                row.pop(key, None)
            name = row.get("scenario_name") or ""
            if len(name) > MAX_NAME_CHARS:  # a list stays small whatever a scenario calls itself
                row["scenario_name"] = name[:MAX_NAME_CHARS - 1] + "…"
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

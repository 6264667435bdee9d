"""The only module that talks to SQLite (through sqlite-utils).

`Store` owns the database file: it applies migrations at start-up, hands out
read transactions, and runs writes in short IMMEDIATE transactions. Writes
from phones are grouped by `GroupCommitter` (see writer.py) so that many
answers share one commit; every caller is answered only after its commit.
"""

from __future__ import annotations

import contextlib
import functools
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from tyopaja.store.schema import migrations
from tyopaja.store.tx import Tx

T = TypeVar("T")

__all__ = ["Store", "Tx", "Outcome"]


class Outcome:
    """What one job of a batch produced: a value, or the exception it raised."""

    __slots__ = ("value", "error")

    def __init__(self, value: Any = None, error: BaseException | None = None):
        self.value = value
        self.error = error

    def unwrap(self) -> Any:
        """The value, or raise the job's exception."""
        if self.error is not None:
            raise self.error
        return self.value


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection with the pragmas every connection needs."""
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")
    # WAL + FULL: a commit is on disk before we acknowledge it, and readers
    # never block the writer.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class Store:
    """An open Työpaja database."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = connect(self.path)
        self._writer.execute("PRAGMA journal_mode = WAL")
        self._write_lock = threading.Lock()
        self._readers: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self.migrate()

    def migrate(self) -> None:
        """Apply pending schema migrations."""
        with self._write_lock:
            migrations.apply(Database(self._writer))

    @contextlib.contextmanager
    def read(self) -> Iterator[Tx]:
        """A read-only view of the database (a pooled connection)."""
        try:
            conn = self._readers.get_nowait()
        except queue.Empty:
            conn = connect(self.path)
        try:
            yield Tx(Database(conn, execute_plugins=False, recursive_triggers=False))
        finally:
            if conn.in_transaction:
                conn.rollback()
            self._readers.put(conn)

    def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run fn(tx, *args, **kwargs) in its own transaction; return its value or raise."""
        job = functools.partial(fn, **kwargs) if kwargs else fn
        return self.run_batch([(job, args)])[0].unwrap()

    def run_batch(
        self, jobs: list[tuple[Callable[..., Any], tuple]], offload: Callable | None = None
    ) -> list[Outcome]:
        """Run jobs in one IMMEDIATE transaction, each in a savepoint; commit once.

        A job that raises is rolled back alone and reported in its Outcome;
        the others still commit. If the commit itself fails, every job
        reports that error, so nothing is acknowledged that was not stored.
        `offload(fn, args)` runs the COMMIT (and its fsync) elsewhere, e.g. in
        gevent's thread pool so the event loop goes on meanwhile.
        """
        with self._write_lock:
            db = Database(self._writer, execute_plugins=False, recursive_triggers=False)
            tx = Tx(db)
            outcomes = []
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                for fn, args in jobs:
                    outcomes.append(self._run_job(tx, fn, args))
                if offload is None:
                    self._writer.execute("COMMIT")
                else:
                    offload(self._writer.execute, ("COMMIT",))
            except BaseException as error:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                return [Outcome(error=error) for _ in jobs]
            return outcomes

    def _run_job(self, tx: Tx, fn: Callable[..., Any], args: tuple) -> Outcome:
        self._writer.execute("SAVEPOINT job")
        try:
            value = fn(tx, *args)
        except Exception as error:
            self._writer.execute("ROLLBACK TO SAVEPOINT job")
            self._writer.execute("RELEASE SAVEPOINT job")
            return Outcome(error=error)
        self._writer.execute("RELEASE SAVEPOINT job")
        return Outcome(value=value)

    def backup(self, dest: str | Path, pages: int = 1024) -> Path:
        """A consistent copy of the live database at `dest` (SQLite's online backup API).

        Writers keep going while the copy runs; the copy is written next to
        `dest` and renamed into place only when complete.
        """
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(dest.name + ".partial")
        partial.unlink(missing_ok=True)
        source = connect(self.path)
        target = sqlite3.connect(str(partial))
        try:
            source.backup(target, pages=pages)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()
        partial.replace(dest)
        return dest

    def check(self) -> bool:
        """True if the database answers a trivial query."""
        with self.read() as tx:
            return tx.ping()

    def close(self) -> None:
        """Close every connection."""
        with self._write_lock:
            self._writer.close()
        while True:
            try:
                self._readers.get_nowait().close()
            except queue.Empty:
                break

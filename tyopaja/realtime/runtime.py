"""What the socket and web layers share per app: the store, the committer, the fan-out."""

from __future__ import annotations

from typing import Any

from tyopaja.catalogs import Translator
from tyopaja.realtime import Conn
from tyopaja.realtime.fanout import Fanout
from tyopaja.store import Store
from tyopaja.store.writer import Concurrency, GroupCommitter
from tyopaja.usecases import actions


def facilitator_cookie(code: str) -> str:
    """The name of the cookie that carries a workshop's facilitator secret."""
    return f"tyopaja_f_{code}"


class Services:
    """Per-app services, kept in app.extensions["tyopaja"]."""

    def __init__(
        self, store: Store, socketio: Any, *, coalesce_seconds: float = 0.2, background: bool = True
    ):
        self.store = store
        self.socketio = socketio
        self.connections: dict[str, Conn] = {}
        self._translators: dict[tuple[str, bool], Translator] = {}
        self.committer: GroupCommitter | None = None
        self.fanout = Fanout(self, interval=coalesce_seconds)
        # Without background tasks (tests of single handlers) writes commit
        # and broadcasts go out synchronously, in the caller.
        self._started = not background

    def start(self) -> None:
        """Start the writer and the fan-out tasks in the server's async mode (once)."""
        if self._started:
            return
        self._started = True
        eio = self.socketio.server.eio
        conc = Concurrency(
            spawn=self.socketio.start_background_task,
            make_queue=eio.create_queue,
            make_event=eio.create_event,
            sleep=self.socketio.sleep,
            queue_empty=eio.get_queue_empty_exception(),
        )
        self.committer = GroupCommitter(self.store, conc)
        self.committer.start()
        self.fanout.start()

    def translator(self, lang: str, plain: bool) -> Translator:
        """The chat's translator for a language (and selkokieli), made once per process."""
        key = (lang, plain)
        translator = self._translators.get(key)
        if translator is None:
            translator = self._translators[key] = Translator(lang, plain)
        return translator

    def commit(self, fn: Any, *args: Any) -> Any:
        """Run an action in the next group commit and return its result after the commit."""
        if self.committer is None:
            return self.store.write(fn, *args)
        return self.committer.submit(fn, *args)

    def facilitator_ok(self, conn: Conn) -> bool:
        """True if this socket connected with the workshop's current facilitator secret."""
        if not conn.secret:
            return False
        with self.store.read() as tx:
            workshop = tx.workshop(conn.workshop_id)
        return workshop is not None and actions.secret_matches(conn.secret, workshop["secret_hash"])

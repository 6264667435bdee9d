"""Constants shared by the app and the command line (no Flask imports here)."""

from __future__ import annotations

import os

# The database of `tyopaja serve` when neither --db nor TYOPAJA_DB is given.
DEFAULT_DB = os.path.join("instance", "tyopaja.db")
# Socket.IO messages larger than this are refused before any handler runs.
MAX_MESSAGE_BYTES = 64 * 1024

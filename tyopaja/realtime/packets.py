"""The Socket.IO packets Työpaja sends: always text, never binary attachments."""

from __future__ import annotations

from socketio import packet


class TextPacket(packet.Packet):
    """A Socket.IO packet whose data is never scanned for binary parts.

    Työpaja sends JSON only; python-socketio otherwise walks every outgoing
    payload (a projector update holds hundreds of answers) looking for bytes,
    which showed in the CPU per answer (BENCHMARKS.md, "What costs"). Incoming packets are
    decoded as before.
    """

    uses_binary_events = False

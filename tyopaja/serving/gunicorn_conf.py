"""gunicorn settings for hosting (Procfile): one gevent worker per process.

Socket.IO keeps per-connection state in the process, so each process runs a
single worker; scale out with more processes behind a sticky proxy and
TYOPAJA_MESSAGE_QUEUE (see docs/deploy.md).
"""

import gevent

from tyopaja import settings

# Recording every greenlet's spawning stack was a large share of the CPU per answer
# when Socket.IO ran each event in a new greenlet (BENCHMARKS.md, "What costs");
# connections and background tasks still spawn greenlets.
gevent.config.track_greenlet_tree = False

bind = f"0.0.0.0:{settings.value('PORT')}"
worker_class = "gevent"
workers = 1
worker_connections = settings.value("TYOPAJA_WORKER_CONNECTIONS")
# Long-polling requests wait up to the ping interval; never cut them short.
timeout = 120
graceful_timeout = 10
keepalive = 5
accesslog = None
control_socket_disable = True


def post_worker_init(worker):
    """Warm up grouping off the loop; freeze start-up objects out of the collector's way."""
    from tyopaja.realtime import socketio
    from tyopaja.serving import collector, warmup

    if socketio.server is not None:  # a Työpaja app (not the benchmark's bare baseline)
        warmup.start(socketio)
    collector.settle_after_startup()

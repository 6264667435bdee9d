"""The `tyopaja` command: serve, check, new, link.

`tyopaja serve` runs on gevent (measured to hold far more phones than
threads, see docs/deploy.md), so the process is monkey-patched before
anything else is imported; `--server threading` skips that.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console entry point."""
    args = sys.argv[1:]
    if args[:1] == ["serve"] and "threading" not in args:
        import gevent
        from gevent import monkey

        monkey.patch_all()
        # As in gunicorn_conf.py: recording every greenlet's spawning stack is wasted
        # work under load (BENCHMARKS.md, "What costs").
        gevent.config.track_greenlet_tree = False
    from tyopaja.commands import cli

    cli()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()

"""Small pages on slow networks: gzip for text responses, long-lived versioned static files.

A phone on a weak 3G link pays for every byte and every round trip. Text
responses (HTML, CSS, JavaScript, SVG, JSON) are gzipped when the browser
accepts it; static files are compressed once and kept in memory. Static URLs
made with `asset_url()` carry a content hash (`?v=…`), so browsers may keep
them for a year and a reload costs one request, not one per file.

It is a plain `after_request` hook: it works the same under gevent, threads
and gunicorn, and Socket.IO traffic (served before Flask) is not touched.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    }
)
MIN_BYTES = 500  # smaller bodies gain nothing
LEVEL = 6
YEAR = 365 * 24 * 3600
_CACHE_ENTRIES = 64


class _StaticCache:
    """Gzipped static files by (path, etag): each is compressed once per version."""

    def __init__(self, size: int = _CACHE_ENTRIES):
        self.size = size
        self.entries: OrderedDict[tuple[str, str], bytes] = OrderedDict()

    def get(self, key: tuple[str, str], make) -> bytes:
        """The cached bytes for `key`, made by `make()` on a miss."""
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key]
        data = make()
        self.entries[key] = data
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return data


_static = _StaticCache()


def init_app(app: Flask) -> None:
    """Compress responses and offer `asset_url()` to the templates."""
    app.after_request(compress)
    app.add_template_global(asset_url)


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """A static file's URL with a content hash, so that it may be cached for a year."""
    path = Path(current_app.static_folder or "static") / filename
    try:
        stat = path.stat()
    except OSError:
        return url_for("static", filename=filename)
    return url_for(
        "static", filename=filename, v=_digest(str(path), stat.st_mtime_ns, stat.st_size)
    )


def _accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def compress(response: Response) -> Response:
    """Gzip a text response when the browser accepts it; mark versioned static files immutable."""
    static = request.endpoint == "static"
    if static and response.status_code == 200 and request.args.get("v"):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    if not _compressible(response):
        return response
    response.vary.add("Accept-Encoding")
    if not _accepts_gzip():
        return response
    source = response.response
    if static:
        etag = response.get_etag()[0] or ""
        response.direct_passthrough = False
        body = _static.get((request.path, etag), lambda: gzip.compress(response.get_data(), LEVEL))
    else:
        body = gzip.compress(response.get_data(), LEVEL)
    response.set_data(body)
    if hasattr(source, "close"):
        source.close()  # the static file we read (or did not need to read)
    response.headers["Content-Encoding"] = "gzip"
    # A strong ETag names one encoding; Last-Modified still lets browsers revalidate.
    response.headers.pop("ETag", None)
    return response


def _compressible(response: Response) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if "Content-Encoding" in response.headers or "Range" in request.headers:
        return False
    if response.mimetype not in COMPRESSIBLE:
        return False
    if response.is_streamed and not response.direct_passthrough:
        return False  # a generator: the body is not known yet
    length = response.content_length
    return length is None or length >= MIN_BYTES

"""Where the bundled folders (static, templates, sessions, translations) are."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The bundled folder `name`: in the package when installed, else at the checkout's top."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def builtin_scripts() -> list[Path]:
    """The workshop scripts shipped in sessions/, sorted by file name."""
    return sorted(resource_dir("sessions").glob("*.md"))

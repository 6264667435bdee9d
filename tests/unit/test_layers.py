"""The pure layers import neither Flask nor SQLite: checked by importing them in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE = ["core", "script", "chat", "grouping", "export"]
FORBIDDEN = ("flask", "flask_socketio", "flask_babel", "sqlite3", "sqlite_utils", "socketio")


def _modules(package: str) -> list[str]:
    folder = ROOT / "tyopaja" / package
    return sorted(
        "tyopaja."
        + ".".join(path.relative_to(ROOT / "tyopaja").with_suffix("").parts).removesuffix(
            ".__init__"
        )
        for path in folder.rglob("*.py")
        if "__pycache__" not in path.parts
    )


@pytest.mark.parametrize("package", PURE)
def test_pure_layer_imports_no_flask_and_no_sqlite(package):
    modules = _modules(package)
    probe = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert json.loads(result.stdout) == [], f"tyopaja.{package} pulls in {result.stdout}"


def test_the_rule_is_written_where_the_code_lives():
    readme = (ROOT / "tyopaja" / "core" / "README.md").read_text(encoding="utf-8")
    assert "no Flask, no SQLite, no I/O" in readme


def test_a_new_server_leaves_the_heavy_libraries_for_later(tmp_path):
    """The grouping dictionary and the spreadsheet writer load on first use, not with the app:
    an idle process stays small (BENCHMARKS.md, "Many evenings")."""
    probe = (
        "import json, sys\n"
        "from tyopaja import create_app\n"
        "create_app()\n"
        "from tyopaja.grouping import engine\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'wordfreq'})\n"
        "print(json.dumps(loaded + sorted(engine._loaded)))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "TYOPAJA_DB": str(tmp_path / "idle.db")}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.splitlines()[-1]) == []

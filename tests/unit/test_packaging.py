"""`pip install .` must ship every package and every bundled folder."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_packages_are_found_under_tyopaja():
    assert CONFIG["packages"]["find"]["include"] == ["tyopaja*"]


def test_every_bundled_folder_is_inside_the_package():
    for folder in ("static", "templates", "sessions", "translations"):
        assert (ROOT / "tyopaja" / folder).is_dir()
        assert not (ROOT / folder).exists()


def test_data_files_inside_the_package_are_included():
    patterns = CONFIG["package-data"]["tyopaja"]
    for data in (ROOT / "tyopaja").rglob("*"):
        if "__pycache__" in data.parts:
            continue
        if data.is_file() and data.suffix not in (".py", ".pyc"):
            relative = data.relative_to(ROOT / "tyopaja").as_posix()
            assert any(_matches(relative, p) for p in patterns), relative


def _matches(relative: str, pattern: str) -> bool:
    if pattern.endswith("/**/*"):
        return relative.startswith(pattern[: -len("**/*")])
    return Path(relative).match(pattern)


def test_the_version_is_written_in_one_place():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert CONFIG["dynamic"]["version"] == {"attr": "tyopaja.__version__"}


def test_the_command_line_offers_every_export_format():
    """`tyopaja export --format` lists the formats without importing the export (fast --help);
    the list must stay the export's own."""
    from tyopaja import commands, export

    assert sorted(commands.EXPORT_FORMATS) == sorted(export.FORMATS)
    assert set(commands.BINARY_FORMATS) <= set(export.FORMATS)

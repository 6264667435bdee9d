"""`pip install .` must ship every package and every bundled folder."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_python_package_is_listed():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "tyopaja").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found <= set(CONFIG["packages"]), found - set(CONFIG["packages"])


def test_every_bundled_folder_is_mapped_into_the_package():
    for folder in ("static", "templates", "sessions", "translations"):
        assert CONFIG["package-dir"][f"tyopaja.{folder}"] == folder
        assert (ROOT / folder).is_dir()


def test_data_files_inside_the_package_are_included():
    patterns = CONFIG["package-data"]["tyopaja"]
    for data in (ROOT / "tyopaja").rglob("*"):
        if data.is_file() and data.suffix not in (".py", ".pyc"):
            relative = data.relative_to(ROOT / "tyopaja").as_posix()
            assert any(Path(relative).match(p) for p in patterns), relative

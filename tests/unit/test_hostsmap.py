"""`tyopaja hosts-map`: the code → host map is built from the hosts, never half-written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.helpers import TEST_SCRIPT
from tyopaja.commands import cli
from tyopaja.serving import hostsmap
from tyopaja.store import Store
from tyopaja.usecases import actions


def make_db(path, count=1):
    store = Store(path)
    codes = [store.write(actions.create_workshop, TEST_SCRIPT)[0]["code"] for _ in range(count)]
    store.close()
    return codes


def test_the_map_names_each_code_once_with_its_host(tmp_path):
    a, b = make_db(tmp_path / "a.db", 2), make_db(tmp_path / "b.db", 1)
    out = tmp_path / "front" / "workshops.map"
    result = CliRunner().invoke(
        cli, ["hosts-map", f"h1={tmp_path / 'a.db'}", f"h2={tmp_path / 'b.db'}", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    assert sorted(lines) == sorted([f"{c}  h1;" for c in a] + [f"{c}  h2;" for c in b])


def test_a_code_on_two_hosts_is_refused_and_the_old_map_kept(tmp_path):
    (code,) = make_db(tmp_path / "a.db")
    store = Store(tmp_path / "b.db")
    store.write(lambda tx: tx.create_workshop(
        {"code": code, "title": "Kopio", "script_source": TEST_SCRIPT, "secret_hash": "x" * 64}
    ))  # fmt: skip
    store.close()
    out = tmp_path / "workshops.map"
    out.write_text("# old\n")
    result = CliRunner().invoke(
        cli, ["hosts-map", f"h1={tmp_path / 'a.db'}", f"h2={tmp_path / 'b.db'}", "-o", str(out)]
    )
    assert result.exit_code == 1 and f"Koodi {code} on sekä isännällä h1 että h2" in result.output
    assert out.read_text() == "# old\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["h1"], "NIMI=OSOITE"),
        (["bad name=x.db"], "NIMI=OSOITE"),
        (["h1=missing.db"], "ei löytynyt"),
        (["h1=a.db", "h1=a.db"], "kahdesti"),
        (["h1=http://127.0.0.1:9"], "TYOPAJA_ORGANIZER_KEY"),
    ],
)
def test_bad_hosts_are_refused_with_a_reason(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TYOPAJA_ORGANIZER_KEY", raising=False)
    make_db(tmp_path / "a.db")
    result = CliRunner().invoke(cli, ["hosts-map", *args, "-o", "out.map"])
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Karttaa ei kirjoitettu" in result.output and not (tmp_path / "out.map").exists()


def test_build_refuses_what_is_not_a_join_code():
    with pytest.raises(hostsmap.MapError):
        hostsmap.build([(hostsmap.Source("h1", "x"), ["K7QXPA; evil"])])

"""Click commands behind `tyopaja` (cli.py patches gevent before importing this)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tyopaja import DEFAULT_DB, __version__
from tyopaja.paths import builtin_scripts, resource_dir
from tyopaja.reads.rows import script_of
from tyopaja.script.parse import ScriptInvalid, check_file, load_script_file
from tyopaja.serving import collector
from tyopaja.serving.netaddr import base_url
from tyopaja.usecases import actions
from tyopaja.web import qr

DEFAULT_PORT = 8000

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=lambda: os.environ.get("TYOPAJA_DB", DEFAULT_DB),
    show_default=DEFAULT_DB,
    help="SQLite-tietokannan polku.",
)


@click.group()
@click.version_option(__version__, prog_name="tyopaja")
def cli() -> None:
    """Työpaja: työpajat ja yhdistysillat puhelimella."""


def _store(db_path: str):
    from tyopaja.store import Store

    return Store(db_path)


def _print_links(base: str, workshop: dict, secret: str | None) -> None:
    code = workshop["code"]
    click.echo(f"\n  {workshop['title']}  (koodi {code})")
    click.echo(f"  Osallistujat:   {base}/j/{code}")
    click.echo(f"  Näyttö:         {base}/p/{code}")
    if secret:
        click.echo(f"  Fasilitaattori: {base}/f/{code}/{secret}")
        click.echo("  (Pidä fasilitaattorin linkki itselläsi: sillä ohjataan työpajaa.)")


def _demo_source() -> tuple[str, str]:
    demo = resource_dir("sessions") / "demo.md"
    if not demo.is_file():
        demo = builtin_scripts()[0]
    return demo.read_text(encoding="utf-8"), demo.name


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Osoite, jota kuunnellaan.")
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", DEFAULT_PORT)),
    show_default=DEFAULT_PORT,
)
@db_option
@click.option(
    "--public-url",
    default=lambda: os.environ.get("TYOPAJA_PUBLIC_URL"),
    help="Osoite, jolla puhelimet tavoittavat palvelun (QR-koodiin).",
)
@click.option(
    "--server", type=click.Choice(["gevent", "threading"]), default="gevent", show_default=True
)
def serve(host: str, port: int, db_path: str, public_url: str | None, server: str) -> None:
    """Käynnistä palvelu (ja tyhjään tietokantaan esittelytyöpaja)."""
    from tyopaja import create_app
    from tyopaja.realtime import socketio

    base = base_url(host, port, public_url)
    app = create_app({"DB": db_path, "PUBLIC_URL": base, "ASYNC_MODE": server})
    services = app.extensions["tyopaja"]
    click.echo(f"Työpaja {__version__} – tietokanta {Path(db_path).resolve()}")
    with services.store.read() as tx:
        existing = tx.workshops()
    if not existing:
        source, name = _demo_source()
        workshop, secret = services.store.write(
            actions.create_workshop, source, script_name=name, state="draft"
        )
        _print_links(base, workshop, secret)
        click.echo("\n" + qr.terminal(f"{base}/j/{workshop['code']}"))
    else:
        for workshop in existing[:5]:
            _print_links(base, workshop, None)
        click.echo("\n  Uusi fasilitaattorin linkki: tyopaja link KOODI")
    from tyopaja.web.organizer import serve_line

    click.echo("\n" + serve_line(services.store, base))
    click.echo(f"\nKuunnellaan osoitteessa {host}:{port}. Lopeta painamalla Ctrl+C.")
    services.start()
    from tyopaja.serving import warmup

    warmup.start(socketio)  # grouping dictionary, off the event loop (realtime/warmup.py)
    collector.settle_after_startup()  # measured: a fifth more answers/s (tyopaja/collector.py)
    socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def check(paths: tuple[str, ...]) -> None:
    """Tarkista työpajakäsikirjoitukset (virheet rivinumeroineen)."""
    worst = 0
    for path in paths:
        code, lines = check_file(path)
        for line in lines:
            click.echo(line, err=code != 0)
        worst = max(worst, code)
    sys.exit(worst)


@cli.command()
@click.argument("script_path", type=click.Path())
@click.option("--title", default="", help="Otsikko (oletus: käsikirjoituksen otsikko).")
@click.option("--municipality", default="", help="Kunta.")
@click.option("--date", "date_", default="", help="Päivämäärä, esim. 2026-11-26.")
@click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default=None)
@click.option("--pacing", type=click.Choice(["facilitator", "self"]), default=None)
@click.option(
    "--public-url",
    default=lambda: os.environ.get("TYOPAJA_PUBLIC_URL") or f"http://localhost:{DEFAULT_PORT}",
)
@db_option
def new(script_path, title, municipality, date_, lang, pacing, public_url, db_path) -> None:
    """Luo työpaja käsikirjoituksesta ja tulosta sen linkit."""
    try:
        script = load_script_file(script_path)
    except ScriptInvalid as invalid:
        for error in invalid.errors:
            click.echo(error.format(script_path), err=True)
        sys.exit(1)
    store = _store(db_path)
    workshop, secret = store.write(
        actions.create_workshop,
        script.source,
        script_name=Path(script_path).name,
        title=title,
        municipality=municipality,
        date=date_,
        lang=lang or "",
        pacing=pacing or "",
        state="draft",  # opens on the join screen; the facilitator starts the first step
    )
    _print_links(public_url.rstrip("/"), workshop, secret)


@cli.command()
@click.argument("code")
@click.option(
    "--public-url",
    default=lambda: os.environ.get("TYOPAJA_PUBLIC_URL") or f"http://localhost:{DEFAULT_PORT}",
)
@db_option
def link(code: str, public_url: str, db_path: str) -> None:
    """Tee työpajalle uusi fasilitaattorin linkki (vanha lakkaa toimimasta)."""
    store = _store(db_path)
    try:
        workshop, secret = store.write(actions.rotate_secret, code)
    except actions.Refused:
        click.echo(f"Työpajaa {code} ei löytynyt.", err=True)
        sys.exit(1)
    _print_links(public_url.rstrip("/"), workshop, secret)


# -- reliability and privacy: backup, delete, purge (docs/reliability.md) -------


@cli.command()
@click.argument("dest", type=click.Path(dir_okay=False))
@db_option
def backup(dest: str, db_path: str) -> None:
    """Tee tietokannasta eheä varmuuskopio, myös palvelun ollessa käynnissä."""
    if not Path(db_path).is_file():
        click.echo(f"Tietokantaa {db_path} ei löytynyt.", err=True)
        sys.exit(1)
    store = _store(db_path)
    try:
        copy = store.backup(dest)
    finally:
        store.close()
    click.echo(f"Varmuuskopio tallennettu: {copy}")


@cli.command()
@click.argument("code")
@click.option("--yes", is_flag=True, help="Älä kysy vahvistusta.")
@db_option
def delete(code: str, yes: bool, db_path: str) -> None:
    """Poista työpaja ja kaikki sen tiedot (vastaukset, äänet, osallistujat)."""
    if not yes:
        click.confirm(f"Poistetaanko työpaja {code} ja kaikki sen tiedot pysyvästi?", abort=True)
    store = _store(db_path)
    try:
        workshop = store.write(actions.delete_by_code, code)
    except actions.Refused:
        click.echo(f"Työpajaa {code} ei löytynyt.", err=True)
        sys.exit(1)
    finally:
        store.close()
    click.echo(f"Työpaja {workshop['code']} ({workshop['title']}) on poistettu.")


@cli.command()
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=lambda: int(os.environ.get("TYOPAJA_RETENTION_DAYS") or 365),
    show_default="TYOPAJA_RETENTION_DAYS tai 365",
    help="Säilytysaika päivinä viimeisestä muutoksesta.",
)
@click.option("--dry-run", is_flag=True, help="Näytä vain, mitkä poistettaisiin.")
@db_option
def purge(days: int, dry_run: bool, db_path: str) -> None:
    """Poista työpajat, joihin ei ole tullut muutoksia säilytysaikaan."""
    from datetime import UTC, datetime, timedelta

    cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="milliseconds")
    store = _store(db_path)
    try:
        idle = store.write(actions.purge_idle, cutoff.replace("+00:00", "Z"), dry_run=dry_run)
    finally:
        store.close()
    verb = "Poistettaisiin" if dry_run else "Poistettu"
    for workshop in idle:
        click.echo(f"  {verb}: {workshop['code']} {workshop['title']} ({workshop['updated_at']})")
    click.echo(f"{verb} {len(idle)} työpajaa (säilytysaika {days} päivää).")


# -- export and import (docs/export.md) ---------------------------------------------

EXPORT_FORMATS = ("md", "md-welfare", "md-full", "json", "csv", "ics", "zip")


def _existing_workshop(db_path: str, code: str):
    """The store and the workshop with this code; exit with a message if either is missing."""
    from tyopaja.core.workshop import normalize_code

    if not Path(db_path).is_file():
        click.echo(f"Tietokantaa {db_path} ei löytynyt.", err=True)
        sys.exit(1)
    store = _store(db_path)
    normalized = normalize_code(code)
    with store.read() as tx:
        workshop = tx.workshop_by_code(normalized) if normalized else None
    if workshop is None:
        store.close()
        click.echo(f"Työpajaa {code} ei löytynyt.", err=True)
        sys.exit(1)
    return store, workshop


@cli.command("export")
@click.argument("code")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="md",
    show_default=True,
    help="md = yhteistyöasiakirjan aineisto, md-welfare = hyvinvointikertomuksen aineisto,"
    " md-full = koko aineisto; json, csv, ics (vuosikello) tai zip (kaikki).",
)
@click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default=None, help="Kieli.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Tiedosto (oletus: näyttö).")
@db_option
def export_command(code: str, fmt: str, lang: str | None, output: str | None, db_path: str) -> None:
    """Vie työpajan tulokset tiedostoon tai näytölle."""
    from tyopaja.export import render, report_of

    store, workshop = _existing_workshop(db_path, code)
    try:
        with store.read() as tx:
            rows = tx.export_rows(workshop["id"])
    finally:
        store.close()
    result = render(report_of(rows, lang), fmt)
    if output and output != "-":
        Path(output).write_bytes(result.body)
        click.echo(f"Tallennettu: {output}", err=True)
        return
    stdout = click.get_binary_stream("stdout")
    if fmt == "zip" and stdout.isatty():
        click.echo("Zip-tiedostoa ei voi näyttää. Anna tiedoston nimi: -o tulokset.zip", err=True)
        sys.exit(2)
    stdout.write(result.body)
    stdout.flush()


@cli.command("import")
@click.argument("code")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@db_option
def import_command(code: str, file: str, db_path: str) -> None:
    """Tuo vastauksia CSV- tai JSON Lines -tiedostosta (kaikki rivit tai ei mitään)."""
    from tyopaja.core.importer import MAX_BYTES, ImportInvalid, parse_import

    if file != "-" and not Path(file).is_file():
        click.echo(f"Tiedostoa {file} ei löytynyt.", err=True)
        sys.exit(1)
    with click.open_file(file, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    store, workshop = _existing_workshop(db_path, code)
    try:
        rows = parse_import(data, file, script=script_of(workshop))
        done = store.write(actions.import_answers, workshop["id"], rows)
    except ImportInvalid as invalid:
        for error in invalid.errors:
            click.echo(error.format(file), err=True)
        if invalid.more:
            click.echo(f"… ja {invalid.more} muuta virhettä.", err=True)
        click.echo("Mitään ei tuotu. Korjaa rivit ja yritä uudelleen.", err=True)
        sys.exit(1)
    finally:
        store.close()
    count = done.ack["imported"]
    click.echo(f"Tuotiin {count} vastausta työpajaan {workshop['code']}.")

"""Click commands behind `tyopaja` (cli.py patches gevent before importing this)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tyopaja import DEFAULT_DB, __version__, settings
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
    default=lambda: settings.value("TYOPAJA_DB"),
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
    default=lambda: settings.value("PORT"),
    show_default=DEFAULT_PORT,
)
@db_option
@click.option(
    "--public-url",
    default=lambda: settings.value("TYOPAJA_PUBLIC_URL"),
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
    # The grouping dictionary loads with the first console or organiser page
    # (serving/warmup.py), off the event loop; an idle server stays small.
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
    "--follow-up",
    "follow_up",
    default="",
    metavar="KOODI",
    help="Aiemman työpajan koodi: uusi ilta jatkaa sitä ja tuo sen toimenpiteet mukanaan.",
)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="Vuosikellon vuosi (oletus: käsikirjoituksen vuosi, esim. ”ensi vuosi”).",
)
@click.option(
    "--public-url",
    default=lambda: settings.value("TYOPAJA_PUBLIC_URL") or f"http://localhost:{DEFAULT_PORT}",
)
@click.option("--organizer", "organizer_name", default="", help="Järjestäjän tila (oletus: oma).")
@db_option
def new(
    script_path,
    title,
    municipality,
    date_,
    lang,
    pacing,
    follow_up,
    year,
    public_url,
    organizer_name,
    db_path,
) -> None:
    """Luo työpaja käsikirjoituksesta ja tulosta sen linkit."""
    from tyopaja.usecases import followup

    try:
        script = load_script_file(script_path)
    except ScriptInvalid as invalid:
        for error in invalid.errors:
            click.echo(error.format(script_path), err=True)
        sys.exit(1)
    store = _store(db_path)
    organizer_id = None
    if organizer_name:
        from tyopaja.usecases import spaces

        with store.read() as tx:
            row = spaces.active_by_name(tx, organizer_name)
        if row is None:
            click.echo(SPACE_REFUSALS["unknown_organizer"].format(name=organizer_name), err=True)
            store.close()
            sys.exit(1)
        organizer_id = row["id"]
    try:
        workshop, secret = store.write(
            followup.create_follow_up,
            script.source,
            follow_up or None,
            script_name=Path(script_path).name,
            title=title,
            municipality=municipality,
            date=date_,
            lang=lang or "",
            pacing=pacing or "",
            organizer_id=organizer_id,
            year=year,
            state="draft",  # opens on the join screen; the facilitator starts the first step
        )
    except actions.Refused as refused:
        click.echo(_refusal(refused), err=True)
        sys.exit(1)
    finally:
        store.close()
    _print_links(public_url.rstrip("/"), workshop, secret)
    if workshop.get("follows_id"):
        click.echo(f"  Jatkaa työpajaa {follow_up.strip().upper()}.")


def _refusal(refused: Exception) -> str:
    """A refusal's message in Finnish, for the command line."""
    from tyopaja.i18n import MESSAGES

    code = getattr(refused, "code", "server_error")
    params = getattr(refused, "params", {})
    return (
        MESSAGES.get(code, MESSAGES["server_error"]) % params
        if params
        else MESSAGES.get(code, MESSAGES["server_error"])
    )


@cli.command()
@click.argument("code")
@click.option("--after", "earlier", required=True, metavar="KOODI", help="Aiemman työpajan koodi.")
@db_option
def follow(code: str, earlier: str, db_path: str) -> None:
    """Merkitse, että työpaja jatkaa aiempaa työpajaa (sarja)."""
    from tyopaja.usecases import followup

    store = _store(db_path)
    try:
        workshop = store.write(followup.follow, code, earlier)
    except actions.Refused as refused:
        click.echo(_refusal(refused), err=True)
        sys.exit(1)
    finally:
        store.close()
    click.echo(f"Työpaja {workshop['code']} jatkaa nyt työpajaa {earlier.strip().upper()}.")


@cli.command()
@click.argument("code")
@click.option(
    "--public-url",
    default=lambda: settings.value("TYOPAJA_PUBLIC_URL") or f"http://localhost:{DEFAULT_PORT}",
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


# -- organiser spaces (docs/deploy.md, "Organiser spaces") ---------------------------

SPACE_REFUSALS = {
    "bad_name": "Anna järjestäjän nimi (enintään 80 merkkiä).",
    "name_taken": "Järjestäjä {name} on jo olemassa."
    " Valitse toinen nimi tai peru vanha avain ensin.",
    "unknown_organizer": "Järjestäjää {name} ei löytynyt (tai sen avain on jo peruttu).",
}


@cli.group()
def organizer() -> None:
    """Järjestäjien tilat: jokainen järjestäjä näkee vain omat työpajansa."""


@organizer.command("add")
@click.argument("name")
@click.option(
    "--public-url",
    default=lambda: os.environ.get("TYOPAJA_PUBLIC_URL") or f"http://localhost:{DEFAULT_PORT}",
)
@db_option
def organizer_add(name: str, public_url: str, db_path: str) -> None:
    """Lisää järjestäjä (kunta, yhdistyskeskus) ja tulosta sen linkki (näytetään vain kerran)."""
    from tyopaja.usecases import spaces

    store = _store(db_path)
    try:
        row, key = store.write(spaces.add, name)
    except actions.Refused as refused:
        click.echo(SPACE_REFUSALS[refused.code].format(name=name), err=True)
        sys.exit(1)
    finally:
        store.close()
    click.echo(f"Järjestäjä {row['name']} (nro {row['id']}) lisätty.")
    click.echo(f"  Järjestäjän linkki: {public_url.rstrip('/')}/o/{key}")
    click.echo("  Linkki näytetään vain nyt: avaimesta tallennetaan vain tiiviste.")


@organizer.command("list")
@db_option
def organizer_list(db_path: str) -> None:
    """Luettele järjestäjät, niiden työpajojen määrä ja perutut avaimet."""
    store = _store(db_path)
    try:
        with store.read() as tx:
            rows = tx.organizers()
            own = len(tx.workshop_overview(None))
    finally:
        store.close()
    click.echo(f"  -  palvelun oma tila (TYOPAJA_ORGANIZER_KEY)  {own} työpajaa")
    for row in rows:
        state = f"peruttu {row['revoked_at'][:10]}" if row["revoked_at"] else "käytössä"
        click.echo(f"  {row['id']}  {row['name']}  {row['workshops']} työpajaa  {state}")


@organizer.command("revoke")
@click.argument("name")
@db_option
def organizer_revoke(name: str, db_path: str) -> None:
    """Peru järjestäjän avain (nimi tai numero); työpajat ja niiden ohjauslinkit säilyvät."""
    from tyopaja.usecases import spaces

    store = _store(db_path)
    try:
        row = store.write(spaces.revoke, name)
    except actions.Refused as refused:
        click.echo(SPACE_REFUSALS[refused.code].format(name=name), err=True)
        sys.exit(1)
    finally:
        store.close()
    kept = row["workshops"]
    click.echo(f"Järjestäjän {row['name']} avain on peruttu. Sen {kept} työpajaa säilyvät.")


@cli.command("hosts-map")
@click.argument("hosts", nargs=-1, required=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Karttatiedosto (oletus: näyttö)."
)
def hosts_map(hosts: tuple[str, ...], output: str | None) -> None:
    """Kirjoita etuvälityspalvelimen kartta koodi → isäntä isäntien omista tiedoista.

    HOSTS: NIMI=OSOITE (esim. h2=https://h2.tyopaja.example, luetaan avaimella
    TYOPAJA_ORGANIZER_KEY) tai NIMI=TIETOKANTA samalla koneella.
    """
    from tyopaja.serving import hostsmap

    key = (os.environ.get("TYOPAJA_ORGANIZER_KEY") or "").strip()
    try:
        sources = [hostsmap.parse_source(text) for text in hosts]
        if len({source.name for source in sources}) != len(sources):
            raise hostsmap.MapError("Sama isännän nimi on annettu kahdesti.")
        owner = hostsmap.build((source, hostsmap.codes_of(source, key)) for source in sources)
    except hostsmap.MapError as error:
        click.echo(str(error), err=True)
        click.echo("Karttaa ei kirjoitettu.", err=True)
        sys.exit(1)
    text = hostsmap.render(owner)
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    hostsmap.write_atomically(Path(output), text)
    click.echo(f"Kartta kirjoitettu: {output} ({len(owner)} työpajaa, {len(sources)} isäntää).")
    click.echo("Ota se käyttöön ilman katkoa: nginx -s reload", err=True)


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
    default=lambda: settings.value("TYOPAJA_RETENTION_DAYS"),
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

# The export's formats (tyopaja.export.FORMATS, kept here so that --help needs no import).
OFFICE_FORMATS = ["docx", "docx-welfare", "docx-full", "odt", "odt-welfare", "odt-full"]
EXPORT_FORMATS = ["md", "md-welfare", "md-full", *OFFICE_FORMATS, "xlsx", "json", "csv", "ics"]
EXPORT_FORMATS += ["zip", "json-raw", "csv-raw"]
BINARY_FORMATS = ["zip", "xlsx", *OFFICE_FORMATS]


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
    " md-full = koko aineisto; docx/odt (-welfare, -full) samat Wordille ja LibreOfficelle;"
    " xlsx (taulukot), json, csv, ics (vuosikello), zip (kaikki); json-raw ja csv-raw"
    " (raakadata vain ohjaajalle, ei jaettavaksi).",
)
@click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default=None, help="Kieli.")
@click.option(
    "--attribution",
    type=click.Choice(["yhdistys", "toimiala", "ei"]),
    default=None,
    help="Lainausten perään: yhdistys, toimiala tai ei kumpaakaan"
    " (oletus: käsikirjoituksen nimeäminen, muuten toimiala).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Tiedosto (oletus: näyttö).")
@db_option
def export_command(
    code: str, fmt: str, lang: str | None, attribution: str | None, output: str | None, db_path: str
) -> None:
    """Vie työpajan tulokset tiedostoon tai näytölle."""
    from tyopaja.export import export_file, report_of
    from tyopaja.export.privacy import attribution_of
    from tyopaja.reads.followup import export_rows

    store, workshop = _existing_workshop(db_path, code)
    try:
        with store.read() as tx:
            rows = export_rows(tx, workshop["id"])
    finally:
        store.close()
    if fmt == "ics" and not report_of(rows, lang).calendar:
        click.echo("Vuosikellossa ei ole tapahtumia, joten kalenteritiedostoa ei tehty.", err=True)
        sys.exit(1)
    chosen = attribution_of(attribution) if attribution else None
    result = export_file(rows, fmt, lang, chosen)
    if output and output != "-":
        Path(output).write_bytes(result.body)
        click.echo(f"Tallennettu: {output}", err=True)
        return
    stdout = click.get_binary_stream("stdout")  # type: ignore[operator]  # click's typing
    if fmt in BINARY_FORMATS and stdout.isatty():
        click.echo(
            f"Tiedostoa ei voi näyttää. Anna tiedoston nimi: -o tulokset.{fmt.split('-')[0]}",
            err=True,
        )
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

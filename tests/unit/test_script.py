"""The script format: parsing, every validation error with its line, files, and fuzzing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tyopaja.core.themes import KNOWN_THEMES, known_theme, slugify, theme_key
from tyopaja.script.parse import (
    KIND_NAMES,
    Probe,
    Script,
    ScriptInvalid,
    check_file,
    load_script_file,
    parse_script,
    summarize,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scripts.md"

GOOD = """\
# Yhdistysilta 2026
- kieli: sv
- tahti: oma

Tervetuloa!

Toinen kappale.

### info: Illan kulku
- id: alku

## Avustukset

Teeman johdanto.

### avoin: Mihin toimintaan tarvitsette eniten kunnan avustusta?
- vastauksia: 3
- aika: 5 min
- tarkenna: Mikä maksu? (jos mainitsee: Vuokra, maksu)
- tarkenna: Kerrotko lisää? (jos lyhyt)

Kirjoita yksi asia kerrallaan.

### valinta: Milloin?
- id: milloin
- monivalinta: kyllä
- vaihtoehdot:
  - keväällä
  - syksyllä

### asteikko: Kuinka helppoa?
- id: helppous
- asteikko: 0–10
- ääripäät: vaikeaa – helppoa

### pisteet: Tärkeimmät
- id: tarkeimmat
- äänestä: toimintaan-tarvitsette
- äänestettävät: ryhmät
- pisteitä: 5
- enintään: 2

### tapahtuma: Tapahtumat
- id: tapahtumat
- vuosi: 2027
"""


def errors(source: str) -> list[tuple[int, str]]:
    """The (line, message) pairs of an invalid script."""
    with pytest.raises(ScriptInvalid) as caught:
        parse_script(source)
    return [(error.line, error.message) for error in caught.value.errors]


def script(body: str) -> str:
    """A script with a title line and the given body."""
    return "# Ilta\n\n" + body


# --- A valid script ---------------------------------------------------------------------


def test_title_intro_and_settings():
    parsed = parse_script(GOOD)
    assert (parsed.title, parsed.lang, parsed.pacing) == ("Yhdistysilta 2026", "sv", "self")
    assert parsed.intro == "Tervetuloa!\n\nToinen kappale."
    assert parsed.source == GOOD


def test_themes():
    parsed = parse_script(GOOD)
    assert [(t.key, t.title, t.line, t.intro) for t in parsed.themes] == [
        ("avustukset", "Avustukset", 12, "Teeman johdanto.")
    ]
    assert [s.theme for s in parsed.steps] == [None] + ["avustukset"] * 5


def test_open_step():
    step = parse_script(GOOD).steps[1]
    assert (step.id, step.kind, step.line, step.minutes, step.max_answers) == (
        "toimintaan-tarvitsette",
        "open",
        16,
        5,
        3,
    )
    assert step.help == "Kirjoita yksi asia kerrallaan."
    assert step.probes == (
        Probe("Mikä maksu?", "mentions", words=("vuokra", "maksu")),
        Probe("Kerrotko lisää?", "short"),
    )


def test_vote_steps():
    _, _, choice, scale, dots, event = parse_script(GOOD).steps
    assert (choice.options, choice.multiple) == (("keväällä", "syksyllä"), True)
    assert (scale.scale_min, scale.scale_max, scale.min_label, scale.max_label) == (
        0,
        10,
        "vaikeaa",
        "helppoa",
    )
    assert (dots.source, dots.source_kind, dots.dots, dots.max_per_item) == (
        "toimintaan-tarvitsette",
        "groups",
        5,
        2,
    )
    assert (event.kind, event.year) == ("event", 2027)


def test_summarize():
    assert summarize(parse_script(GOOD)) == (
        "Yhdistysilta 2026: 6 vaihetta (1 info, 1 avoin, 1 valinta, 1 asteikko, 1 pisteet, "
        "1 tapahtuma)"
    )
    assert summarize(parse_script(script("### info: Hei"))) == "Ilta: 1 vaihe (1 info)"


def test_english_and_swedish_keywords():
    source = script(
        "### open: A\n- id: a\n- max answers: 2\n- time: 1 h\n"
        "- probe: More? (if under 20 chars)\n\n"
        "### poäng: B\n- rösta om: a\n- objekt: svar\n- poäng: 4\n- högst: 4\n\n"
        "### SCALE: C\n- range: 1-3\n- labels: low / high\n\n"
        "### rangordning: D\n- alternativ:\n  - x\n  - y\n"
    )
    first, dots, scale, rank = parse_script(source).steps
    assert (first.max_answers, first.minutes, first.probes) == (
        2,
        60,
        (Probe("More?", "short", short_chars=20),),
    )
    assert (dots.source, dots.source_kind, dots.dots, dots.max_per_item) == ("a", "answers", 4, 4)
    assert (scale.scale_max, scale.min_label, scale.max_label) == (3, "low", "high")
    assert (rank.kind, rank.options) == ("rank", ("x", "y"))


def test_keywords_without_accents():
    source = script(
        "### avoin: A\n- id: a\n\n### pisteet: B\n- aanesta: a\n- pisteita: 2\n- enintaan: 1\n"
    )
    assert parse_script(source).steps[1].dots == 2


def test_probes_as_nested_bullets_and_always():
    source = script(
        "### avoin: A\n- tarkenna:\n  - Miksi? (JOS mainitsee: Hinta)\n  - Kerro lisää (aina)\n"
        "- tarkenna: Entä muuta? (esim. tilat)\n"
    )
    assert parse_script(source).steps[0].probes == (
        Probe("Miksi?", "mentions", words=("hinta",)),
        Probe("Kerro lisää"),
        Probe("Entä muuta? (esim. tilat)"),
    )


def test_list_after_text_in_help_is_text():
    source = script("### info: Ohjelma\n\nIllan ohjelma:\n\n- 18.00 Kahvit\n- 18.30 Työpaja\n")
    assert parse_script(source).steps[0].help == "Illan ohjelma:\n\n- 18.00 Kahvit\n- 18.30 Työpaja"


def test_agenda_list_right_under_heading_is_text():
    source = script("### info: Ohjelma\n- 18.00 Kahvit\n- 18.30 Työpaja\n")
    assert parse_script(source).steps[0].help == "- 18.00 Kahvit\n- 18.30 Työpaja"


def test_setext_title_and_crlf():
    parsed = parse_script("Ilta\r\n====\r\n\r\n### avoin: Mitä?\r\n- aika: 3\r\n")
    assert (parsed.title, parsed.steps[0].minutes, parsed.steps[0].line) == ("Ilta", 3, 4)
    assert errors("Ilta\r\n====\r\n\r\n### avoin: Mitä?\r\n- aika: nolla\r\n")[0][0] == 5


# --- Step ids ---------------------------------------------------------------------------


def test_derived_ids_are_short_ascii_and_unique():
    source = script(
        "### avoin: Mitä tilaa käytätte?\n\n### avoin: Mitä tilaa käytätte?\n\n### info: ???\n"
    )
    assert [s.id for s in parse_script(source).steps] == [
        "tilaa-kaytatte",
        "tilaa-kaytatte-2",
        "info",
    ]


def test_derived_ids_avoid_explicit_ids_and_stay_stable():
    before = script("### avoin: Tilat\n\n### avoin: Avustukset\n")
    after = script(
        "### info: Uusi alku\n\n### avoin: Tilat\n- id: avustukset\n\n### avoin: Avustukset\n"
    )
    assert [s.id for s in parse_script(before).steps] == ["tilat", "avustukset"]
    assert [s.id for s in parse_script(after).steps] == ["uusi-alku", "avustukset", "avustukset-2"]


def test_docs_example_of_derived_id():
    source = script("### avoin: Mihin toimintaan tarvitsette eniten kunnan avustusta?")
    assert parse_script(source).steps[0].id == "toimintaan-tarvitsette"


def test_explicit_ids_are_lower_cased():
    assert parse_script(script("### info: A\n- id: Alku-1\n")).steps[0].id == "alku-1"


# --- Themes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Avustukset", "avustukset"),
        ("Tilat ja niiden varaaminen", "tilat"),
        ("Järjestöt hyvinvointityössä", "hyvinvointi"),
        ("Yhdistysten keskinäinen yhteistyö", "yhdistysyhteistyo"),
        ("Samarbete och kontaktperson", "yhteistyo"),
        ("Ilon- ja huolenaiheet", "ilot-ja-huolet"),
        ("Kylätalon tulevaisuus!", "kylatalon-tulevaisuus"),
        ("???", ""),
    ],
)
def test_theme_key(heading, key):
    assert theme_key(heading) == key


def test_theme_key_setting_and_fallback_and_repeats():
    source = script(
        "## Raha\n- avain: avustukset\n\n### info: A\n\n## ???\n\n### info: B\n\n"
        "## Avustukset\n\n### info: C\n"
    )
    parsed = parse_script(source)
    assert [(t.key, t.title) for t in parsed.themes] == [("avustukset", "Raha"), ("teema-2", "???")]
    assert [s.theme for s in parsed.steps] == ["avustukset", "teema-2", "avustukset"]


def test_known_themes():
    assert known_theme("tilat").title("sv") == "Lokaler"
    assert known_theme("nope") is None
    assert all(slugify(theme.key) == theme.key for theme in KNOWN_THEMES)


# --- Every validation error, with its line ----------------------------------------------

CASES = [
    # (source, line, fragment of the message)
    ("", 0, "puuttuu pääotsikko"),
    ("Hei\n\n# Ilta\n### info: A", 1, "Ennen otsikkoa"),
    ("### info: A", 1, "puuttuu pääotsikko"),
    ("#\n### info: A", 1, "Pääotsikko on tyhjä"),
    ("# Ilta\n### info: A\n# Toinen", 3, "vain kerran"),
    ("## Teema\n# Ilta\n### info: A", 2, "kirjoitetaan alkuun"),
    ("# Ilta\n\nHei", 1, "ei ole yhtään vaihetta"),
    ("# Ilta\n- kieli: de\n### info: A", 2, "Tuntematon kieli"),
    ("# Ilta\n- tahti: nopea\n### info: A", 2, "Tahti on"),
    ("# Ilta\n- väri: sininen\n### info: A", 2, "Tuntematon asetus ”väri”"),
    ("# Ilta\n- aika: 5\n### info: A", 2, "ei kuulu tähän"),
    ("# Ilta\n\nHei\n\n- kieli: fi\n\n### info: A", 5, "heti otsikon alle"),
    ("# Ilta\n##\n### info: A", 2, "Teeman otsikko on tyhjä"),
    ("# Ilta\n## Teema\n- avain: Ä!\n### info: A", 3, "Avain ”Ä!” ei kelpaa"),
    ("# Ilta\n#### Alaotsikko\n### info: A", 2, "Otsikkotasoa #### ei käytetä"),
    ("# Ilta\n\n### Mitä toivotte?", 3, "puuttuu laji"),
    ("# Ilta\n\n### kysely: Mitä?", 3, "Tuntematon vaiheen laji ”kysely”"),
    ("# Ilta\n\n### avoin:", 3, "puuttuu kysymys"),
    ("# Ilta\n\n### avoin: A\n- väri: x", 4, "Tuntematon asetus"),
    ("# Ilta\n\n### avoin: A\n- asteikko: 1–5", 4, "ei sovi vaiheeseen, jonka laji on avoin"),
    ("# Ilta\n\n### avoin: A\n- vastauksia: 3\n- aika 5 min", 5, "muodossa avain: arvo"),
    ("# Ilta\n\n### avoin: A\n- aika: 5\n- aika: 6", 5, "on annettu jo rivillä 4"),
    ("# Ilta\n\n### avoin: A\n- aika:", 4, "puuttuu arvo"),
    ("# Ilta\n\n### avoin: A\n- aika: 5\n  - x", 5, "ei voi olla alakohtia"),
    ("# Ilta\n\n### avoin: A\n\nTeksti.\n\n- aika: 5", 7, "heti otsikon alle"),
    ("# Ilta\n\n### info: A\n- id: Ä ä", 4, "Tunniste ”Ä ä” ei kelpaa"),
    ("# Ilta\n\n### info: A\n- id: " + "a" * 41, 4, "ei kelpaa"),
    ("# Ilta\n\n### info: A\n- id: x\n\n### info: B\n- id: x", 7, "on jo käytössä rivillä 4"),
    ("# Ilta\n\n### info: A\n- aika: viisi", 4, "minuutteina"),
    ("# Ilta\n\n### info: A\n- aika: -5 min", 4, "positiivinen"),
    ("# Ilta\n\n### info: A\n- aika: 0 min", 4, "1–240 minuuttia, nyt 0"),
    ("# Ilta\n\n### info: A\n- aika: 5 h", 4, "nyt 300"),
    ("# Ilta\n\n### avoin: A\n- vastauksia: kolme", 4, "”kolme” ei ole kokonaisluku"),
    ("# Ilta\n\n### avoin: A\n- vastauksia: 0", 4, "kokonaisluku 1–20, nyt 0"),
    ("# Ilta\n\n### avoin: A\n- vastauksia: 21", 4, "nyt 21"),
    ("# Ilta\n\n### avoin: A\n- tarkenna:", 4, "Tarkennuksesta puuttuu kysymys"),
    ("# Ilta\n\n### avoin: A\n- tarkenna: (jos lyhyt)", 4, "Tarkennuksesta puuttuu kysymys"),
    ("# Ilta\n\n### avoin: A\n- tarkenna: B? (jos pitkä)", 4, "Tuntematon ehto ”(jos pitkä)”"),
    ("# Ilta\n\n### avoin: A\n- tarkenna: B? (jos mainitsee: , )", 4, "Kirjoita ehtoon sanat"),
    ("# Ilta\n\n### avoin: A\n- tarkenna: B? (jos alle 0 merkkiä)", 4, "Merkkimäärän"),
    ("# Ilta\n\n### avoin: A\n- tarkenna:\n  - B?\n    - C", 6, "Tarkennuksella ei voi"),
    ("# Ilta\n\n### asteikko: A\n- tarkenna: B?\n- asteikko: 1-5", 4, "ei sovi vaiheeseen"),
    ("# Ilta\n\n### valinta: A", 3, "puuttuvat vaihtoehdot"),
    ("# Ilta\n\n### järjestys: A\n- vaihtoehdot:\n  - x", 4, "vähintään 2, nyt 1"),
    ("# Ilta\n\n### valinta: A\n- vaihtoehdot: x, y", 4, "omalle rivilleen"),
    ("# Ilta\n\n### valinta: A\n- vaihtoehdot:\n  - x\n  -\n  - y", 6, "Vaihtoehto on tyhjä"),
    ("# Ilta\n\n### valinta: A\n- vaihtoehdot:\n  - x\n  - X", 6, "on jo rivillä 5"),
    ("# Ilta\n\n### valinta: A\n- vaihtoehdot:\n  - x\n    - z\n  - y", 6, "Vaihtoehdolla"),
    (
        "# Ilta\n\n### valinta: A\n- vaihtoehdot:\n" + "".join(f"  - {i}\n" for i in range(21)),
        4,
        "enintään 20",
    ),
    (
        "# Ilta\n\n### valinta: A\n- monivalinta: ehkä\n- vaihtoehdot:\n  - x\n  - y",
        4,
        "kyllä tai ei",
    ),
    ("# Ilta\n\n### asteikko: A", 3, "Asteikolta puuttuu alku ja loppu"),
    ("# Ilta\n\n### asteikko: A\n- asteikko: paljon", 4, "esimerkiksi 1–5"),
    ("# Ilta\n\n### asteikko: A\n- asteikko: 5", 4, "esimerkiksi 1–5"),
    ("# Ilta\n\n### asteikko: A\n- asteikko: 5–1", 4, "pienempi kuin loppu, nyt 5–1"),
    ("# Ilta\n\n### asteikko: A\n- asteikko: 3–3", 4, "pienempi kuin loppu"),
    ("# Ilta\n\n### asteikko: A\n- asteikko: 0–100", 4, "enintään 11 kohtaa"),
    ("# Ilta\n\n### asteikko: A\n- asteikko: 1–5\n- ääripäät: huono", 5, "viivalla erotettuina"),
    ("# Ilta\n\n### pisteet: A", 3, "puuttuu äänestettävä vaihe"),
    ("# Ilta\n\n### pisteet: A\n- äänestä: olematon", 4, "Vaihetta ”olematon” ei löydy"),
    (
        "# Ilta\n\n### pisteet: A\n- äänestä: b\n\n### avoin: B\n- id: b",
        4,
        "ei ole ennen tätä vaihetta",
    ),
    ("# Ilta\n\n### pisteet: A\n- id: a\n- äänestä: a", 5, "ei ole ennen tätä vaihetta"),
    (
        "# Ilta\n\n### asteikko: B\n- id: b\n- asteikko: 1–5\n\n### pisteet: A\n- äänestä: b",
        8,
        "laji on asteikko",
    ),
    (
        "# Ilta\n\n### avoin: B\n\n### pisteet: A\n- äänestä: b\n- äänestettävät: x",
        7,
        "vastaukset tai ryhmät",
    ),
    ("# Ilta\n\n### avoin: B\n\n### pisteet: A\n- äänestä: b\n- pisteitä: 0", 7, "nyt 0"),
    (
        "# Ilta\n\n### avoin: B\n\n### pisteet: A\n- äänestä: b\n- pisteitä: 2,5",
        7,
        "ei ole kokonaisluku",
    ),
    ("# Ilta\n\n### avoin: B\n\n### pisteet: A\n- äänestä: b\n- enintään: 0", 7, "nyt 0"),
    (
        "# Ilta\n\n### avoin: B\n\n### pisteet: A\n- äänestä: b\n- enintään: 4",
        7,
        "enintään 4, pisteitä 3",
    ),
    (
        "# Ilta\n\n### avoin: B\n\n### pisteet: A\n- äänestä: b\n- pisteitä: 2\n- enintään: 3",
        8,
        "enintään 3, pisteitä 2",
    ),
    ("# Ilta\n\n### tapahtuma: A\n- vuosi: 1999", 4, "2000–2100"),
    ("# Ilta\n" + "### info: A\n" * 201, 202, "enintään 200"),
]


@pytest.mark.parametrize(("source", "line", "fragment"), CASES)
def test_error_line(source, line, fragment):
    found = errors(source)
    assert any(got == line and fragment in message for got, message in found), found


def test_every_problem_is_listed_in_line_order():
    source = "# Ilta\n\n### kysely: A\n- aika: x\n\n### avoin:\n- vastauksia: 0\n"
    assert [line for line, _ in errors(source)] == [3, 4, 6, 7]


def test_too_long():
    assert errors("# Ilta\n" + "x" * 200_001) == [
        (0, "Käsikirjoitus on liian pitkä (yli 200000 merkkiä).")
    ]


def test_messages_are_single_lines():
    for source, _, _ in CASES:
        assert all("\n" not in message for _, message in errors(source))


# --- Files ------------------------------------------------------------------------------


def test_load_script_file_reads_utf8_with_bom(tmp_path):
    path = tmp_path / "ilta.md"
    path.write_bytes("\ufeff# Ilta\n### info: Hei".encode())
    assert load_script_file(path).title == "Ilta"


def test_load_script_file_not_utf8(tmp_path):
    path = tmp_path / "ilta.md"
    path.write_bytes("# Ilta\n\n### info: Hyvää iltaa".encode("latin-1"))
    with pytest.raises(ScriptInvalid) as caught:
        load_script_file(path)
    assert caught.value.errors[0].line == 3
    assert "UTF-8" in caught.value.errors[0].message


def test_load_script_file_missing(tmp_path):
    with pytest.raises(ScriptInvalid) as caught:
        load_script_file(tmp_path / "ei-ole.md")
    assert caught.value.errors[0].line == 0
    assert caught.value.errors[0].message.startswith("Tiedostoa ei voi lukea")


def test_check_file_valid(tmp_path):
    path = tmp_path / "ilta.md"
    path.write_text(GOOD, encoding="utf-8")
    assert check_file(path) == (0, [summarize(parse_script(GOOD))])


def test_check_file_invalid(tmp_path):
    path = tmp_path / "ilta.md"
    path.write_text("# Ilta\n\n### kysely: A\n- aika: x\n", encoding="utf-8")
    code, lines = check_file(str(path))
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:3", f"{path}:4"]


def test_check_file_directory(tmp_path):
    code, lines = check_file(tmp_path)
    assert code == 1
    assert lines[0].startswith(f"{tmp_path}:0: Tiedostoa ei voi lukea")


# --- The documentation cannot drift ------------------------------------------------------


def docs() -> str:
    """docs/scripts.md."""
    return DOCS.read_text(encoding="utf-8")


def test_docs_example_parses_and_matches_summary():
    example = re.search(r"```markdown\n(# .*?)```", docs(), re.S).group(1)
    assert f"\n{summarize(parse_script(example))}\n" in docs()


def test_docs_name_every_kind_and_known_theme():
    text = docs()
    assert all(f"`{name}`" in text for name in KIND_NAMES.values())
    assert all(f"`{theme.key}`" in text for theme in KNOWN_THEMES)


# --- Property tests: any input gives a Script or line-numbered errors --------------------

KEYS = ["id", "aika", "vastauksia", "vaihtoehdot", "monivalinta", "asteikko", "ääripäät", "äänestä"]
KEYS += [
    "äänestettävät",
    "pisteitä",
    "enintään",
    "tarkenna",
    "vuosi",
    "kieli",
    "tahti",
    "avain",
    "x",
]
KINDS = [*KIND_NAMES.values(), "open", "dots", "kysely", ""]
VALUES = ["1", "0", "-1", "5 min", "1–5", "5-1", "a – b", "kyllä", "ryhmät", "a", "b-2", "", "2027"]
VALUES += ["B? (jos lyhyt)", "B? (jos mainitsee: a, b)", "(jos)", "B? (jos alle 9 merkkiä)"]

LINES = st.one_of(
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 5), st.text(max_size=8)),
    st.builds(
        lambda kind, text: f"### {kind}: {text}", st.sampled_from(KINDS), st.text(max_size=8)
    ),
    st.builds(
        lambda indent, key, value: f"{' ' * indent}- {key}: {value}",
        st.sampled_from([0, 0, 2, 4]),
        st.sampled_from(KEYS),
        st.sampled_from(VALUES),
    ),
    st.builds(
        lambda indent, text: f"{' ' * indent}- {text}", st.sampled_from([0, 2]), st.text(max_size=8)
    ),
    st.text(max_size=20),
    st.sampled_from(["", "===", "```", "> lainaus", "1. kohta", "---", "<div>"]),
)


def assert_script_or_line_errors(source: str) -> None:
    """parse_script gives a Script, or ScriptInvalid with lines inside the text."""
    try:
        assert isinstance(parse_script(source), Script)
    except ScriptInvalid as invalid:
        assert invalid.errors
        for error in invalid.errors:
            assert 0 <= error.line <= len(source.splitlines()), (error, source)
            assert "ohjelman virhe" not in error.message, (error, source)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=20).map("\n".join))
def test_markdownish_input_never_crashes(source):
    assert_script_or_line_errors(source)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text_never_crashes(source):
    assert_script_or_line_errors(source)


@settings(max_examples=100, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_valid_prefix_with_random_tail_never_crashes(tail):
    assert_script_or_line_errors(GOOD + tail)


def test_a_bug_in_the_parser_still_gives_a_line_numbered_error(monkeypatch):
    monkeypatch.setattr("tyopaja.script.parse._blocks", lambda source: 1 / 0)
    assert errors("# Ilta") == [
        (
            0,
            "Käsikirjoitusta ei voitu lukea ohjelman virheen vuoksi (ZeroDivisionError). "
            "Kerro tästä Työpajan ylläpitäjälle.",
        )
    ]


def test_placement_is_a_yes_no_setting_of_open_steps():
    source = (
        "# Ilta\n\n### avoin: Mitä?\n- id: a\n- sijoittelu: kyllä\n\n"
        "### avoin: Entä?\n- id: b\n- placement: no\n\n### avoin: Vielä?\n- id: c\n"
    )
    steps = parse_script(source).steps
    assert [step.placement for step in steps] == [True, False, False]
    with pytest.raises(ScriptInvalid) as bad:
        parse_script("# Ilta\n\n### avoin: Mitä?\n- sijoittelu: joo\n")
    assert "Sijoittelu on kyllä tai ei" in str(bad.value)
    with pytest.raises(ScriptInvalid):
        parse_script("# Ilta\n\n### asteikko: Miten?\n- asteikko: 1–5\n- sijoittelu: kyllä\n")

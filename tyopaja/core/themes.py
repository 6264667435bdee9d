"""Known workshop themes: stable keys, titles in fi/sv/en, and the headings that mean them.

A script's `## Heading` becomes a theme key through `theme_key()`: known keys let the
export put answers under the right section of the cooperation document or the
welfare report. Pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownTheme:
    """A theme the export knows by key, with its titles and the headings that mean it."""

    key: str
    fi: str
    sv: str
    en: str
    aliases: tuple[str, ...] = ()

    def title(self, lang: str = "fi") -> str:
        """The title in `lang` (fi, sv or en); Finnish for anything else."""
        return {"sv": self.sv, "en": self.en}.get(lang, self.fi)


KNOWN_THEMES: tuple[KnownTheme, ...] = (
    KnownTheme(
        "avustukset",
        "Avustukset",
        "Bidrag",
        "Grants",
        ("avustus", "järjestöavustukset", "yhdistysavustukset", "föreningsbidrag", "grant"),
    ),
    KnownTheme(
        "tilat",
        "Tilat",
        "Lokaler",
        "Premises",
        ("tila", "kunnan tilat", "lokal", "venues", "facilities"),
    ),
    KnownTheme(
        "yhteistyo",
        "Yhteistyö ja yhdyshenkilö",
        "Samarbete och kontaktperson",
        "Cooperation and contact person",
        (
            "yhteistyö",
            "yhdyshenkilö",
            "järjestöyhdyshenkilö",
            "yhteyshenkilö",
            "järjestöyhteistyö",
            "yhteistyörakenteet",
            "samarbete",
            "kontaktperson",
            "cooperation",
            "contact person",
        ),
    ),
    KnownTheme(
        "hyvinvointi",
        "Yhdistykset hyvinvointityössä",
        "Föreningarna i välfärdsarbetet",
        "Associations in wellbeing work",
        (
            "hyvinvointityö",
            "hyte",
            "hyvinvointikertomus",
            "järjestöt hyvinvointityössä",
            "yhdistykset hyvinvointityössä",
            "järjestöt voimavarana hyvinvointityössä",
            "välfärd",
            "välfärdsarbete",
            "välbefinnande",
            "wellbeing",
            "welfare",
        ),
    ),
    KnownTheme(
        "viestinta",
        "Viestintä",
        "Kommunikation",
        "Communication",
        ("tiedotus", "tiedottaminen", "information", "communication"),
    ),
    KnownTheme(
        "vuosikello",
        "Vuosikello",
        "Årsklocka",
        "Annual calendar",
        ("vuosikalenteri", "årsklocka", "årsklockan", "annual calendar", "calendar"),
    ),
    KnownTheme(
        "yhdistysyhteistyo",
        "Yhdistysten keskinäinen yhteistyö",
        "Samarbete mellan föreningarna",
        "Cooperation between associations",
        (
            "yhdistysten yhteistyö",
            "yhdistysten keskinäinen yhteistyö",
            "samarbete mellan föreningarna",
            "cooperation between associations",
        ),
    ),
    KnownTheme(
        "pelisaannot",
        "Pelisäännöt",
        "Spelregler",
        "Ground rules",
        ("yhteiset pelisäännöt", "yhteistyön pelisäännöt", "spelregler", "ground rules"),
    ),
    KnownTheme(
        "itsearvio",
        "Järjestöystävällisyyden itsearvio",
        "Självvärdering",
        "Self-assessment",
        (
            "itsearviointi",
            "järjestöystävällinen kunta",
            "järjestöystävällisyys",
            "självvärdering",
            "föreningsvänlig kommun",
            "self-assessment",
        ),
    ),
    KnownTheme(
        "tasot",
        "Järjestöyhteistyön tasot",
        "Nivåerna i föreningssamarbetet",
        "Levels of cooperation",
        (
            "yhteistyön tasot",
            "keski-suomen malli",
            "järjestöyhteistyö keski-suomessa",
            "käytäntöjen tasot",
            "nivåer",
            "levels",
        ),
    ),
    KnownTheme(
        "ilot-ja-huolet",
        "Ilon- ja huolenaiheet",
        "Glädje- och oroämnen",
        "Sources of joy and concern",
        ("ilon- ja huolenaiheet", "ilot ja huolet", "glädje och oro", "joys and concerns"),
    ),
    KnownTheme(
        "tavoitetut-ryhmat",
        "Ryhmät, jotka yhdistykset tavoittavat",
        "Grupper som föreningarna når",
        "Groups the associations reach",
        ("tavoitetut ryhmät", "ketä tavoitamme", "grupper vi når", "groups we reach"),
    ),
    KnownTheme(
        "hiljaiset-signaalit",
        "Hiljaiset signaalit ja uudet ilmiöt",
        "Svaga signaler och nya fenomen",
        "Weak signals and new phenomena",
        ("hiljaiset signaalit", "uudet ilmiöt", "svaga signaler", "weak signals"),
    ),
    KnownTheme(
        "toimenpiteet",
        "Ehdotetut toimenpiteet",
        "Föreslagna åtgärder",
        "Proposed actions",
        ("ehdotetut toimenpiteet", "ehdotukset", "föreslagna åtgärder", "proposed actions"),
    ),
    KnownTheme(
        "priorisointi",
        "Priorisointi",
        "Prioritering",
        "Priorities",
        ("tärkeimmät", "äänestys", "pisteäänestys", "prioritering", "priorities", "voting"),
    ),
    KnownTheme(
        "jatkotoimet",
        "Jatkotoimet",
        "Fortsatta åtgärder",
        "Next steps",
        ("jatko", "seuraavat askeleet", "sovitut asiat", "fortsättning", "next steps"),
    ),
)

_BY_KEY: dict[str, KnownTheme] = {theme.key: theme for theme in KNOWN_THEMES}


def _norm(text: str) -> str:
    """Lower-case text with single spaces and no punctuation at either end."""
    return " ".join(text.lower().split()).strip(" .,:;!?()[]\"'”“–—-")


def _alias_index() -> dict[str, str]:
    """Every normalised alias and title (fi, sv, en) -> theme key."""
    index: dict[str, str] = {}
    for theme in KNOWN_THEMES:
        for name in (theme.key, theme.fi, theme.sv, theme.en, *theme.aliases):
            index.setdefault(_norm(name), theme.key)
    return index


_ALIASES = _alias_index()


def slugify(text: str, max_chars: int = 40) -> str:
    """ASCII slug of `text`: lower-case words joined by '-', cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            return slug or word[:max_chars]
        slug = candidate
    return slug


def known_theme(key: str | None) -> KnownTheme | None:
    """The known theme with this key, or None."""
    return _BY_KEY.get(key or "")


def theme_key(heading: str) -> str:
    """Theme key of a `## heading`: alias of the heading or its first word, else a slug."""
    normalised = _norm(heading)
    if normalised in _ALIASES:
        return _ALIASES[normalised]
    words = normalised.split()
    if words and _norm(words[0]) in _ALIASES:
        return _ALIASES[_norm(words[0])]
    return slugify(heading)

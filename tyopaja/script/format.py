"""The script format's words and limits: keywords, where each setting belongs, how big is allowed.

Keywords are matched after folding (lower case, no accents, '_' and '-' as spaces), so
`Äänestä`, `aanesta` and `äänestä` are the same key. Finnish, Swedish and English work.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SOURCE_CHARS = 200_000
MAX_STEPS = 200
MAX_ANSWERS = 20
MAX_DOTS = 20
MAX_MINUTES = 240
MAX_OPTIONS = 20
MAX_SCALE_POINTS = 11
MAX_SHORT_CHARS = 500
MAX_ID_CHARS = 40


_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "info": ("info",),
    "open": ("open", "avoin", "oppen", "fritext"),
    "choice": ("choice", "valinta", "val"),
    "scale": ("scale", "asteikko", "skala"),
    "rank": ("rank", "ranking", "jarjestys", "rangordning", "ordning"),
    "dots": ("dots", "pisteet", "pisteaanestys", "poang", "prickar"),
    "event": ("event", "tapahtuma", "handelse", "evenemang"),
    "action": ("action", "next step", "toimenpide", "jatkotoimi", "atgard"),
    "recap": ("recap", "follow up", "seuranta", "uppfoljning"),
}

# canonical setting -> (Finnish label used in messages, accepted keys after folding)
_SETTING_WORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lang": ("kieli", ("kieli", "lang", "language", "sprak")),
    "pacing": ("tahti", ("tahti", "pacing", "tempo")),
    "attribution": ("nimeäminen", ("nimeaminen", "attribution", "namngivning")),
    "key": ("avain", ("avain", "key", "nyckel")),
    "id": ("id", ("id", "tunniste")),
    "minutes": ("aika", ("aika", "time", "tid", "minutes", "minuutit")),
    "max_answers": ("vastauksia", ("vastauksia", "vastaukset", "max answers", "answers", "svar")),
    "options": ("vaihtoehdot", ("vaihtoehdot", "options", "alternativ")),
    "multiple": ("monivalinta", ("monivalinta", "multiple", "flerval")),
    "range": ("asteikko", ("asteikko", "range", "skala")),
    "labels": ("ääripäät", ("aaripaat", "labels", "andpunkter")),
    "source": ("äänestä", ("aanesta", "source", "vote on", "rosta om")),
    "source_kind": ("äänestettävät", ("aanestettavat", "of", "objekt")),
    "dots": ("pisteitä", ("pisteita", "dots", "poang")),
    "per_item": ("enintään", ("enintaan", "per item", "max per item", "hogst")),
    "probe": ("tarkenna", ("tarkenna", "tarkennus", "probe", "foljdfraga")),
    "placement": ("sijoittelu", ("sijoittelu", "placement", "placering")),
    "year": ("vuosi", ("vuosi", "year", "ar")),
}

SCRIPT_SETTINGS = ("lang", "pacing", "year", "attribution")
THEME_SETTINGS = ("key",)
_COMMON = ("id", "minutes")
STEP_SETTINGS: dict[str, tuple[str, ...]] = {
    "info": _COMMON,
    "open": (*_COMMON, "max_answers", "probe", "placement"),
    "choice": (*_COMMON, "options", "multiple"),
    "scale": (*_COMMON, "range", "labels"),
    "rank": (*_COMMON, "options"),
    "dots": (*_COMMON, "source", "source_kind", "dots", "per_item"),
    "event": (*_COMMON, "year"),
    "action": _COMMON,
    "recap": (*_COMMON, "range", "labels"),
}
ALL_STEP_SETTINGS = tuple(dict.fromkeys(s for v in STEP_SETTINGS.values() for s in v))
LIST_SETTINGS = ("options", "probe")  # settings whose values may be nested bullets
REPEATABLE = ("probe",)

LANGS = {"fi": "fi", "suomi": "fi", "finska": "fi", "finnish": "fi", "sv": "sv", "ruotsi": "sv"}
LANGS |= {"svenska": "sv", "swedish": "sv", "en": "en", "englanti": "en", "engelska": "en"}
LANGS |= {"english": "en"}
# `vuosi: ensi vuosi` -> 1 year after the workshop's date; `vuosi: tämä vuosi` -> its year.
RELATIVE_YEARS = {"ensi vuosi": 1, "seuraava vuosi": 1, "ensi vuonna": 1, "next year": 1}
RELATIVE_YEARS |= {"nasta ar": 1, "kommande ar": 1, "tama vuosi": 0, "kuluva vuosi": 0}
RELATIVE_YEARS |= {"this year": 0, "i ar": 0, "detta ar": 0}
PACINGS = {"fasilitaattori": "facilitator", "facilitator": "facilitator", "ohjaaja": "facilitator"}
PACINGS |= {"ledare": "facilitator", "oma": "self", "self": "self", "itse": "self", "egen": "self"}
ATTRIBUTIONS = {"yhdistys": "association", "association": "association"}
ATTRIBUTIONS |= {"forening": "association", "toimiala": "sector", "sector": "sector"}
ATTRIBUTIONS |= {"sektor": "sector", "ei": "none", "none": "none", "ingen": "none"}
YES = ("kylla", "yes", "ja", "true", "on", "1")
NO = ("ei", "no", "nej", "false", "off", "0")
SOURCE_KINDS = {"vastaukset": "answers", "answers": "answers", "svar": "answers"}
SOURCE_KINDS |= {"svaren": "answers", "ryhmat": "groups", "groups": "groups", "grupper": "groups"}

_ID_RE = re.compile(rf"^[a-z0-9](?:[a-z0-9_-]{{0,{MAX_ID_CHARS - 2}}}[a-z0-9])?$")

# Examples that several messages end with.
TITLE_HINT = "Aloita otsikolla, esimerkiksi: # Yhdistysilta 2026"
LEVELS_HINT = "Käytä teemoille otsikkoa ## ja vaiheille otsikkoa ###."
STEP_HINT = "Kirjoita vaihe näin: ### avoin: Mitä toivotte kunnalta?"
OPTIONS_HINT = (
    "Kirjoita jokainen vaihtoehto omalle rivilleen ”vaihtoehdot:”-rivin alle "
    "sisennettynä luettelokohtana, esimerkiksi ”  - kyllä”."
)
PLAIN_TEXT_HINT = "Jos tarkoitit tavallista tekstiä, kirjoita ensin kappale ja sitten luettelo."


def fold(text: str) -> str:
    """Lower-case ASCII form of a keyword: accents dropped, '_' and '-' as spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().replace("_", " ").replace("-", " ").split())


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Invert {canonical: words} into {word: canonical}."""
    return {word: name for name, words in table.items() for word in words}


KINDS_BY_WORD = _lookup(_KIND_WORDS)
_SETTINGS_BY_WORD = _lookup({name: words for name, (_, words) in _SETTING_WORDS.items()})


def setting_name(key: str) -> str | None:
    """The canonical name of a setting key as written (`Äänestä` -> `source`), or None."""
    return _SETTINGS_BY_WORD.get(fold(key))


def labels(names: tuple[str, ...]) -> str:
    """Finnish names of settings as a comma-separated list."""
    return ", ".join(_SETTING_WORDS[name][0] for name in names)


def valid_id(text: str) -> str | None:
    """`text` as a step id or theme key (trimmed, lower case) if it has the allowed shape."""
    ident = text.strip().lower()
    return ident if _ID_RE.match(ident) else None

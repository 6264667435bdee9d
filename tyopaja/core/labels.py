"""The words people read for internal keys: languages, months, sectors, step kinds. Pure.

One place for them. Each label is its Finnish msgid, marked with `label()` so that both
gettext catalogs carry it: the pages' and the chat's (domain "messages", `./scripts/i18n`)
and the export's (domain "export", `./scripts/i18n-export`). Each side translates with its
own translator; the Finnish text is the label itself.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("fi", "sv", "en")


def label(message: str) -> str:
    """Mark a label for extraction into both catalogs; it is translated where it is shown."""
    return message


# Lower case, as in running Finnish text; the chat's month picker capitalises them.
MONTHS: tuple[str, ...] = (
    label("tammikuu"),
    label("helmikuu"),
    label("maaliskuu"),
    label("huhtikuu"),
    label("toukokuu"),
    label("kesäkuu"),
    label("heinäkuu"),
    label("elokuu"),
    label("syyskuu"),
    label("lokakuu"),
    label("marraskuu"),
    label("joulukuu"),
)

# The sectors of `core.workshop.SECTORS`, as the phone offers them and the export names them.
SECTOR_LABELS: dict[str, str] = {
    "sote": label("Sosiaali- ja terveysala"),
    "liikunta": label("Liikunta ja urheilu"),
    "kulttuuri": label("Kulttuuri"),
    "nuoriso": label("Nuoriso"),
    "eläkeläiset": label("Eläkeläiset"),
    "kylätoiminta": label("Kylä- ja asukastoiminta"),
    "vapaaehtoispelastus": label("Vapaaehtoinen pelastustoiminta"),
    "maahanmuuttajat": label("Maahanmuuttajat ja monikulttuurisuus"),
    "muu": label("Muu toimiala"),
}

# Step kinds in the script's own words (what `### avoin:` says), as scripts, the organiser
# and the facilitator read them.
KIND_NAMES: dict[str, str] = {
    "info": label("info"),
    "open": label("avoin"),
    "choice": label("valinta"),
    "scale": label("asteikko"),
    "rank": label("järjestys"),
    "dots": label("pisteet"),
    "event": label("tapahtuma"),
    "action": label("toimenpide"),
    "recap": label("seuranta"),
}

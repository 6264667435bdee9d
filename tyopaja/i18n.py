"""Languages: Finnish first, then Swedish and English, through gettext catalogs (Flask-Babel)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, request
from flask_babel import Babel, get_locale

from tyopaja.catalogs import Translator
from tyopaja.core.labels import LANGS
from tyopaja.paths import resource_dir

DEFAULT_LANG = "fi"
LANG_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}

babel = Babel()


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it yet."""
    return message


# Refusal codes -> the message the user reads (documented in docs/protocol.md).
MESSAGES: dict[str, str] = {
    "bad_request": N_(
        "Viestiä ei voitu käsitellä. Lataa sivu uudelleen ja yritä sitten uudestaan."
    ),
    "empty": N_("Kirjoita ensin jotain."),
    "too_long": N_("Teksti on liian pitkä. Enintään %(limit)d merkkiä."),
    "max_answers": N_("Tähän kysymykseen voi antaa enintään %(limit)d vastausta."),
    "step_closed": N_("Tähän kysymykseen ei voi enää vastata. Kiitos silti!"),
    "step_not_current": N_("Tämä kysymys ei ole nyt vuorossa."),
    "workshop_closed": N_("Työpaja on jo päättynyt."),
    "workshop_not_started": N_("Työpaja ei ole vielä alkanut."),
    "no_such_step": N_("Kysymystä ei löytynyt."),
    "no_such_answer": N_("Vastausta ei löytynyt."),
    "not_yours": N_("Tämä ei ole sinun vastauksesi."),
    "bad_identity": N_("Tunnistus ei onnistunut. Lataa sivu uudelleen."),
    "wrong_kind": N_("Tähän kysymykseen vastataan toisella tavalla."),
    "bad_headcount": N_("Henkilömäärän pitää olla 1–%(limit)d."),
    "one_choice": N_("Valitse vain yksi vaihtoehto."),
    "out_of_range": N_("Valitse luku väliltä %(low)d–%(high)d."),
    "too_many_dots": N_("Sinulla on käytössäsi %(limit)d pistettä."),
    "too_many_per_item": N_("Yhdelle vaihtoehdolle voi antaa enintään %(limit)d pistettä."),
    # participant chat
    "bad_date": N_("Tarkista kuukausi ja päivä."),
    "max_events": N_("Tähän voi lisätä enintään %(limit)d tapahtumaa."),
    "not_self_paced": N_("Ohjaaja vie kysymyksestä toiseen. Odota hetki."),
    "not_allowed": N_("Sinulla ei ole oikeutta tähän."),
    "unknown_workshop": N_("Työpajaa ei löytynyt. Tarkista koodi."),
    "rate_limited": N_("Hetkinen! Lähetit monta viestiä peräkkäin. Yritä hetken päästä uudelleen."),
    "store_failed": N_("Tallennus ei onnistunut. Viesti lähetetään uudelleen automaattisesti."),
    "server_error": N_("Jokin meni vikaan. Yritä uudelleen."),
    # facilitator console
    "no_such_group": N_("Ryhmää ei löytynyt. Se on ehkä jo yhdistetty tai purettu."),
    "other_step": N_("Vastaukset ja ryhmät pitää valita samasta vaiheesta."),
    "bad_time": N_("Ajan pitää olla 0–%(limit)d minuuttia."),
    "not_ready": N_("Ryhmittelyehdotukset ovat vielä tulossa. Yritä hetken päästä uudelleen."),
    # review (Koonti)
    "no_such_chapter": N_("Lukua ei löytynyt käsikirjoituksesta."),
    # next steps and follow-up across evenings
    "max_actions": N_("Tähän voi lisätä enintään %(limit)d toimenpidettä."),
    "no_such_action": N_("Toimenpidettä ei löytynyt."),
    "bad_status": N_("Valitse tila: tehty, kesken, ei aloitettu tai hylätty."),
    "no_such_workshop": N_("Aiempaa työpajaa ei löytynyt. Tarkista sen koodi."),
    "follows_itself": N_("Työpaja ei voi olla oma jatkonsa. Anna aiemman työpajan koodi."),
    "series_loop": N_(
        "Työpaja ei voi jatkaa iltaa, joka on jo sen omaa jatkoa. Sarja etenee vain eteenpäin."
    ),
    "already_followed": N_(
        "Aiemmalla työpajalla on jo jatko (%(next)s). Jatka sarjaa uusimmasta illasta."
    ),
    # participant-assisted placement
    "placement_off": N_("Tässä kysymyksessä vastauksia ei nyt liitetä toisiinsa."),
}


def select_locale() -> str:
    """The page language: ?lang=, then the `lang` cookie, then the page's own, then the browser's.

    A page may set `g.page_lang`: the participant chat speaks its workshop's
    language unless the participant picks another (many Finns' phones are set
    to English, yet a Finnish workshop should greet them in Finnish).
    """
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked in LANGS:
        return asked
    if g.get("page_lang") in LANGS:
        return g.page_lang
    return request.accept_languages.best_match(LANGS, default=DEFAULT_LANG) or DEFAULT_LANG


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with the bundled catalogs."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANG)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(resource_dir("translations")))
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(lambda: {"get_locale": get_locale, "lang_names": LANG_NAMES})
    app.after_request(remember_lang)


def remember_lang(response: Response) -> Response:
    """Keep a language chosen with ?lang= for the next pages."""
    asked = request.args.get("lang")
    if asked in LANGS and request.cookies.get("lang") != asked:
        response.set_cookie("lang", asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def clean_lang(lang: Any) -> str:
    """A supported language code, or the default."""
    return lang if lang in LANGS else DEFAULT_LANG


def error_message(code: str, lang: str, **params: Any) -> str:
    """The user-facing message for a refusal code, in `lang` (no request or app needed)."""
    message = MESSAGES.get(code, MESSAGES["server_error"])
    return Translator(clean_lang(lang)).gettext(message, **params)

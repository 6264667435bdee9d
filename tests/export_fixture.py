"""A realistic association evening for the export tests, built from the shared dev data.

166 answers over six prompts (/work/shared/data/yhdistysilta-dev.jsonl) with associations
and sectors, stored through actions and Tx: participants join, answer, some answer as table
groups; the facilitator groups the answers (by the data's cluster labels), hides one answer;
a participant withdraws one; everyone rates the cooperation on a scale and gives dots to the
grant ideas; the calendar gets entries. Everything is deterministic, so the export is too.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tyopaja.core import voting
from tyopaja.script.parse import parse_script
from tyopaja.store import Store, Tx
from tyopaja.usecases import actions
from tyopaja.usecases.base import Actor

DATA = Path("/work/shared/data/yhdistysilta-dev.jsonl")
CODE = "VRJ226"

SCRIPT = """\
# Yhdistysilta 2026

- kieli: fi

Tervetuloa yhdistysiltaan! Vastaat omalla puhelimellasi.

## Avustukset

### avoin: Mikä kunnan järjestöavustuksissa toimii hyvin?
- id: avustus-toimii
- vastauksia: 5

### avoin: Miten avustuskäytäntöjä pitäisi kehittää?
- id: avustus-kehitys
- vastauksia: 5

## Tilat

### avoin: Millaisia tiloja yhdistyksenne tarvitsee ja mikä tilojen käytössä on hankalaa?
- id: tilat
- vastauksia: 5

## Yhteistyö

### avoin: {q4}
- id: yhteistyo
- vastauksia: 5

## Hyvinvointityö

### avoin: Miten yhdistyksenne edistää asukkaiden hyvinvointia, ja miten kunta voisi hyödyntää sitä?
- id: hyvinvointi
- vastauksia: 5

## Viestintä

### avoin: Miten järjestötoiminnasta pitäisi viestiä asukkaille?
- id: viestinta
- vastauksia: 5

## Priorisointi

### asteikko: Kuinka hyvin kunnan ja yhdistysten yhteistyö toimii nyt?
- id: yhteistyo-nyt
- asteikko: 1–5
- ääripäät: huonosti – erinomaisesti

### pisteet: Mitkä avustusten kehittämisideat ovat tärkeimpiä?
- id: avustus-tarkeimmat
- äänestä: avustus-kehitys
- äänestettävät: ryhmät
- pisteitä: 5
- enintään: 2

## Vuosikello

### tapahtuma: Mitkä ovat yhdistyksenne tärkeimmät tapahtumat ensi vuonna?
- id: tapahtumat
- vuosi: 2027
"""

Q4 = (
    "Miten kunta ja yhdistykset voisivat tehdä yhteistyötä paremmin?"
    " (esim. järjestöyhdyshenkilö, yhdistysillat)"
)
SCRIPT = SCRIPT.replace("{q4}", Q4)

STEP_OF_PROMPT = {
    "q1": "avustus-toimii",
    "q2": "avustus-kehitys",
    "q3": "tilat",
    "q4": "yhteistyo",
    "q5": "hyvinvointi",
    "q6": "viestinta",
}

GROUP_TITLES = {
    "annual_grant_predictable": "Ennakoitava hakuaika",
    "clear_criteria_and_instructions": "Selkeät avustusperusteet ja ohjeet",
    "electronic_application_easy": "Sähköinen haku on helppo",
    "payment_on_time": "Avustus maksetaan ajallaan",
    "small_associations_get_support": "Pienetkin yhdistykset saavat tukea",
    "staff_helpful_guidance": "Kunnan työntekijät neuvovat",
    "deadline_reminders": "Muistutus ennen hakuajan päättymistä",
    "grant_spent_on_rent": "Avustus menee tilavuokriin",
    "lighter_reporting_paperwork": "Kevyempi raportointi",
    "longer_application_period": "Pidempi hakuaika",
    "predictable_multiyear_funding": "Monivuotinen rahoitus",
    "quick_small_grants_year_round": "Pienet avustukset nopeasti ympäri vuoden",
    "accessibility_premises": "Esteettömät tilat",
    "booking_system_unclear": "Tilojen varaaminen on hankalaa",
    "free_school_gyms": "Maksuttomat koulujen salit",
    "keys_access_hassle": "Avaimet ja kulkuoikeudet",
    "rent_too_expensive": "Vuokrat ovat liian kalliita",
    "storage_space": "Varastotilaa tarvitaan",
    "consult_associations_early": "Yhdistyksiltä kysytään ajoissa",
    "joint_events_commissioning": "Yhteiset tapahtumat ja ostopalvelut",
    "named_contact_person": "Nimetty järjestöyhdyshenkilö",
    "network_between_associations": "Yhdistysten välinen verkosto",
    "regular_yhdistysilta": "Säännölliset yhdistysillat",
    "shared_annual_calendar": "Yhteinen vuosikello",
    "community_meeting_places": "Kohtaamispaikat",
    "exercise_groups_elderly": "Ikäihmisten liikuntaryhmät",
    "experience_knowledge_welfare_report": "Kokemustieto hyvinvointikertomukseen",
    "municipality_refers_residents": "Kunta ohjaa asukkaita yhdistyksiin",
    "peer_support": "Vertaistuki",
    "youth_hobbies_low_cost": "Edulliset harrastukset nuorille",
    "association_showcase_day": "Yhdistysten esittelypäivä",
    "facebook_social_media": "Sosiaalinen media",
    "library_info_screens_noticeboards": "Kirjaston näytöt ja ilmoitustaulut",
    "local_newspaper_print": "Paikallislehti",
    "municipal_website_listing": "Yhdistykset kunnan verkkosivuille",
    "shared_events_calendar": "Yhteinen tapahtumakalenteri",
    "toimeksi_listing": "Toimeksi.fi-palvelu",
}

# Table groups: one phone answers for several people.
TABLES = {"p05": ("Pöytä 4", 3), "p09": ("Pöytä 7", 4)}
LANGS = {"p11": "en"}
# People who joined only to vote (some told their sector).
VOTERS = [
    ("v01", "", ""),
    ("v02", "", "sote"),
    ("v03", "Vääräjoen Latu ry", "liikunta"),
    ("v04", "", "kulttuuri"),
    ("v05", "Föreningen Bron rf", "maahanmuuttajat"),
    ("v06", "", ""),
    ("v07", "", "eläkeläiset"),
    ("v08", "Vääräjoen Martat ry", "muu"),
    ("v09", "", "nuoriso"),
    ("v10", "", ""),
    ("v11", "", "sote"),
    ("v12", "", "kylätoiminta"),
]
EXTRA_ANSWERS = [
    # Contact details in an answer are masked in every export format.
    ("p08", "q6", "Meille voi kertoa tapahtumista: tiedotus@kotaniemenvy.fi tai 040 123 4567"),
    # A line break inside an answer stays inside the quote.
    ("p01", "q3", "Kerhohuone pitäisi saada\nmyös iltaisin käyttöön"),
]
FOLLOWUPS = {0: "Helmikuu sopii meidän toimintakauteen hyvin.", 40: "–"}
EVENTS = [
    # month, day, what, organiser, participant, hidden, withdrawn
    (1, "", "Talvirieha ja pilkkikilpailu", "", "p03", 0, 0),
    (2, "28", "Perustoiminta-avustuksen haku päättyy", "Vääräjoen kunta", "p10", 0, 0),
    (3, "14", "Kevätkonsertti", "", "p07", 0, 0),
    (4, "", "Siivoustalkoot kylällä", "Särkilahden Kyläyhdistys ry", "p03", 0, 0),
    (5, "9", "Äitienpäivän kahvitus", "", "p09", 0, 0),
    (5, "20", "Peruttu tapahtuma", "", "p09", 0, 1),
    (6, "6", "Kesäkauden avajaiset Vääräjoen rannassa", "", "p13", 0, 0),
    (7, "", "Testi testi", "", "p02", 1, 0),
    (8, "15", "Elokuun kyläjuhla; grillaus, arpajaiset ja tanssit", "", "p03", 0, 0),
    (9, "", "Syysretki Kolille", "", "p01", 0, 0),
    (10, "10", "Mielenterveysviikon avoin kahvila", "", "p04", 0, 0),
    (11, "26", "Yhdistysilta", "Vääräjoen kunta", "p10", 0, 0),
    (12, "6", "Itsenäisyyspäivän juhla", "", "p05", 0, 0),
]


def rows() -> list[dict]:
    """The shared dev data, one dict per answer."""
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build(store: Store) -> tuple[dict, str]:
    """Store the whole evening; return the closed workshop and its facilitator secret."""
    workshop, secret = store.write(
        actions.create_workshop,
        SCRIPT,
        script_name="yhdistysilta-2026.md",
        municipality="Vääräjoki",
        date="2026-11-26",
    )
    wid = workshop["id"]
    store.write(lambda tx: tx.update_workshop(wid, code=CODE))
    data = rows()
    people = _join(store, wid, data)
    answer_of = _answer(store, wid, data, people)
    _moderate(store, wid, data, answer_of)
    _vote(store, wid, people)
    _calendar(store, wid, people)
    store.write(actions.set_state, Actor(wid), "closed")
    with store.read() as tx:
        return tx.workshop(wid), secret


def _join(store: Store, wid: int, data: list[dict]) -> dict[str, int]:
    profiles = {r["participant"]: (r["association"], r["sector"]) for r in data}
    profiles.update({key: (assoc, sector) for key, assoc, sector in VOTERS})

    def join_all(tx: Tx) -> dict[str, int]:
        ids = {}
        for key in sorted(profiles):
            row, _ = actions.join(tx, wid, f"{key}-phone-0000000", "s" * 32, LANGS.get(key, "fi"))
            association, sector = profiles[key]
            label, headcount = TABLES.get(key, ("", 1))
            tx.update_participant(
                row["id"],
                association=association,
                sector=sector,
                table_label=label,
                headcount=headcount,
                onboarding="done",
            )
            ids[key] = row["id"]
        return ids

    return store.write(join_all)


def _answer(store: Store, wid: int, data: list[dict], people: dict[str, int]) -> dict[int, int]:
    """Answer prompt by prompt (the facilitator moves on); data index -> answer id."""
    extra = [{"participant": p, "prompt_id": q, "text": text} for p, q, text in EXTRA_ANSWERS]
    everything = list(enumerate(data + extra))
    ids = {}
    for prompt, step_id in STEP_OF_PROMPT.items():
        store.write(actions.goto_step, Actor(wid), step_id)
        mine = [(i, r) for i, r in everything if r["prompt_id"] == prompt]
        jobs = [
            (
                actions.submit_answer,
                (Actor(wid, people[r["participant"]]), f"c{i}", step_id, r["text"]),
            )
            for i, r in mine
        ]
        for (i, _), outcome in zip(mine, store.run_batch(jobs), strict=True):
            ids[i] = outcome.unwrap().ack["answer"]
    return ids


def _moderate(store: Store, wid: int, data: list[dict], answer_of: dict[int, int]) -> None:
    by_step: dict[str, dict[str, list[int]]] = {}
    for i, r in enumerate(data):
        if r["cluster"] in GROUP_TITLES:
            step_id = STEP_OF_PROMPT[r["prompt_id"]]
            by_step.setdefault(step_id, {}).setdefault(r["cluster"], []).append(i)

    def moderate(tx: Tx) -> None:
        for step_id, clusters_of_step in by_step.items():
            for cluster, members in clusters_of_step.items():
                group_id = tx.insert_group(
                    {
                        "workshop_id": wid,
                        "step_id": step_id,
                        "title": GROUP_TITLES[cluster],
                        "suggested": 1 if step_id == "viestinta" else 0,
                    }
                )
                tx.set_answers_group([answer_of[i] for i in members], group_id)
        off_topic = [i for i, r in enumerate(data) if r["cluster"] == "off_topic"]
        tx.update_answer(answer_of[off_topic[0]], hidden=1)
        tx.update_answer(answer_of[off_topic[2]], withdrawn=1)
        for index, text in FOLLOWUPS.items():
            tx.update_answer(answer_of[index], followup=text)

    store.write(moderate)


def _vote(store: Store, wid: int, people: dict[str, int]) -> None:
    script = parse_script(SCRIPT)
    scale, dots = script.step("yhteistyo-nyt"), script.step("avustus-tarkeimmat")
    rng = random.Random(2026)

    def vote(tx: Tx) -> None:
        groups = [g["id"] for g in tx.groups(wid, "avustus-kehitys")]
        keys = [voting.item_key("groups", g) for g in groups]
        for key in sorted(people)[:-3]:
            value = rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 5, 4, 1])[0]
            _ballot(tx, wid, scale.id, people[key], voting.check_ballot(scale, {"value": value}))
            spent: dict[str, int] = {}
            for _ in range(dots.dots):
                pick = rng.choices(keys, weights=[6, 3, 9, 12, 4, 7][: len(keys)])[0]
                if spent.get(pick, 0) < dots.max_per_item:
                    spent[pick] = spent.get(pick, 0) + 1
            ballot = voting.check_ballot(dots, {"dots": spent}, set(keys))
            _ballot(tx, wid, dots.id, people[key], ballot)

    store.write(vote)


def _ballot(tx: Tx, wid: int, step_id: str, participant_id: int, payload: dict) -> None:
    tx.db["ballots"].insert(
        {
            "workshop_id": wid,
            "step_id": step_id,
            "participant_id": participant_id,
            "payload": json.dumps(payload),
            "updated_at": "2026-11-26T19:00:00.000Z",
        }
    )


def _calendar(store: Store, wid: int, people: dict[str, int]) -> None:
    def add(tx: Tx) -> None:
        for i, (month, day, what, organiser, who, hidden, withdrawn) in enumerate(EVENTS):
            tx.db["events"].insert(
                {
                    "workshop_id": wid,
                    "step_id": "tapahtumat",
                    "participant_id": people[who],
                    "month": month,
                    "day": day,
                    "what": what,
                    "organiser": organiser,
                    "hidden": hidden,
                    "withdrawn": withdrawn,
                    "created_at": f"2026-11-26T18:{30 + i:02d}:00.000Z",
                }
            )

    store.write(add)

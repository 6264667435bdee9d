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
from tyopaja.usecases import actions, followup, moderation
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
    _review(store, wid)
    _next_steps(store, wid)
    store.write(actions.set_state, Actor(wid), "closed")
    with store.read() as tx:
        return tx.workshop(wid), secret


REVIEWED_SUMMARY = (
    "Avustuksia toivotaan kehitettävän niin, että hakuaika on pidempi ja siitä muistutetaan"
    " ennen kuin se päättyy. Pienille tapahtumille toivotaan nopeaa avustusta ympäri vuoden."
)
CHAPTER_SUMMARY = (
    "Avustuksissa toimivat ennakoitava hakuaika ja sähköinen haku. Kehitettävää on hakuajan"
    " pituudessa, muistutuksissa ja raportoinnin keveydessä."
)


def _next_steps(store: Store, wid: int) -> None:
    """The facilitator turns the two top-voted grant ideas into actions; one has no owner yet."""

    def decide(tx: Tx) -> None:
        groups = {g["title"]: g["id"] for g in tx.groups(wid, "avustus-kehitys")}
        followup.add_action(
            tx,
            wid,
            "Sähköpostimuistutus yhdistyksille kaksi viikkoa ennen hakuajan päättymistä",
            "Vapaa-aikapalvelut",
            "helmikuu 2027",
            "not_started",
            f"g:{groups['Muistutus ennen hakuajan päättymistä']}",
        )
        followup.add_action(
            tx,
            wid,
            "Avustusten hakuaika kuukaudesta kuuteen viikkoon",
            "",
            "vuoden 2027 avustuskierros",
            "not_started",
            f"g:{groups['Pidempi hakuaika']}",
        )

    store.write(decide)


def _review(store: Store, wid: int) -> None:
    """The facilitator's Koonti: one step and its chapter summarised and reviewed."""
    me = Actor.facilitator(wid)
    store.write(moderation.save_summary, me, "fx-rev-1", "avustus-kehitys", None, REVIEWED_SUMMARY)
    store.write(moderation.set_reviewed, me, "fx-rev-2", "avustus-kehitys", None, True)
    store.write(moderation.save_summary, me, "fx-rev-3", None, "avustukset", CHAPTER_SUMMARY)
    store.write(moderation.set_reviewed, me, "fx-rev-4", None, "avustukset", True)


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


# -- more evenings for the golden files ---------------------------------------------------

SESSIONS = Path(__file__).resolve().parents[1] / "tyopaja" / "sessions"


def _session(name: str) -> str:
    return (SESSIONS / name).read_text(encoding="utf-8")


def _create(store: Store, source: str, name: str, code: str, date: str, **extra) -> int:
    workshop, _secret = store.write(
        actions.create_workshop,
        source,
        script_name=name,
        municipality="Vääräjoki",
        date=date,
        **extra,
    )
    store.write(lambda tx: tx.update_workshop(workshop["id"], code=code))
    return workshop["id"]


def _phones(store: Store, wid: int, people: list[tuple[str, str, str]]) -> dict[str, int]:
    """Join phones: (key, association, sector) -> participant ids."""

    def join_all(tx: Tx) -> dict[str, int]:
        ids = {}
        for key, association, sector in people:
            row, _ = actions.join(tx, wid, f"{key}-phone-0000000", "s" * 32, "fi")
            tx.update_participant(
                row["id"], association=association, sector=sector, onboarding="done"
            )
            ids[key] = row["id"]
        return ids

    return store.write(join_all)


def build_imported(store: Store) -> dict:
    """An evening with no phones: a pre-survey file and paper notes typed in afterwards.

    The dev data's answers are imported; two of three rows carry a respondent label (so the
    export can say from how many people), the rest are bare. Nobody groups, so the export
    groups automatically; nobody votes. One typed answer is hidden.
    """
    from tyopaja.core.importer import ImportRow
    from tyopaja.usecases import moderation

    wid = _create(store, SCRIPT, "yhdistysilta-2026.md", "ENN226", "2026-11-26")
    rows_in = []
    for i, r in enumerate(rows()):
        if r["prompt_id"] not in ("q1", "q3", "q6"):
            continue
        labelled = i % 3 != 2
        rows_in.append(
            ImportRow(
                line=i + 2,
                step=STEP_OF_PROMPT[r["prompt_id"]],
                text=r["text"],
                participant=f"k{r['participant']}" if labelled else "",
                association=r["association"] if labelled else "",
                sector=r["sector"] if labelled else "",
            )
        )
    store.write(actions.import_answers, wid, rows_in)
    typed = [
        ("tilat", "Kerhohuoneeseen tarvitaan lukittava kaappi", "paper"),
        ("tilat", "Salivuoroja myös viikonloppuisin", "paper"),
        ("viestinta", "Ilmoitustaulu kauppaan", "facilitator"),
        ("viestinta", "asdf", "paper"),
    ]
    ids = [
        store.write(moderation.add_answer, Actor(wid), f"paper-{n}", step, text, source).ack[
            "answer"
        ]
        for n, (step, text, source) in enumerate(typed)
    ]
    store.write(lambda tx: tx.update_answer(ids[-1], hidden=1))
    store.write(actions.set_state, Actor(wid), "closed")
    with store.read() as tx:
        return tx.workshop(wid)


CALENDAR_PEOPLE = [
    ("a1", "Särkilahden Kyläyhdistys ry", "kylätoiminta"),
    ("a2", "Vääräjoen Latu ry", "liikunta"),
    ("a3", "Kirkonkylän Eläkeläiset ry", "eläkeläiset"),
    ("a4", "Mäntyrannan Nuorisoseura ry", "nuoriso"),
    ("a5", "Vääräjoen Martat ry", "muu"),
    ("a6", "", ""),
]
CALENDAR_ENTRIES = [
    # step, month, day, what, organiser, who
    ("omat-tapahtumat", 1, "", "Pilkkikilpailu", "", "a1"),
    ("omat-tapahtumat", 3, "14", "Hiihtopäivä", "", "a2"),
    ("omat-tapahtumat", 3, "14", "Kevätkonsertti", "", "a4"),
    ("omat-tapahtumat", 6, "", "Kesäretki", "", "a3"),
    ("omat-tapahtumat", 8, "15", "Kyläjuhla", "", "a1"),
    ("omat-tapahtumat", 10, "3", "Sienikurssi", "", "a5"),
    (
        "yhteiset-tapahtumat",
        9,
        "20",
        "Yhdistysten esittelypäivä torilla",
        "Kaikki yhdistykset",
        "a2",
    ),
]
MUNICIPAL_ENTRIES = [
    # month, day, what, organiser
    (2, 28, "Perustoiminta-avustuksen haku päättyy", ""),
    (3, 14, "Kunnan kevätkokous yhdistyksille", ""),
    (11, None, "Yhdistysilta", "Vapaa-aikatoimi"),
]


def build_calendar(store: Store) -> dict:
    """An autumn evening for next year's vuosikello (sessions/syysilta-vuosikello.md).

    Held on 15 October 2026, so the calendar is for 2027. The municipality's dates come from
    the console; two entries fall on 14 March (a clash), some entries have only a month. The
    grant-timing choice ends in a tie at the top; the dot vote on joint events got no votes.
    """
    from tyopaja.usecases import moderation

    wid = _create(
        store, _session("syysilta-vuosikello.md"), "syysilta-vuosikello.md", "SYK226", "2026-10-15"
    )
    people = _phones(store, wid, CALENDAR_PEOPLE)
    for n, (month, day, what, organiser) in enumerate(MUNICIPAL_ENTRIES):
        store.write(
            moderation.add_calendar_entry,
            Actor(wid),
            f"kunta-{n}",
            "omat-tapahtumat",
            month,
            day,
            what,
            organiser,
        )

    def add(tx: Tx) -> None:
        # Fixed stamps for the municipality's entries too, so that the .ics is the same bytes.
        tx.db.execute(
            "UPDATE events SET created_at = '2026-10-15T18:00:00.000Z' WHERE workshop_id = ?",
            (wid,),
        )
        for i, (step, month, day, what, organiser, who) in enumerate(CALENDAR_ENTRIES):
            tx.db["events"].insert(
                {
                    "workshop_id": wid,
                    "step_id": step,
                    "participant_id": people[who],
                    "month": month,
                    "day": day,
                    "what": what,
                    "organiser": organiser,
                    "created_at": f"2026-10-15T18:{10 + i:02d}:00.000Z",
                }
            )
        script = parse_script(tx.workshop(wid)["script_source"])
        choice = script.step("hakuaika")
        picks = {"a1": [0, 3], "a2": [0], "a3": [3], "a4": [1, 0], "a5": [3, 1]}
        for key, options in picks.items():
            ballot = voting.check_ballot(choice, {"options": options})
            _ballot(tx, wid, "hakuaika", people[key], ballot)

    store.write(add)
    answers = [
        ("paallekkaisyydet", "a1", "Toukokuussa on joka viikonloppu jotain"),
        ("paallekkaisyydet", "a3", "Joulun alla"),
        ("yhteiset-ideat", "a2", "Yhteinen liikuntapäivä koululla"),
        ("yhteiset-ideat", "a4", "Yhdistysten esittelypäivä torilla syksyllä"),
        ("sovitut", "a5", "Kunta kokoaa vuosikellon ja lähettää sen joulukuussa"),
    ]
    jobs = [
        (actions.submit_answer, (Actor(wid, people[who]), f"v{i}", step, text))
        for i, (step, who, text) in enumerate(answers)
    ]
    for step in dict.fromkeys(step for step, _, _ in answers):
        store.write(actions.goto_step, Actor(wid), step)
        mine = [job for job, (s, _, _) in zip(jobs, answers, strict=True) if s == step]
        for outcome in store.run_batch(mine):
            outcome.unwrap()
    store.write(actions.set_state, Actor(wid), "closed")
    with store.read() as tx:
        return tx.workshop(wid)


def build_self_assessment(store: Store) -> dict:
    """The seven-criteria self-assessment (sessions/jarjestoystavallinen-kunta.md).

    Eight phones rate every criterion; a few say what should change; the ranking is done.
    """
    source = _session("jarjestoystavallinen-kunta.md")
    wid = _create(store, source, "jarjestoystavallinen-kunta.md", "ITS226", "2026-09-10")
    people = _phones(
        store,
        wid,
        [
            (f"s{i}", f"Yhdistys {'ABCDEFGH'[i]} ry", ["sote", "liikunta", "muu"][i % 3])
            for i in range(8)
        ],
    )
    script = parse_script(source)
    rng = random.Random(7)

    def vote(tx: Tx) -> None:
        for index, step in enumerate(script.steps):
            for n, key in enumerate(sorted(people)):
                if step.kind == "scale":
                    value = 1 + (n * 3 + index) % 5 if step.id != "k4-tilat" else 2
                    ballot = voting.check_ballot(step, {"value": value})
                elif step.kind == "rank":
                    order = list(range(len(step.options)))
                    rng.shuffle(order)
                    ballot = voting.check_ballot(step, {"order": order})
                else:
                    continue
                _ballot(tx, wid, step.id, people[key], ballot)

    store.write(vote)
    answers = [
        ("k4-muutos", "s0", "Koulujen salit maksutta iltaisin"),
        ("k4-muutos", "s1", "Yksi paikka, josta näkee vapaat tilat"),
        ("k4-muutos", "s2", "Avaimet helpommin"),
        ("k5-muutos", "s3", "Hakuaika syksyyn"),
        ("k7-muutos", "s4", "Yhdistykset kunnan nettisivuille"),
    ]
    for i, (step, who, text) in enumerate(answers):
        store.write(actions.goto_step, Actor(wid), step)
        store.write(actions.submit_answer, Actor(wid, people[who]), f"s{i}", step, text)
    store.write(actions.set_state, Actor(wid), "closed")
    with store.read() as tx:
        return tx.workshop(wid)


LEVEL_ROLES = ["Yhdistystä tai järjestöä"] * 6 + ["Kuntaa (viranhaltija tai luottamushenkilö)"] * 4


def build_levels(store: Store) -> dict:
    """The Keski-Suomi model (sessions/jarjestoyhteistyon-tasot.md): ten people, six from
    associations and four from the municipality, assess every area at its three levels."""
    source = _session("jarjestoyhteistyon-tasot.md")
    wid = _create(store, source, "jarjestoyhteistyon-tasot.md", "TAS226", "2026-09-24")
    people = _phones(store, wid, [(f"t{i}", "", "") for i in range(len(LEVEL_ROLES))])
    script = parse_script(source)
    rng = random.Random(24)

    def vote(tx: Tx) -> None:
        role = script.step("rooli")
        for n, key in enumerate(sorted(people)):
            index = role.options.index(LEVEL_ROLES[n])
            _ballot(tx, wid, "rooli", people[key], voting.check_ballot(role, {"options": [index]}))
        for a, step in enumerate(s for s in script.steps if s.id.startswith("taso-")):
            for n, key in enumerate(sorted(people)):
                municipal = LEVEL_ROLES[n].startswith("Kuntaa")
                # Routines are mostly in place, structures less, developing together rarely;
                # officials see a little more in place than associations do.
                chances = [0.8, 0.5, 0.2] if municipal else [0.6, 0.3, 0.1]
                chances = [min(1.0, c + (0.3 if a in (2, 7) else 0)) for c in chances]
                chosen = [i for i, c in enumerate(chances) if rng.random() < c]
                if n == 0 and a == 11:
                    chosen = [4]  # en osaa sanoa
                elif not chosen:
                    chosen = [3]  # ei mikään näistä vielä
                ballot = voting.check_ballot(step, {"options": chosen})
                _ballot(tx, wid, step.id, people[key], ballot)

    store.write(vote)
    store.write(actions.goto_step, Actor(wid), "kehitetaan")
    ideas = [
        ("t0", "Talousarvioon järjestöyhteistyön tavoitteet"),
        ("t1", "Pelisäännöt kirjataan yhdessä"),
        ("t6", "Palvelupolkuihin järjestöjen kokemustieto"),
    ]
    for i, (who, text) in enumerate(ideas):
        store.write(actions.submit_answer, Actor(wid, people[who]), f"k{i}", "kehitetaan", text)
    store.write(actions.set_state, Actor(wid), "closed")
    with store.read() as tx:
        return tx.workshop(wid)

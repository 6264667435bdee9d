"""A full hall for the screen tests: phones, answers and groups, seeded fast through the use cases.

`seed_hall(db_path, phones=80, answers=240, groups=15)` makes a workshop of HALL_SCRIPT open on
`step` (or a fresh draft, in the lobby, with `state="draft"` and no answers), joins `phones`
participants (every tenth a table group), stores `answers` answers on that step (at most
three a phone, the rest from paper notes through the facilitator's "add") and makes `groups`
groups of them, all in one transaction (a few seconds at most, no browsers or sockets). The texts
are realistic (tests/data/grouping_holdout.jsonl, with a few long ones and long compound
words); everything is deterministic.

Run it to get a server-ready database for looking at the screens by hand:
`python -m tests.hall DB --answers 600 --groups 25` prints the links.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from tyopaja.store import Store, Tx
from tyopaja.usecases import actions, moderation
from tyopaja.usecases.base import Actor

DATA = Path(__file__).resolve().parent / "data" / "grouping_holdout.jsonl"

HALL_SCRIPT = """\
# Yhdistysilta: avustukset, tilat ja yhteistyö

- kieli: fi

Tervetuloa yhdistysiltaan! Vastaat omalla puhelimellasi.

### info: Illan kulku
- id: alku

Ensin avustukset, sitten tilat ja yhteistyö. Lopuksi äänestetään tärkeimmistä.

## Avustukset

### avoin: Mihin toimintaan yhdistyksenne tarvitsee eniten kunnan avustusta?
- id: avustus-tarve
- vastauksia: 3

### avoin: Mikä avustuksen hakemisessa tai raportoinnissa on hankalinta?
- id: avustus-haku
- vastauksia: 3

### valinta: Milloin avustusta olisi teille paras hakea?
- id: hakuaika
- monivalinta: kyllä
- vaihtoehdot:
  - Syksyllä edellisenä vuonna
  - Tammikuussa
  - Ympäri vuoden

## Tilat

### avoin: Mitä kunnan tiloja käytätte nyt? Mitä tilaa teiltä puuttuu?
- id: tilat
- vastauksia: 3

### asteikko: Kuinka helposti löydät tiedon kunnan tiloista?
- id: tilat-tieto
- asteikko: 1–5
- ääripäät: tosi vaikeasti – tosi helposti

## Yhteistyö

### avoin: Mitä kunnan järjestöyhdyshenkilön pitäisi tehdä yhdistysten hyväksi?
- id: yhdyshenkilo
- vastauksia: 3

### valinta: Kuinka usein haluatte tavata näin kunnan kanssa?
- id: tiheys
- vaihtoehdot:
  - Kerran vuodessa
  - Kaksi kertaa vuodessa
  - Useammin

## Priorisointi

### avoin: Mikä on tärkein asia, jonka kunta voisi korjata ensi vuonna?
- id: parannukset
- vastauksia: 3
- tarkenna: Mitä kunnan pitäisi tehdä käytännössä? (jos lyhyt)

Se voi liittyä avustuksiin, tiloihin tai yhteistyöhön.

### pisteet: Mitkä parannukset ovat tärkeimpiä?
- id: tarkeimmat
- äänestä: parannukset
- äänestettävät: ryhmät
- pisteitä: 5
- enintään: 2

Ohjaaja on koonnut samanlaiset ehdotukset yhteen.

## Jatkotoimet

### avoin: Mitä muuta haluat kunnan tietävän?
- id: muuta
- vastauksia: 2

### info: Kiitos! Näin jatketaan
- id: kiitos

Kunta kokoaa illan vastaukset yhteen.
"""

OPEN_STEP = "parannukset"
VOTE_STEP = "tarkeimmat"

GROUP_TITLES = [
    "Vapaaehtoisten yhteinen ilmoitustaulu",
    "Lupien ja kulujen korvaaminen",
    "Lyhyet vapaaehtoistehtävät",
    "Vapaaehtoisten koulutus ja kiitos",
    "Nuoret ja uudet asukkaat mukaan",
    "Selkeät roolit ja yksi yhteyshenkilö",
    "Yhteinen tapahtumakalenteri hyvissä ajoin",
    "Reilu korvaus yhdistysten työstä",
    "Avustusten hakuajat kalenteriin",
    "Helppo lisätä ja löytää",
    "Kuulkaa ennen päätöksiä",
    "Järjestöneuvottelukunta",
    "Viranhaltijat kylille",
    "Palaute siitä, mitä ehdotuksille tapahtui",
    "Digitaaliset kanavat",
    "Vakuutukset ja kustannukset",
    "Maksuttomat tilat asukkaille",
    "Yksi vastuuhenkilö päivittää",
    "Päällekkäiset tapahtumat",
    "Koulujen lomat ja vuodenajat",
    "Kunnan päätösten aikataulu",
    "Hallitusten jaksaminen",
    "Sadesuunnitelma",
    "Paperiversio niille, joilla ei ole nettiä",
    "Luottamus kuntaan",
    "Kylätalojen korjausavustukset",
    "Liikuntavuorojen jako",
]

TAILS = [
    "",
    " – meillä ainakin tämä on iso asia",
    ", ja sama koskee kyläyhdistyksiä",
    ". Tästä on puhuttu jo pitkään",
    " ja vielä nopeammin kuin nyt",
    ". Vapaaehtoispelastustoimintayhdistyksemme kannattaa",
]

LONG = (
    "Kunnan pitäisi koota yhdelle sivulle kaikki avustukset, tilat ja yhteyshenkilöt, koska nyt "
    "tieto on hajallaan eri palveluissa ja uusi hallituksen jäsen ei löydä mitään. Sivua pitäisi "
    "myös päivittää säännöllisesti, ja siellä voisi olla yhteinen tapahtumakalenteri."
)


@dataclass
class Hall:
    """What was seeded: the workshop and its facilitator secret, ids for the tests."""

    code: str
    secret: str
    workshop_id: int
    answers: list[int]
    groups: list[int]
    phones: list[tuple[str, str]]  # (public id, secret) of every participant

    def facilitator_cookie(self) -> dict[str, str]:
        """The cookie of a logged-in facilitator (for Playwright's add_cookies)."""
        return {"name": f"tyopaja_f_{self.code}", "value": self.secret}


def texts(count: int) -> list[str]:
    """`count` distinct, realistic answers (deterministic)."""
    base = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines()]
    out = []
    for i in range(count):
        text = base[i % len(base)] + TAILS[(i // len(base)) % len(TAILS)]
        if i % 37 == 5:
            text = LONG
        if i >= len(base) * len(TAILS):
            text = f"{text} ({i})"
        out.append(text)
    return out


def seed_hall(
    db_path: Path | str,
    *,
    phones: int = 80,
    answers: int = 240,
    groups: int = 15,
    step: str = OPEN_STEP,
    state: str = "open",
) -> Hall:
    """A workshop of HALL_SCRIPT on `step` with a full hall (see the module docstring)."""
    store = Store(db_path)
    try:
        return store.write(_seed, phones, answers, groups, step, state)
    finally:
        store.close()


def _seed(tx: Tx, phones: int, count: int, groups: int, step: str, state: str) -> Hall:
    workshop, secret = actions.create_workshop(tx, HALL_SCRIPT, script_name="hall.md", state=state)
    wid = workshop["id"]
    facilitator = Actor.facilitator(wid)
    if state == "open":
        actions.goto_step(tx, facilitator, step)
    people = []
    for i in range(phones):
        pid, psecret = f"hall-{i:04d}-{secrets.token_hex(4)}", secrets.token_urlsafe(24)
        participant, _ = actions.join(tx, wid, pid, psecret, "fi")
        people.append((pid, psecret, participant["id"]))
        me = Actor.participant(wid, participant["id"])
        if i % 10 == 3:
            actions.set_profile(tx, me, f"m{i}", "mode", "table")
            table = {"label": f"Pöytä {i // 10 + 1}", "headcount": 4}
            actions.set_profile(tx, me, f"t{i}", "table", table)
        else:
            actions.set_profile(tx, me, f"m{i}", "mode", "one")
    ids = []
    for i, text in enumerate(texts(count)):
        if i < phones * 3:
            _, _, participant_id = people[i % phones]
            me = Actor.participant(wid, participant_id)
            done = actions.submit_answer(tx, me, f"a{i}", step, text)
        else:
            done = moderation.add_answer(tx, facilitator, f"paper{i}", step, text, "paper")
        ids.append(done.ack["answer"])
    made = []
    if groups:
        # Most answers in groups, some left for the facilitator: group k takes every n-th answer.
        grouped = ids[: len(ids) - len(ids) // 12]
        for k in range(groups):
            members = grouped[k::groups]
            title = GROUP_TITLES[k % len(GROUP_TITLES)]
            done = moderation.make_group(tx, facilitator, f"g{k}", step, title, members)
            made.append(done.ack["group"])
    return Hall(workshop["code"], secret, wid, ids, made, [(p, s) for p, s, _ in people])


def main() -> None:
    """Seed a database and print the links (see the module docstring)."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--phones", type=int, default=0)
    parser.add_argument("--answers", type=int, default=240)
    parser.add_argument("--groups", type=int, default=15)
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    args = parser.parse_args()
    phones = args.phones or max(1, min(80, (args.answers + 2) // 3))
    hall = seed_hall(args.db, phones=phones, answers=args.answers, groups=args.groups)
    print(f"{args.url}/p/{hall.code}\n{args.url}/f/{hall.code}/{hall.secret}")


if __name__ == "__main__":
    main()

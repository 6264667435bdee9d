"""Workshop scripts of the tests: every step kind, self-paced, and the console tests' one."""

ALL_KINDS = """\
# Kaikki vaiheet

Tervetuloa kokeilemaan!

## Avustukset

### info: Illan kulku
- id: kulku

Ensin ideat, sitten äänestys.

### avoin: Mitä ideoita teillä on?
- id: ideat
- vastauksia: 2
- tarkenna: Kerrotko vähän lisää? (jos lyhyt)

### valinta: Milloin haku sopii?
- id: milloin
- monivalinta: kyllä
- vaihtoehdot:
  - Keväällä
  - Syksyllä
  - Talvella

### valinta: Tuletteko ensi kerralla?
- id: tuletteko
- vaihtoehdot:
  - Kyllä
  - Ehkä
  - Ei

### asteikko: Kuinka helppoa yhteistyö on?
- id: helppous
- asteikko: 1–5
- ääripäät: tosi vaikeaa – tosi helppoa

### järjestys: Mikä pitäisi korjata ensin?
- id: ensin
- vaihtoehdot:
  - Tilat
  - Avustukset
  - Tiedotus

### pisteet: Mitkä ideat ovat tärkeimpiä?
- id: pisteet
- äänestä: ideat
- pisteitä: 3
- enintään: 2

## Vuosikello

### tapahtuma: Mikä on yhdistyksenne tärkein tapahtuma ensi vuonna?
- id: tapahtumat
- vuosi: 2027

Kerro kuukausi, mitä tapahtuu ja kuka järjestää.
"""

SELF_PACED = ALL_KINDS.replace(
    "Tervetuloa kokeilemaan!", "- tahti: oma\n\nTervetuloa kokeilemaan!", 1
)


# The console tests' workshop: an open step, a dot vote on it, a choice, a scale, events.
CONSOLE_SCRIPT = """\
# Konsolikokeilu

Tervetuloa!

## Tilat

### avoin: Mitä tiloja yhdistyksenne tarvitsee?
- id: tilat
- vastauksia: 5
- aika: 5 min

### pisteet: Mitkä tarpeet ovat tärkeimpiä?
- id: tarpeet
- äänestä: tilat
- äänestettävät: vastaukset
- pisteitä: 3
- enintään: 2

### valinta: Milloin tapaamme seuraavan kerran?
- id: milloin
- vaihtoehdot:
  - Keväällä
  - Syksyllä

### asteikko: Kuinka helppoa yhteistyö on?
- id: helppous
- asteikko: 1–5

### tapahtuma: Mikä on ensi vuoden tärkein tapahtumanne?
- id: tapahtumat
"""

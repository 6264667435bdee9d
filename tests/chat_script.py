"""A workshop script with every step kind, for the participant chat tests."""

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

"""A write's ack shows the participant's answers as stored, whoever changed them last.

Each socket keeps a copy of its participant's answers for its acks and
re-reads them when the store's revision of them moved (realtime/screens.py):
these tests change the answers behind a socket's back, on a real server.
"""

import secrets

import pytest

from tests.helpers import Client, cid


def participant(server, pid, secret):
    auth = {"role": "participant", "code": server.code, "pid": pid, "secret": secret}
    return Client(server.url, auth)


def onboard(phone):
    for field, value in (("nickname", ""), ("association", ""), ("sector", ""), ("mode", "one")):
        assert phone.call("profile", {"cid": cid(), "field": field, "value": value})["ok"]


def answer(phone, step, text):
    ack = phone.call("answer", {"cid": cid(), "step": step, "text": text})
    assert ack["ok"], ack
    return ack


def my_texts(ack):
    return [
        m["text"] for m in ack["conversation"]["messages"] if m.get("answer") and m["who"] == "me"
    ]


@pytest.fixture
def two_tabs(server):
    """The same participant on two sockets (two tabs), onboarded; closed afterwards."""
    pid, secret = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
    tabs = [participant(server, pid, secret), participant(server, pid, secret)]
    onboard(tabs[0])
    yield tabs
    for tab in tabs:
        tab.close()


@pytest.fixture
def console(server):
    fac = Client(
        server.url,
        {"role": "facilitator", "code": server.code},
        headers={"Cookie": server.facilitator_cookie()},
    )
    yield fac
    fac.close()


def test_an_answer_from_another_tab_is_in_the_next_ack(two_tabs):
    first, second = two_tabs
    assert my_texts(answer(first, "toimii", "Haku on selkeä ja nopea")) == [
        "Haku on selkeä ja nopea"
    ]
    answer(second, "toimii", "Päätökset tulevat ajallaan")
    ack = answer(first, "toimii", "Neuvonta auttaa hakemaan")
    assert my_texts(ack) == [
        "Haku on selkeä ja nopea",
        "Päätökset tulevat ajallaan",
        "Neuvonta auttaa hakemaan",
    ]


def test_a_facilitators_correction_is_in_the_next_ack(two_tabs, console):
    phone, other_tab = two_tabs
    first = answer(phone, "toimii", "Avustukset maksetaan ajoisa")
    assert console.call(
        "f:edit", {"cid": cid(), "answer": first["answer"], "text": "Avustukset maksetaan ajoissa"}
    )["ok"]
    ack = answer(phone, "toimii", "Hakulomake on lyhyt")
    assert my_texts(ack) == ["Avustukset maksetaan ajoissa", "Hakulomake on lyhyt"]
    withdrawn = other_tab.call("withdraw", {"cid": cid(), "answer": first["answer"]})
    assert withdrawn["ok"], withdrawn
    ack = answer(phone, "toimii", "Myöntöperusteet ovat julkiset")
    assert my_texts(ack) == ["Hakulomake on lyhyt", "Myöntöperusteet ovat julkiset"]


def test_writes_sent_without_waiting_are_stored_and_acked_in_the_order_sent(two_tabs):
    import queue

    phone = two_tabs[0]
    acks: queue.Queue = queue.Queue()
    texts = [f"Vastaus numero {n} ilman odottelua" for n in range(3)]
    for text in texts:
        payload = {"cid": cid(), "step": "toimii", "text": text}
        phone.sio.emit("answer", payload, callback=lambda ack, text=text: acks.put((text, ack)))
    received = [acks.get(timeout=10) for _ in texts]
    assert [text for text, _ in received] == texts
    assert all(ack["ok"] for _, ack in received)
    ids = [ack["answer"] for _, ack in received]
    assert ids == sorted(ids)
    assert my_texts(received[-1][1]) == texts

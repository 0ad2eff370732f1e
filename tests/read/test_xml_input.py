"""The XML formats are parsed without loading DTDs, expanding entities or reaching the network."""

from __future__ import annotations

import socket

import pytest

from analyser.errors import InputError
from analyser.read.transcriber import read_trs

TURN = '<Episode><Section type="report" startTime="0" endTime="2"><Turn speaker="spk1" startTime="0" endTime="2"><Sync time="0"/>{text}</Turn></Section></Episode>'
SPEAKERS = '<Speakers><Speaker id="spk1" name="Thérapeute"/></Speakers>'


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the reader opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _trs(doctype: str, text: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<Trans>{SPEAKERS}{TURN.format(text=text)}</Trans>'.encode()


def test_a_remote_dtd_is_never_fetched(no_network):
    data = _trs('<!DOCTYPE Trans SYSTEM "http://example.org/trans-14.dtd">', "Bonjour.")
    assert [u.text for u in read_trs(data, source="s.trs", session_id="s").utterances] == ["Bonjour."]


def test_an_external_entity_is_not_expanded(no_network, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    data = _trs(f'<!DOCTYPE Trans [<!ENTITY x SYSTEM "file://{secret}">]>', "Bonjour &x; fin.")
    transcript = read_trs(data, source="s.trs", session_id="s")
    assert "mot de passe" not in transcript.utterances[0].text


def test_an_entity_bomb_is_refused_or_left_unexpanded(no_network):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    data = _trs(f"<!DOCTYPE Trans [{entities}]>", "Bonjour &i;")
    try:
        transcript = read_trs(data, source="s.trs", session_id="s")
    except InputError as error:
        assert str(error).startswith("s.trs: ")
    else:
        assert len(transcript.utterances[0].text) < 1000

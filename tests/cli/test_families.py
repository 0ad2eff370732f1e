"""A family session through the CLI: every non-therapist is a client, the guessed roles are a warning, each client has figures."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from analyser.cli.main import main

from ..conftest import TEST_DATA

pytestmark = pytest.mark.model

FAMILY = TEST_DATA / "family" / "famille.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _session(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(main, ["analyse", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    (session,) = json.loads(result.stdout)["sessions"]
    return session


def test_the_mother_and_her_son_are_both_clients_and_the_guess_is_said(runner):
    session = _session(runner, str(FAMILY))
    assert session["roles"] == {"Thérapeute": "therapist", "Mère": "client", "Lucas": "client"}
    assert session["role_source"] == {"Thérapeute": "label", "Mère": "heuristic", "Lucas": "heuristic"}
    warning = (
        f"{FAMILY}: guessed roles: Thérapeute = therapist (label), Mère = client, Lucas = client"
        " (everyone but the therapist is a client); to correct: --speaker-map Mère=other"
    )
    assert session["warnings"] == [warning]


def test_each_client_s_figures_are_counted_from_their_utterances(runner):
    session = _session(runner, str(FAMILY))
    profile, utterances = session["profile"], session["utterances"]
    clients = profile["clients"]
    assert list(clients) == ["Mère", "Lucas"]
    speakers = profile["turn_balance"]["speakers"]
    clients_words = sum(speakers[name]["words"] for name in clients)
    for name, figures in clients.items():
        talk = [u["client_talk"] for u in utterances if u["speaker"] == name]
        assert (figures["utterances"], figures["change_talk"], figures["sustain_talk"]) == (len(talk), talk.count("change"), talk.count("sustain"))
        assert figures["words"] == speakers[name]["words"]
        assert figures["clients_word_share"] == pytest.approx(figures["words"] / clients_words, abs=1e-4)
        whole = figures["change_talk"] + figures["sustain_talk"]
        assert figures["change_talk_share"]["count"] == whole
    # Together, they are the session's client figures, as before.
    client_talk = profile["coding"]["client_talk"]
    assert sum(f["change_talk"] for f in clients.values()) == client_talk["change"]
    assert sum(f["sustain_talk"] for f in clients.values()) == client_talk["sustain"]
    assert sum(f["words"] for f in clients.values()) == profile["turn_balance"]["roles"]["client"]["words"]


@pytest.mark.parametrize(
    ("lang", "warning", "heading", "line"),
    [
        ("fr", "rôles devinés : Thérapeute = thérapeute (étiquette), Mère = client, Lucas = client (tous les non-thérapeutes sont des clients) ; pour corriger : --speaker-map Mère=other",
         "Les clients un par un (2 ;", r"^  Lucas : \d+ mots \(\d+\u00a0% des mots des clients, \d+\u00a0% de la séance\) · discours-changement \d+ · discours-maintien \d+"),
        ("en", "guessed roles: Thérapeute = therapist (label), Mère = client, Lucas = client (everyone but the therapist is a client); to correct: --speaker-map Mère=other",
         "Clients one by one (2;", r"^  Lucas: \d+ words \(\d+% of the clients' words, \d+% of the session\) · change talk \d+ · sustain talk \d+"),
    ],
)
def test_the_text_output_says_the_guess_and_each_client_in_its_language(runner, lang, warning, heading, line):
    result = runner.invoke(main, ["analyse", str(FAMILY), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert warning in result.stdout
    lines = result.stdout.splitlines()
    start = next(i for i, text in enumerate(lines) if text.startswith(heading))
    assert re.match(line, lines[start + 2]), lines[start + 2]


def test_the_suggested_correction_makes_the_mother_other_and_silences_the_warning(runner):
    session = _session(runner, str(FAMILY), "--speaker-map", "Mère=other")
    assert session["roles"] == {"Thérapeute": "therapist", "Mère": "other", "Lucas": "client"}
    assert session["warnings"] == []
    assert session["profile"]["clients"] == {}  # one client left: the session's client figures are his


def test_a_co_therapist_is_counted_with_the_therapist(runner, tmp_path):
    path = tmp_path / "cotherapie.txt"
    path.write_text(
        "Thérapeute : Qu'est-ce qui vous amène ?\nStagiaire : Et depuis quand ?\nPatiente : Je dors mal depuis un mois.\n"
        "Stagiaire : Vous dormez mal depuis un mois.\nPatiente : Oui, je voudrais dormir mieux.\n",
        encoding="utf-8",
    )
    session = _session(runner, str(path), "--speaker-map", "Stagiaire=cotherapist")
    assert session["roles"] == {"Thérapeute": "therapist", "Stagiaire": "therapist", "Patiente": "client"}
    assert (session["role_source"]["Stagiaire"], session["warnings"]) == ("option", [])
    balance = session["profile"]["turn_balance"]
    assert balance["roles"]["therapist"]["words"] == balance["speakers"]["Thérapeute"]["words"] + balance["speakers"]["Stagiaire"]["words"]
    therapist_questions = [u for u in session["utterances"] if u["role"] == "therapist" and u["question"]]
    assert session["profile"]["coding"]["questions"]["total"] == len(therapist_questions)
    assert {u["speaker"] for u in therapist_questions} == {"Thérapeute", "Stagiaire"}


def test_the_report_page_of_the_family_has_a_client_table(runner, tmp_path):
    result = runner.invoke(main, ["report", str(FAMILY), "-o", str(tmp_path / "rapport")])
    assert result.exit_code == 0, result.output
    (page,) = (tmp_path / "rapport").rglob("famille*.html")
    html = page.read_text(encoding="utf-8")
    table = html[html.index('<table class="speakers clients">') : html.index("</table>", html.index('<table class="speakers clients">'))]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == ["Mère", "Lucas"]

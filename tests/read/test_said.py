"""What the readers tell people, in French and in English: warnings and the one-line errors of files that cannot be read.

Each row is a small bad input written here; the reader runs on it and its message is checked in both languages.
The English text is the one logs and JSON keep (a Notice's own text).
"""

from __future__ import annotations

import json

import pytest

from analyser.errors import InputError
from analyser.messages import say, say_error
from analyser.read.registry import read_transcript

SRT_WITHOUT_SPEAKERS = "1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:03,000 --> 00:00:04,000\nBonjour à vous.\n"

WARNINGS = [
    pytest.param(
        "horodatage.txt", "[00:0x:00] T : Bonjour.\nC : Bonjour.\n",
        "{source} : ligne 1 : horodatage mal formé « [00:0x:00] » ignoré, la ligne est gardée sans temps",
        "{source}: line 1: malformed timestamp '[00:0x:00]' ignored, the line is kept without a time",
        id="txt-timestamp",
    ),
    pytest.param(
        "preambule.txt", "Séance du mardi\nT : Bonjour.\nC : Bonjour.\n",
        "{source} : ligne 1 : texte avant la première étiquette de locuteur, ignoré",
        "{source}: line 1: text before the first speaker label, skipped",
        id="txt-preamble",
    ),
    pytest.param(
        "recul.csv", "locuteur;texte;début\nT;Bonjour.;3,5\nC;Bonjour.;1,25\n",
        "{source} : ligne 3 : le temps recule (1,25 s après 3,5 s)",
        "{source}: line 3: time goes backwards (1.25 s after 3.5 s)",
        id="csv-time-backwards-decimal-comma",
    ),
    pytest.param(
        "heure.csv", "locuteur;texte;début\nT;Bonjour.;midi\nC;Bonjour.;2\n",
        "{source} : ligne 2 : heure de début « midi » illisible, la ligne est gardée sans elle",
        "{source}: line 2: start time 'midi' cannot be read, the row is kept without it",
        id="csv-time",
    ),
    pytest.param(
        "suite.csv", "locuteur;texte\nT;Bonjour.\n;Vous allez bien ?\n;Je vous écoute.\nC;Oui.\n",
        "{source} : ligne 3 : cette ligne et 1 autre n'ont pas de locuteur : chacune prend celui de la ligne du dessus",
        "{source}: line 3: this row and 1 more have no speaker: each takes the speaker of the row above",
        id="csv-speaker-above",
    ),
    pytest.param(
        "sans-voix.srt", SRT_WITHOUT_SPEAKERS,
        "{source} : aucune étiquette de locuteur dans ce fichier SubRip : chaque énoncé est attribué au locuteur « inconnu »,"
        " et les rôles ne peuvent pas séparer les locuteurs, même en les indiquant (option --speaker-map)",
        "{source}: no speaker label in this SubRip file: every utterance is given to speaker 'inconnu', and --speaker-map or roles"
        " cannot separate the speakers",
        id="srt-no-speakers",
    ),
    pytest.param(
        "trou.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v T>Bonjour.\n\nEt la suite.\n\n00:00:03.000 --> 00:00:04.000\n<v C>Oui.\n",
        "{source} : ligne 6 : texte sans ligne de minutage, lu comme la suite du sous-titre précédent",
        "{source}: line 6: text without a timing line, read as part of the cue before it",
        id="vtt-text-without-timing",
    ),
    pytest.param(
        "tronque.cha", "@UTF8\n@Begin\n@Participants:\tTHE Therapeute Therapist, CLI Client Client\n*THE:\tbonjour .\n*CLI:\tbonjour .\n",
        "{source} : pas de @End : le fichier est peut-être tronqué",
        "{source}: no @End: the file may be truncated",
        id="chat-no-end",
    ),
    pytest.param(
        "whisper.json", json.dumps({"segments": [{"start": 0.0, "end": 1.5, "text": "Bonjour."}]}),
        "{source} : le fichier n'a pas de locuteurs : chaque énoncé est attribué au locuteur « inconnu » ;"
        " une diarisation peut les donner (option --rttm FICHIER)",
        "{source}: the file has no speakers: every utterance is given to speaker 'inconnu'; --rttm FILE can give them from a diarization",
        id="whisper-no-speakers",
    ),
    pytest.param(
        "texte.srt", "T : Bonjour.\nC : Bonjour.\n",
        "{source} : nommé .srt mais contient une transcription en texte brut : lu comme tel",
        "{source}: named .srt but holds a plain-text transcript: read as such",
        id="mislabelled",
    ),
]


@pytest.mark.parametrize(("name", "content", "french", "english"), WARNINGS)
def test_a_reader_warning_is_said_in_french_and_in_english(tmp_path, name, content, french, english):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    warnings = read_transcript(path).warnings
    assert french.format(source=path) in [say(warning, "fr") for warning in warnings]
    assert english.format(source=path) in [say(warning, "en") for warning in warnings]
    assert english.format(source=path) in warnings  # the text JSON and logs keep


ERRORS = [
    pytest.param(
        "vide.txt", b"# rien\n\n",
        "{source} : fichier vide : pas de texte de transcription (seulement des lignes vides ou des commentaires)",
        "{source}: empty file: no transcript text (only blank lines or comments)",
        id="empty",
    ),
    pytest.param(
        "notes.txt", b"Une liste de courses\nsans locuteur\n",
        "{source} : ligne 1 : aucune ligne « LOCUTEUR : texte » trouvée",
        "{source}: line 1: no 'SPEAKER: text' line found",
        id="no-speaker-label",
    ),
    pytest.param(
        "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00",
        "{source} : octet 8 : données binaires, pas une transcription en texte",
        "{source}: byte 8: binary data, not a text transcript",
        id="binary",
    ),
    pytest.param(
        "utf16.txt", "T : Bonjour.\n".encode("utf-16-le"),
        "{source} : octet 1 : texte UTF-16 sans indicateur d'ordre des octets : enregistrez-le avec un BOM ou en UTF-8",
        "{source}: byte 1: UTF-16 text without a byte-order mark: save it with a BOM or as UTF-8",
        id="utf16-without-bom",
    ),
    pytest.param(
        "tableau.csv", b"Nom;Age\nMarie;40\n",
        "{source} : ligne 1 : pas un tableau de transcription : l'en-tête a « Nom », « Age » mais il faut une colonne de locuteur"
        " (locuteur ou speaker…) et une colonne de texte (texte ou text…) ; si vos en-têtes portent d'autres noms, indiquez-les"
        " (option --columns speaker=…,text=…)",
        "{source}: line 1: not a transcript table: the header has 'Nom', 'Age' but needs a speaker column (locuteur or speaker…)"
        " and a text column (texte or text…); --columns speaker=…,text=… names other headers",
        id="csv-not-a-transcript",
    ),
    pytest.param(
        "guillemet.csv", b'locuteur;texte\nT;"Bonjour\nC;Oui\n',
        "{source} : ligne 2 : un guillemet ouvert dans cette ligne n'est jamais fermé : le reste du fichier ne serait qu'une cellule",
        "{source}: line 2: a quote opened in this row is never closed: the rest of the file would be one cell",
        id="csv-unclosed-quote",
    ),
    pytest.param(
        "minutage.srt", b"1\n00:00:0x,000 --> 00:00:02,000\nT : Bonjour.\n",
        "{source} : ligne 2 : ligne de minutage mal formée « 00:00:0x,000 --> 00:00:02,000 » : attendu « hh:mm:ss,mmm --> hh:mm:ss,mmm »",
        "{source}: line 2: malformed timing line '00:00:0x,000 --> 00:00:02,000': expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm'",
        id="srt-timing",
    ),
    pytest.param(
        "racine.trs", b'<?xml version="1.0"?>\n<Transcription/>\n',
        "{source} : ligne 2 : pas un fichier Transcriber : l'élément racine est <Transcription>, pas <Trans>",
        "{source}: line 2: not a Transcriber file: the root element is <Transcription>, not <Trans>",
        id="xml-root",
    ),
]


@pytest.mark.parametrize(("name", "content", "french", "english"), ERRORS)
def test_a_file_that_cannot_be_read_is_said_in_french_and_in_english(tmp_path, name, content, french, english):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_transcript(path)
    assert (say_error(raised.value, "fr"), say_error(raised.value, "en")) == (french.format(source=path), english.format(source=path))
    assert str(raised.value) == english.format(source=path)


def test_an_elements_place_is_said_in_the_language_of_the_message(tmp_path):
    path = tmp_path / "tour.trs"
    path.write_text(
        '<?xml version="1.0"?>\n<Trans><Episode><Section><Turn speaker="spk1" startTime="0" endTime="x">Bonjour.</Turn>'
        "</Section></Episode></Trans>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_transcript(path)
    assert say_error(raised.value, "fr") == f"{path} : <Turn> à la ligne 2 : endTime=« x » n'est pas un nombre de secondes"
    assert say_error(raised.value, "en") == f"{path}: <Turn> at line 2: endTime='x' is not a number of seconds"

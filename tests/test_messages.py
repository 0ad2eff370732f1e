"""Messages to people: a Notice is its English text as a str, says itself in French, survives pickling, and every key is written."""

from __future__ import annotations

import ast
import pickle

import pytest

from analyser.errors import InputError, RapportError
from analyser.messages import Notice, either, every, say, say_error
from analyser.resources import REPORT_LANGUAGES, message_templates

from .conftest import REPO


def test_a_notice_is_its_english_text_and_says_itself_in_french():
    notice = Notice("read.text_before_first_label", source="a.txt", line=3)
    assert notice == "a.txt: line 3: text before the first speaker label, skipped"
    assert say(notice, "fr") == "a.txt : ligne 3 : texte avant la première étiquette de locuteur, ignoré"
    assert say(notice, "en") == str(notice)


def test_plain_text_is_said_as_it_is():
    assert say("une phrase du fichier", "en") == "une phrase du fichier"


def test_a_notice_crosses_process_boundaries_with_its_key():
    notice = Notice("read.malformed_timestamp_line", source="b.txt", line=2, value="[00:0x]")
    copy = pickle.loads(pickle.dumps(notice))
    assert (copy, copy.key, copy.in_lang("fr")) == (notice, notice.key, notice.in_lang("fr"))


def _keys_said_in_the_package() -> set[str]:
    """The literal keys of every Notice(...) call in analyser/."""
    keys = set()
    for path in (REPO / "analyser").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Notice":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.add(first.value)
    return keys


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_every_message_the_package_says_has_a_template(lang):
    assert _keys_said_in_the_package() <= set(message_templates(lang))


def test_every_template_is_said_somewhere():
    # A key built at run time (f"{prefix}.{name}") names its prefix in a comment of messages.tsv: none yet.
    assert set(message_templates("en")) <= _keys_said_in_the_package()


@pytest.mark.parametrize(
    ("count", "french", "english"),
    [
        # French puts 0 and 1 in the singular, English only 1.
        (0, "a.json : segment 0 : 0 énoncé sans locuteur, attribué au locuteur « inconnu »", "a.json: segment 0: 0 utterances without a speaker, given to speaker 'inconnu'"),
        (1, "a.json : segment 0 : 1 énoncé sans locuteur, attribué au locuteur « inconnu »", "a.json: segment 0: 1 utterance without a speaker, given to speaker 'inconnu'"),
        (2, "a.json : segment 0 : 2 énoncés sans locuteur, attribués au locuteur « inconnu »", "a.json: segment 0: 2 utterances without a speaker, given to speaker 'inconnu'"),
    ],
)
def test_a_word_agrees_with_its_number_in_each_language(count, french, english):
    notice = Notice("read.whisper_utterances_without_speaker", source="a.json", place=Notice("place.segment", index=0), count=count, speaker="inconnu")
    assert (notice.in_lang("fr"), notice.in_lang("en")) == (french, english)


@pytest.mark.parametrize(
    ("fields", "french", "english"),
    [
        ({"start": 1.25, "previous": 3.5}, "a.txt : ligne 2 : le temps recule (1,25 s après 3,5 s)", "a.txt: line 2: time goes backwards (1.25 s after 3.5 s)"),
        ({"start": 1, "previous": 1200}, "a.txt : ligne 2 : le temps recule (1 s après 1200 s)", "a.txt: line 2: time goes backwards (1 s after 1200 s)"),
    ],
)
def test_numbers_are_written_the_french_way_in_french(fields, french, english):
    notice = Notice("read.time_backwards", source="a.txt", place=Notice("place.line", line=2), **fields)
    assert (notice.in_lang("fr"), str(notice)) == (french, english)


def test_thousands_are_set_apart_with_a_thin_space_in_french():
    notice = Notice("error.srt_long_number", digits=12345)
    assert (notice.in_lang("fr"), str(notice)) == ("un nombre de 12\u202f345 chiffres : pas du texte de sous-titres", "a number of 12,345 digits: not subtitle text")


@pytest.mark.parametrize(
    ("items", "french", "english"),
    [([], "", ""), (["a"], "a", "a"), (["a", "b"], "a et b", "a and b"), (["a", "b", "c"], "a, b et c", "a, b and c")],
)
def test_every_joins_a_list_in_each_language(items, french, english):
    joined = every(items)
    assert (say(joined, "fr"), say(joined, "en")) == (french, english)
    assert say(either(items), "fr") == french.replace(" et ", " ou ")


def test_an_error_is_said_with_its_file_and_place_and_survives_pickling():
    error = InputError("a.txt", Notice("error.no_speaker_line"), place=Notice("place.line", line=4))
    copy = pickle.loads(pickle.dumps(error))
    assert say_error(copy, "fr") == "a.txt : ligne 4 : aucune ligne « LOCUTEUR : texte » trouvée"
    assert say_error(copy, "en") == str(error) == "a.txt: line 4: no 'SPEAKER: text' line found"


@pytest.mark.parametrize(
    ("error", "french"),
    [
        (RapportError(Notice("batch.no_transcript")), "aucune transcription trouvée dans les chemins donnés"),
        (RapportError("a message not yet said in French"), "a message not yet said in French"),
    ],
)
def test_another_error_is_said_when_its_message_is_a_notice(error, french):
    assert say_error(error, "fr") == french

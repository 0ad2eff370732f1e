"""`rapport evaluate` and `rapport explain` on the samples, with label files written by the test; figures on hand-made codes."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from analyser.cli.main import main
from analyser.errors import InputError
from analyser.evaluation.evaluate import Codes, ComparedUtterance, Evaluation, read_labels
from analyser.messages import say_error
from analyser.render.evaluation import render_evaluation

from ..conftest import SAMPLES

SAMPLE = SAMPLES / "premiere-seance-alliance.txt"
# The samples are analysed once for the run: these tests run commands over them again and again (conftest.py).
pytestmark = pytest.mark.usefixtures("shared_analyses")


@pytest.fixture(scope="module")
def sample_codes():
    """rapport's own codes of one sample, from `rapport analyse --format json`."""
    result = CliRunner().invoke(main, ["analyse", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["sessions"][0]["utterances"]


def write_labels(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session", "source_line", "question", "reflection"])
        writer.writerows(rows)


def run_evaluate(labels_path):
    result = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.model
def test_own_codes_agree_perfectly(tmp_path, sample_codes):
    labels = tmp_path / "labels.csv"
    write_labels(labels, [(SAMPLE.stem, u["source_line"], u["question"] or "", u["reflection"] or "") for u in sample_codes])
    figures = run_evaluate(labels)
    assert figures["utterances"] == len(sample_codes)
    assert figures["question"]["detection"]["f1"] == 1.0
    assert figures["question"]["kind_on_both_found"]["cohen_kappa"] == 1.0
    assert figures["reflection"]["detection"]["f1"] == 1.0
    assert figures["question"]["confusion"]["matrix"][0][1:] == [0, 0]
    # Labels without the optional columns: no input, client-talk or validity figures, the same session-level keys.
    assert not {"input", "client_talk", "session_validity"} & set(figures)
    assert set(figures["session_level"]["spearman"]) >= {"open_question_share", "input_share", "change_talk_share"}


@pytest.mark.model
def test_one_changed_label_shows_in_every_figure(tmp_path, sample_codes):
    questions = [u for u in sample_codes if u["question"]]
    flipped = questions[0]
    rows = []
    for u in sample_codes:
        question = u["question"] or ""
        if u is flipped:
            question = "closed" if question == "open" else "open"
        rows.append((SAMPLE.stem, u["source_line"], question, u["reflection"] or ""))
    labels = tmp_path / "labels.csv"
    write_labels(labels, rows)
    figures = run_evaluate(labels)
    assert figures["question"]["detection"]["f1"] == 1.0
    assert figures["question"]["kind_on_both_found"]["accuracy"] == pytest.approx((len(questions) - 1) / len(questions), abs=1e-4)
    kind = flipped["question"]
    assert figures["question"][kind]["false_positives"] == 1


@pytest.mark.model
@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ([], ("précision", "rappel", "kappa de Cohen", "Confusion, question", "Spearman", "% questions ouvertes réf./rap.")),
        (["--lang", "en"], ("precision", "recall", "Cohen's kappa", "Confusion, question", "Spearman", "% open questions ref/rap")),
    ],
)
def test_text_report_names_every_figure(tmp_path, sample_codes, lang, headings):
    labels = tmp_path / "labels.csv"
    write_labels(labels, [(SAMPLE.stem, u["source_line"], u["question"] or "", "") for u in sample_codes])
    result = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels), *lang])
    assert result.exit_code == 0
    for heading in (*headings, SAMPLE.stem):
        assert heading in result.stdout


@pytest.mark.model
@pytest.mark.parametrize(
    ("content", "place"),
    [
        ("session,line\nx,1\n", "line 1"),
        ("session,source_line,question,reflection\nx,one,,\n", "line 2"),
        ("session,source_line,question,reflection\nx,1,maybe,\n", "line 2"),
        ("session,source_line,question,reflection\nx,1,,deep\n", "line 2"),
        ("session,source_line,question,reflection,therapist_input\nx,1,,,\nx,2,,,persuade\n", "line 3"),
        ("session,source_line,question,reflection,client_talk\nx,1,,,positive\n", "line 2"),
        ("session,source_line,question,reflection,mi_quality\nx,1,,,medium\n", "line 2"),
        # One MI quality per session: a second value is an error where it appears.
        ("session,source_line,question,reflection,mi_quality\nx,1,,,high\ny,1,,,low\nx,2,,,\nx,3,,,low\n", "line 5"),
    ],
)
def test_bad_labels_name_the_place(tmp_path, content, place):
    labels = tmp_path / "labels.csv"
    labels.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_labels(labels)
    assert error.value.place == place and "\n" not in str(error.value)
    result = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels)])
    assert result.exit_code == 1 and f"{labels} : {place.replace('line', 'ligne')} :" in result.output and "Traceback" not in result.output
    english = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels), "--lang", "en"])
    assert english.exit_code == 1 and f"Error: {labels}: {place}:" in english.output



@pytest.mark.parametrize(
    ("content", "french", "english"),
    [
        (b"session,source_line,question,reflection\ns\xe9ance,1,,\n", "{labels} : octet 41 : les annotations ne sont pas en UTF-8", "{labels}: byte 41: the labels are not UTF-8"),
        (None, "{labels} : impossible de lire les annotations (No such file or directory)", "{labels}: cannot read the labels (No such file or directory)"),
    ],
)
def test_unreadable_labels_are_said_in_french_and_in_english(tmp_path, content, french, english):
    labels = tmp_path / "labels.csv"
    if content is not None:
        labels.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_labels(labels)
    assert (say_error(error.value, "fr"), str(error.value)) == (french.format(labels=labels), english.format(labels=labels))
    result = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels)])
    assert (result.exit_code, result.stderr.strip().splitlines()[-1]) == (1, "Erreur : " + french.format(labels=labels))
    result = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels), "--lang", "en"])
    assert (result.exit_code, result.stderr.strip().splitlines()[-1]) == (1, "Error: " + english.format(labels=labels))


@pytest.mark.model
@pytest.mark.parametrize(
    ("lang", "question", "reflection", "rule"),
    [([], "Question ouverte", "Reflet ", "règle "), (["--lang", "en"], "Open question", " reflection ", "rule ")],
)
def test_explain_shows_codes_with_rule_and_span(lang, question, reflection, rule):
    # Code names in the language asked for; the rule is rapport's internal id in both.
    result = CliRunner().invoke(main, ["explain", str(SAMPLE), *lang])
    assert result.exit_code == 0
    assert question in result.stdout and f"{rule}wh:" in result.stdout
    assert reflection in result.stdout and f"{rule}score" in result.stdout


@pytest.mark.model
def test_optional_columns_add_their_figures(tmp_path, sample_codes):
    labels = tmp_path / "labels.csv"
    with open(labels, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session", "source_line", "speaker", "question", "reflection", "therapist_input", "client_talk", "mi_quality"])
        for u in sample_codes:
            given = "information" if u["role"] == "therapist" and not u["question"] else ""
            talk = "change" if u["role"] == "client" else ""
            writer.writerow([SAMPLE.stem, u["source_line"], u["role"], u["question"] or "", u["reflection"] or "", given, talk, "high"])
    figures = run_evaluate(labels)
    therapist = [u for u in sample_codes if u["role"] == "therapist"]
    assert figures["input"]["rows"] == "therapist" and figures["input"]["items"] == len(therapist)
    assert figures["client_talk"]["items"] == sum(u["role"] == "client" for u in sample_codes)
    session = figures["session_level"]["sessions"][0]
    assert session["mi_quality"] == "high" and session["reference"]["change_talk_share"] == 1.0
    # One session, all high: no AUC, but the keys are there.
    validity = figures["session_validity"]
    assert validity["input_share"] == {"rapport": None, "reference": None, "sessions": {"rapport": 1, "reference": 1}, "orientation": "lower"}
    assert validity["baseline_length"]["auc"] is None and validity["baseline_length"]["sessions"] == 1


# Hand-made codes, no model: (session, role, reference input, rapport's input, reference client talk, rapport's client talk).
HAND_ROWS = [
    ("h1", "therapist", None, None, None, None),
    ("h1", "therapist", None, None, None, None),
    ("h1", "client", None, None, "change", None),
    ("h2", "therapist", "information", None, None, None),
    ("h2", "therapist", None, None, None, None),
    ("h2", "client", None, None, "neutral", None),
    ("l1", "therapist", "advice", None, None, None),
    ("l1", "therapist", None, None, None, None),
    ("l1", "client", None, None, "change", None),
    ("l1", "client", None, None, "sustain", None),
    ("l2", "therapist", "advice", None, None, None),
    ("l2", "therapist", "options", None, None, None),
    ("l2", "client", None, None, "sustain", None),
    ("n1", "therapist", None, None, None, None),
]
QUALITY = {"h1": "high", "h2": "high", "l1": "low", "l2": "low"}
LENGTHS = {"h1": 3, "h2": 4, "l1": 6, "l2": 4, "n1": 9}
ALL_COLUMNS = frozenset({"speaker", "therapist_input", "client_talk", "mi_quality"})


def hand_evaluation(rows, *, columns=ALL_COLUMNS, quality=None, lengths=None):
    """An Evaluation of hand-made codes: one compared utterance per row, numbered in order."""
    items = tuple(
        ComparedUtterance(session, line, Codes(None, None, ref_input, ref_talk, role), Codes(None, None, pred_input, pred_talk, role))
        for line, (session, role, ref_input, pred_input, ref_talk, pred_talk) in enumerate(rows, start=1)
    )
    sessions = tuple(dict.fromkeys(row[0] for row in rows))
    return Evaluation("labels.csv", items, sessions, (), (), columns, quality or {}, lengths or {})


# Four therapist lines and a client line the input figures must leave out when the labels name the speaker.
INPUT_ROWS = [
    ("s", "therapist", "information", "information", None, None),
    ("s", "therapist", "advice", "information", None, None),
    ("s", "therapist", None, "advice", None, None),
    ("s", "therapist", "information", None, None, None),
    ("s", "client", None, "advice", "neutral", None),
]


@pytest.mark.parametrize(
    ("columns", "items", "detection", "confusion_none_row"),
    [
        # TP 2, FP 1, FN 1: P = R = F1 = 2/3.
        ({"speaker", "therapist_input"}, 4, (2, 1, 1), [0, 0, 1, 0, 0]),
        # Without a speaker column every line counts, the client's too.
        ({"therapist_input"}, 5, (2, 2, 1), [0, 0, 2, 0, 0]),
        ({"speaker"}, None, None, None),
    ],
)
def test_input_figures(columns, items, detection, confusion_none_row):
    figures = hand_evaluation(INPUT_ROWS, columns=frozenset(columns)).to_dict()
    if items is None:
        assert "input" not in figures
        return
    block = figures["input"]
    assert block["items"] == items
    found = block["detection"]
    assert (found["true_positives"], found["false_positives"], found["false_negatives"]) == detection
    # Both found: information/information and advice/information; chance agreement 1/2, so kappa 0.
    assert block["kind_on_both_found"] == {"items": 2, "accuracy": 0.5, "cohen_kappa": 0.0}
    assert block["information"]["true_positives"] == 1 and block["advice"]["false_negatives"] == 1
    assert block["confusion"]["classes"] == ["none", "information", "advice", "negotiation", "options"]
    assert block["confusion"]["matrix"][0] == confusion_none_row
    assert block["confusion"]["matrix"][1] == [1, 1, 0, 0, 0]


TALK_ROWS = [
    ("s", "client", None, None, "change", "change"),
    ("s", "client", None, None, "change", "neutral"),
    ("s", "client", None, None, "sustain", "sustain"),
    ("s", "client", None, None, "neutral", None),
    ("s", "client", None, None, None, "change"),  # not coded by the labels: left out
    ("s", "therapist", None, None, "change", "change"),  # a therapist line: left out when the labels name the speaker
]


@pytest.mark.parametrize(
    ("columns", "items", "accuracy", "macro"),
    [
        # change F1 2/3, sustain 1, neutral 0 (P 0, R 0): macro-F1 5/9.
        ({"speaker", "client_talk"}, 4, 0.5, 0.5556),
        # The therapist line counts too: change F1 4/5, so (4/5 + 1 + 0) / 3.
        ({"client_talk"}, 5, 0.6, 0.6),
        ({"speaker"}, None, None, None),
    ],
)
def test_client_talk_figures(columns, items, accuracy, macro):
    figures = hand_evaluation(TALK_ROWS, columns=frozenset(columns)).to_dict()
    if items is None:
        assert "client_talk" not in figures
        return
    block = figures["client_talk"]
    assert (block["items"], block["accuracy"], block["macro_f1"]) == (items, accuracy, macro)
    assert block["sustain"]["f1"] == 1.0 and block["neutral"]["f1"] == 0.0
    assert block["confusion"]["classes"] == ["none", "change", "sustain", "neutral"]
    assert block["confusion"]["matrix"][0] == [0, 0, 0, 0] and block["confusion"]["matrix"][3] == [1, 0, 0, 0]


@pytest.mark.parametrize(
    ("session", "input_share", "change_talk_share"),
    [
        ("h1", 0.0, 1.0),
        ("h2", 0.5, None),  # neither change nor sustain talk
        ("l1", 0.5, 0.5),
        ("l2", 1.0, 0.0),
        ("n1", 0.0, None),
    ],
)
def test_session_input_and_change_talk_shares(session, input_share, change_talk_share):
    rows = {row["session"]: row for row in hand_evaluation(HAND_ROWS).session_figures()}
    assert rows[session]["reference"]["input_share"] == input_share
    assert rows[session]["reference"]["change_talk_share"] == change_talk_share
    # rapport codes no input or client talk here: 0 % input, no change-talk share.
    assert rows[session]["predicted"]["input_share"] == 0.0 and rows[session]["predicted"]["change_talk_share"] is None


def test_session_shares_need_their_columns():
    row = hand_evaluation(HAND_ROWS, columns=frozenset()).session_figures()[0]
    assert row["reference"]["input_share"] is None and row["reference"]["change_talk_share"] is None
    assert "mi_quality" not in row


@pytest.mark.parametrize(
    ("figure", "side", "expected", "sessions", "orientation"),
    [
        # Lower is better: high sessions 0 and 0.5 against low 0.5 and 1; the tie 0.5 = 0.5 counts half: 3.5 / 4.
        ("input_share", "reference", 0.875, 4, "lower"),
        ("input_share", "rapport", 0.5, 4, "lower"),  # all 0: every pair tied
        # h2 has no change-talk share and is left out: 1.0 against 0.5 and 0.0.
        ("change_talk_share", "reference", 1.0, 3, "higher"),
        ("change_talk_share", "rapport", None, 0, "higher"),
        ("open_question_share", "reference", None, 0, "higher"),  # no questions at all
    ],
)
def test_session_validity_auc(figure, side, expected, sessions, orientation):
    validity = hand_evaluation(HAND_ROWS, quality=QUALITY, lengths=LENGTHS).to_dict()["session_validity"]
    assert validity[figure][side] == expected
    assert validity[figure]["sessions"][side] == sessions
    assert validity[figure]["orientation"] == orientation


@pytest.mark.parametrize(
    ("lengths", "auc", "orientation"),
    [
        # Longer scores 0.125 (3 and 4 against 6 and 4, one tie): shorter is the better way round.
        (LENGTHS, 0.875, "lower"),
        ({"h1": 10, "h2": 8, "l1": 6, "l2": 8}, 0.875, "higher"),
        ({"h1": 5, "h2": 5, "l1": 5, "l2": 5}, 0.5, "higher"),
    ],
)
def test_session_validity_length_baseline(lengths, auc, orientation):
    validity = hand_evaluation(HAND_ROWS, quality=QUALITY, lengths=lengths).to_dict()["session_validity"]
    assert validity["baseline_length"] == {"auc": auc, "sessions": 4, "orientation": orientation}


def test_session_validity_needs_mi_quality():
    assert "session_validity" not in hand_evaluation(HAND_ROWS, columns=ALL_COLUMNS - {"mi_quality"}).to_dict()


def test_text_report_shows_the_new_blocks():
    figures = hand_evaluation(HAND_ROWS, quality=QUALITY, lengths=LENGTHS).to_dict()
    text = render_evaluation(figures)
    for heading in ("Confusion, information ou conseil", "Confusion, discours du client", "macro-F1", "% discours-changement", "Validité par séance", "référence à battre", "plus courte"):
        assert heading in text
    english = render_evaluation(figures, lang="en")
    for heading in ("Confusion, input", "Confusion, client talk", "macro-F1", "% change talk", "Session validity", "baseline to beat", "shorter"):
        assert heading in english


@pytest.mark.parametrize(
    ("content", "columns", "codes", "quality"),
    [
        ("session,source_line,question,reflection\nx,1,open,\n", set(), Codes("open", None), {}),
        (
            "session,source_line,speaker,question,reflection,therapist_input\nx,1,Therapist,,simple,Advice\n",
            {"speaker", "therapist_input"},
            Codes(None, "simple", "advice", None, "therapist"),
            {},
        ),
        (
            "session,source_line,speaker,question,reflection,client_talk,mi_quality\nx,1,client,,,change,\nx,2,client,,,,LOW\n",
            {"speaker", "client_talk", "mi_quality"},
            Codes(None, None, None, "change", "client"),
            {"x": "low"},
        ),
    ],
)
def test_read_labels_optional_columns(tmp_path, content, columns, codes, quality):
    labels = tmp_path / "labels.csv"
    labels.write_text(content, encoding="utf-8")
    read = read_labels(labels)
    assert read.columns == columns and read["x"][1] == codes and dict(read.mi_quality) == quality

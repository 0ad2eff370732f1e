"""`rapport evaluate` and `rapport explain` on the samples, with label files written by the test."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from analyser.cli import main
from analyser.errors import InputError
from analyser.evaluate import read_labels

from .conftest import SAMPLES

pytestmark = pytest.mark.model
SAMPLE = SAMPLES / "premiere-seance-alliance.txt"


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


def test_own_codes_agree_perfectly(tmp_path, sample_codes):
    labels = tmp_path / "labels.csv"
    write_labels(labels, [(SAMPLE.stem, u["source_line"], u["question"] or "", u["reflection"] or "") for u in sample_codes])
    figures = run_evaluate(labels)
    assert figures["utterances"] == len(sample_codes)
    assert figures["question"]["detection"]["f1"] == 1.0
    assert figures["question"]["kind_on_both_found"]["cohen_kappa"] == 1.0
    assert figures["reflection"]["detection"]["f1"] == 1.0
    assert figures["question"]["confusion"]["matrix"][0][1:] == [0, 0]


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


def test_text_report_names_every_figure(tmp_path, sample_codes):
    labels = tmp_path / "labels.csv"
    write_labels(labels, [(SAMPLE.stem, u["source_line"], u["question"] or "", "") for u in sample_codes])
    result = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels)])
    assert result.exit_code == 0
    for heading in ("precision", "Cohen's kappa", "Confusion, question", "Spearman", SAMPLE.stem):
        assert heading in result.stdout


@pytest.mark.parametrize(
    ("content", "place"),
    [
        ("session,line\nx,1\n", "line 1"),
        ("session,source_line,question,reflection\nx,one,,\n", "line 2"),
        ("session,source_line,question,reflection\nx,1,maybe,\n", "line 2"),
        ("session,source_line,question,reflection\nx,1,,deep\n", "line 2"),
    ],
)
def test_bad_labels_name_the_place(tmp_path, content, place):
    labels = tmp_path / "labels.csv"
    labels.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_labels(labels)
    assert error.value.place == place
    result = CliRunner().invoke(main, ["evaluate", str(SAMPLE), "--labels", str(labels)])
    assert result.exit_code == 1 and f"{labels}: {place}:" in result.output and "Traceback" not in result.output


def test_explain_shows_codes_with_rule_and_span():
    result = CliRunner().invoke(main, ["explain", str(SAMPLE)])
    assert result.exit_code == 0
    assert "QUESTION_OPEN" in result.stdout and "rule wh:" in result.stdout
    assert "REFLECTION_" in result.stdout and "rule score" in result.stdout

"""`rapport check` without a model: thresholds on hand-made rows, config merging, bad configs, and the renderers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from analyser.errors import ConfigError, InputError
from analyser.gate.checks import (
    CheckConfig,
    CheckResult,
    CheckRun,
    SessionCheck,
    Threshold,
    UnreadableInput,
    builtin_profiles,
    check_row,
    load_config,
    parse_config,
    unreadable_input,
)
from analyser.messages import say_error
from analyser.profile.bands import bands
from analyser.render.checks import check_name, describe, measured_value, render_markdown_summary, render_summary, unreadable_line
from analyser.render.github import annotations, escape_data, escape_property
from analyser.render.junit import render_junit
from analyser.render.report_text import ReportText
from analyser.rows import numeric_columns

OPEN = Threshold("open_question_share", "min", 0.5)
TALK = Threshold("therapist_word_share", "max", 0.6)


def row(session_id: str = "s1", **figures: object) -> dict[str, object]:
    """A session row with only the columns a test needs; `<metric>_band` given explicitly when wanted."""
    return {"session_id": session_id, "warnings": 0, **figures}


# --- thresholds ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "measured", "passes"),
    [
        (OPEN, 0.49, False),
        (OPEN, 0.5, True),  # equal to the threshold: passes
        (OPEN, 0.51, True),
        (TALK, 0.59, True),
        (TALK, 0.6, True),  # equal to the threshold: passes
        (TALK, 0.61, False),
    ],
)
def test_min_and_max_with_their_boundaries(threshold, measured, passes):
    assert threshold.passes(measured) is passes
    result = check_row(row(**{threshold.metric: measured}), CheckConfig((threshold,))).results[0]
    assert result.status == ("pass" if passes else "fail")
    assert result.value == measured


def test_labels_read_as_the_comparison():
    assert OPEN.label == "open_question_share >= 0.5"
    assert TALK.label == "therapist_word_share <= 0.6"
    assert Threshold("words", "min", 1000.0).label == "words >= 1000"


def test_band_comes_from_the_row_when_the_metric_has_one():
    config = CheckConfig((OPEN, TALK))
    results = check_row(row(open_question_share=0.69, open_question_share_band="fair", therapist_word_share=0.4), config).results
    assert [(r.band, r.status) for r in results] == [("fair", "pass"), (None, "pass")]


@pytest.mark.parametrize("when_missing", ["fail", "pass", "skip"])
def test_a_missing_value_follows_when_missing(when_missing):
    session = check_row(row(open_question_share=None, open_question_share_band=None), CheckConfig((OPEN,), when_missing=when_missing))
    (result,) = session.results
    assert (result.value, result.band, result.status) == (None, None, when_missing)
    assert session.failed is (when_missing == "fail")


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "fr",
            (
                "% questions ouvertes : pas de valeur pour cette séance ; "
                "une séance qui ne peut pas être mesurée ne passe pas un seuil de compétence (when_missing = fail)"
            ),
        ),
        ("en", "% open questions has no value for this session: a session that cannot be measured does not pass a competency gate (when_missing = fail)"),
    ],
)
def test_a_missing_value_that_fails_says_why(lang, sentence):
    result = check_row(row(open_question_share=None), CheckConfig((OPEN,))).results[0]
    assert describe(result, lang=lang) == sentence


# --- numbers as people read them -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "value", "french", "english"),
    [
        (OPEN, 0.6923, "69,2\u00a0%", "69.2%"),  # a share: a percentage with one decimal
        (OPEN, 0.4996, "49,96\u00a0%", "49.96%"),  # never reads as its threshold (50,0 %) when it misses it
        (OPEN, 0.5, "50,0\u00a0%", "50.0%"),
        (Threshold("reflection_to_question", "min", 1.0), 0.8077, "0,81", "0.81"),  # a ratio: two decimals
        (Threshold("reflection_to_question", "min", 1.0), 0.9996, "0,9996", "0.9996"),
        (Threshold("words", "min", 500.0), 1234.0, "1234", "1234"),  # a count: a whole number
        (Threshold("duration_s", "max", 3600.0), 2710.0, "0:45:10", "0:45:10"),  # a time: as transcripts write it
    ],
)
def test_a_measured_value_is_written_as_its_metric_is(threshold, value, french, english):
    result = CheckResult("s1", threshold, value, None, "pass")
    assert measured_value(result, ReportText.for_lang("fr")) == french
    assert measured_value(result, ReportText.for_lang("en")) == english


@pytest.mark.parametrize(
    ("threshold", "french", "english"),
    [
        (OPEN, "% questions ouvertes ≥ 50\u00a0%", "% open questions ≥ 50%"),
        (Threshold("complex_reflection_share", "min", 0.725), "% reflets complexes ≥ 72,5\u00a0%", "% complex reflections ≥ 72.5%"),
        (Threshold("reflection_to_question", "min", 1.5), "reflets par question (R:Q) ≥ 1,5", "reflections per question (R:Q) ≥ 1.5"),
        (Threshold("warnings", "max", 0.0), "warnings ≤ 0", "warnings ≤ 0"),  # a column without a short name keeps its own
    ],
)
def test_a_check_is_named_for_people(threshold, french, english):
    assert check_name(threshold, ReportText.for_lang("fr")) == french
    assert check_name(threshold, ReportText.for_lang("en")) == english


# --- too few to conclude -------------------------------------------------------------------------------------------

COMPLEX = Threshold("complex_reflection_share", "min", 0.4)


@pytest.mark.parametrize(
    ("reflections", "value", "when_too_few", "status"),
    [
        (2, 0.0, "skip", "skip"),  # 0 % of two reflections: no verdict, not a failure
        (2, 1.0, "skip", "skip"),  # 100 % of two: no verdict, not a pass either
        (0, None, "skip", "skip"),  # none at all: too few (n = 0), not "not measured"
        (2, 0.0, "fail", "fail"),
        (2, 1.0, "pass", "pass"),
        (5, 0.2, "skip", "fail"),  # the minimum reached: the threshold decides
        (5, 0.4, "skip", "pass"),
    ],
)
def test_a_metric_below_its_minimum_count_follows_when_too_few(reflections, value, when_too_few, status):
    figures = row(complex_reflection_share=value, complex_reflection_share_band=None, reflections=reflections)
    (result,) = check_row(figures, CheckConfig((COMPLEX,), when_too_few=when_too_few)).results
    assert (result.status, result.count, result.minimum) == (status, reflections, 5)
    assert result.too_few is (reflections < 5)


def test_too_few_wins_over_when_missing():
    figures = row(complex_reflection_share=None, reflections=0)
    (result,) = check_row(figures, CheckConfig((COMPLEX,), when_missing="fail")).results
    assert result.status == "skip" and result.too_few


def test_a_row_without_the_counted_columns_is_judged_on_its_value():
    (result,) = check_row(row(complex_reflection_share=0.2), CheckConfig((COMPLEX,))).results
    assert (result.status, result.count, result.minimum, result.too_few) == ("fail", None, None, False)


def test_the_minimum_count_sums_every_counted_column():
    threshold = Threshold("reflection_to_question", "min", 1.0)
    figures = row(reflection_to_question=0.5, questions=2, reflections=1)
    (result,) = check_row(figures, CheckConfig((threshold,))).results
    assert (result.count, result.minimum, result.status) == (3, 5, "skip")


@pytest.mark.parametrize(
    ("value", "status", "lang", "sentence"),
    [
        (0.0, "skip", "fr", "% reflets complexes = 0,0\u00a0%, trop peu pour conclure (n = 2), au moins 5 requis : seuil ignoré (when_too_few = skip)"),
        (0.0, "skip", "en", "% complex reflections = 0.0%, too few to conclude (n = 2), needs at least 5: check skipped (when_too_few = skip)"),
        (None, "skip", "fr", "% reflets complexes sans valeur, trop peu pour conclure (n = 0), au moins 5 requis : seuil ignoré (when_too_few = skip)"),
        (None, "skip", "en", "% complex reflections no value, too few to conclude (n = 0), needs at least 5: check skipped (when_too_few = skip)"),
        (
            0.5,
            "fail",
            "en",
            (
                "% complex reflections = 50.0%, too few to conclude (n = 2), needs at least 5: "
                "a session with too few to measure does not pass a competency gate (when_too_few = fail)"
            ),
        ),
    ],
)
def test_too_few_is_said_with_the_count(value, status, lang, sentence):
    count = 0 if value is None else 2
    result = CheckResult("s1", COMPLEX, value, None, status, count, 5)  # type: ignore[arg-type]
    assert describe(result, lang=lang) == sentence


def too_few_run() -> CheckRun:
    config = CheckConfig((COMPLEX,))
    sessions = (
        check_row(row("few", complex_reflection_share=1.0, reflections=2), config),
        check_row(row("many", complex_reflection_share=0.5, complex_reflection_share_band="good", reflections=10), config),
    )
    return CheckRun(config, sessions)


def test_every_check_output_says_too_few_with_the_count():
    run = too_few_run()
    assert run.passed  # skipped, not failed
    summary = render_summary(run)
    assert "when_too_few = skip" in summary.splitlines()[0]
    assert "trop peu pour conclure (n = 2), au moins 5 requis : seuil ignoré (when_too_few = skip)" in summary
    assert "trop peu pour conclure (n = 2)" in render_markdown_summary(run)
    assert "too few to conclude (n = 2), needs at least 5: check skipped (when_too_few = skip)" in render_summary(run, lang="en")
    assert "too few to conclude (n = 2)" in render_markdown_summary(run, lang="en")
    root = ET.fromstring(render_junit(run))
    first, second = root.findall("./testsuite/testcase")
    assert first.find("skipped").get("message").endswith("trop peu pour conclure (n = 2), au moins 5 requis : seuil ignoré (when_too_few = skip)")
    properties = {p.get("name"): p.get("value") for p in first.iter("property")}
    assert (properties["count"], properties["minimum"], properties["status"]) == ("2", "5", "skip")
    assert second.find("skipped") is None and second.find("failure") is None
    assert root.get("skipped") == "1"
    warnings = [line for line in annotations(run, lang="en") if line.startswith("::warning ")]
    assert len(warnings) == 1
    assert "sessions with too few codes to conclude on %25 complex reflections (minimum 5): 1 of 2, skipped (when_too_few = skip)" in warnings[0]
    assert "few (too few to conclude (n = 2))" in warnings[0]
    (french,) = [line for line in annotations(run) if line.startswith("::warning ")]
    assert "1 sur 2, ignorées (when_too_few = skip) — few (trop peu pour conclure (n = 2))" in french


def test_warnings_are_counted_not_quoted():
    assert check_row(row(warnings=3, open_question_share=0.9), CheckConfig((OPEN,))).warnings == 3


# --- built-in profiles ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "band"), [("miti-fair", "fair"), ("miti-good", "good")])
def test_builtin_profiles_equal_the_miti_bands(profile, band):
    # % MI-adherent is among them: MITI 3.1.1 publishes its thresholds (90 % and 100 %).
    miti = {metric: getattr(b, band) for metric, b in bands().items() if b.source.startswith("MITI")}
    thresholds = builtin_profiles()[profile].thresholds
    assert {t.metric: t.value for t in thresholds} == miti
    assert {t.kind for t in thresholds} == {"min"}


def test_builtin_profiles_gate_only_numeric_columns():
    for config in builtin_profiles().values():
        assert all(t.metric in numeric_columns() for t in config.thresholds)


# --- configuration: merging -----------------------------------------------------------------------------------------


def thresholds(config: CheckConfig) -> dict[tuple[str, str], float]:
    return {(t.metric, t.kind): t.value for t in config.thresholds}


def test_neither_file_nor_option_gives_miti_fair():
    config = load_config(None)
    assert (config.profile, config.when_missing, config.when_too_few) == ("miti-fair", "fail", "skip")
    assert config.thresholds == builtin_profiles()["miti-fair"].thresholds


def test_the_option_profile_wins_over_the_files():
    config = parse_config('[check]\nprofile = "miti-fair"\n', source="rapport.toml", profile="miti-good")
    assert config.profile == "miti-good"
    assert thresholds(config) == thresholds(builtin_profiles()["miti-good"])


def test_file_thresholds_override_the_same_metric_and_kind_and_add_the_others():
    text = '[check]\nprofile = "miti-good"\nwhen_missing = "skip"\n[check.min]\nopen_question_share = 0.6\n[check.max]\ntherapist_word_share = 0.6\n'
    config = parse_config(text, source="rapport.toml")
    assert config.when_missing == "skip"
    assert thresholds(config) == {
        ("open_question_share", "min"): 0.6,
        ("complex_reflection_share", "min"): 0.5,
        ("reflection_to_question", "min"): 2.0,
        ("mi_adherent_share", "min"): 1.0,
        ("therapist_word_share", "max"): 0.6,
    }


def test_a_file_without_profile_starts_from_miti_fair():
    config = parse_config("[check.max]\ntherapist_word_share = 0.6\n", source="rapport.toml")
    assert config.profile == "miti-fair"
    assert ("therapist_word_share", "max") in thresholds(config) and ("open_question_share", "min") in thresholds(config)


def test_profile_none_keeps_only_the_files_thresholds():
    config = parse_config('[check]\nprofile = "none"\n[check.max]\nwarnings = 0\n', source="rapport.toml")
    assert (config.profile, thresholds(config)) == (None, {("warnings", "max"): 0.0})


def test_a_config_file_is_read_from_disk(tmp_path):
    path = tmp_path / "rapport.toml"
    path.write_text("[check.min]\nwords = 500\n", encoding="utf-8")
    assert thresholds(load_config(str(path)))[("words", "min")] == 500.0


# --- configuration: one-line errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[chek.min]\nwords = 1\n", "rapport.toml: check: no [check] table: the thresholds go under [check.min] and [check.max]"),
        ("check = 3\n", "rapport.toml: check: must be a table ([check])"),
        ("[check]\nminimum = 1\n", "rapport.toml: check.minimum: unknown key; did you mean min?"),
        ("[check]\nthresholds = 1\n", "rapport.toml: check.thresholds: unknown key; the keys are profile, when_missing, when_too_few, min, max"),
        ('[check]\nprofile = "miti-excellent"\n', "rapport.toml: check.profile: must be one of miti-fair, miti-good, none, not 'miti-excellent'"),
        ('[check]\nwhen_missing = "ignore"\n', "rapport.toml: check.when_missing: must be one of fail, pass, skip, not 'ignore'"),
        ('[check]\nwhen_too_few = "warn"\n', "rapport.toml: check.when_too_few: must be one of fail, pass, skip, not 'warn'"),
        ("[check]\nmin = 0.5\n", "rapport.toml: check.min: must be a table of metric = number ([check.min]), not 0.5"),
        ("[check.min]\nopen_question = 0.5\n", "rapport.toml: check.min.open_question: unknown metric; did you mean open_questions, open_question_share, closed_questions?"),
        ("[check.max]\nzzz = 1\n", "rapport.toml: check.max.zzz: unknown metric; the metrics are the numeric session columns (docs/outputs.md, CSV columns)"),
        ("[check.min]\nopen_question_share_band = 1\n", "rapport.toml: check.min.open_question_share_band: unknown metric; did you mean open_question_share, open_questions, complex_reflection_share?"),
        ('[check.min]\nopen_question_share = "50 %"\n', "rapport.toml: check.min.open_question_share: must be a finite number, not '50 %'"),
        ("[check.min]\nopen_question_share = true\n", "rapport.toml: check.min.open_question_share: must be a finite number, not True"),
        ("[check.min]\nopen_question_share = nan\n", "rapport.toml: check.min.open_question_share: must be a finite number, not nan"),
        ("[check.min]\nopen_question_share = [0.5]\n", "rapport.toml: check.min.open_question_share: must be a finite number, not an array"),
        ("[check.min]\nwords = 900\n[check.max]\nwords = 800\n", "rapport.toml: check.max.words: 800 is below the minimum 900: no session could pass"),
        ("[check.max]\nopen_question_share = 0.4\n", "rapport.toml: check.max.open_question_share: 0.4 is below the minimum 0.5: no session could pass"),
        ('[check]\nprofile = "none"\n', 'rapport.toml: check: no threshold: with profile = "none", give some under [check.min] or [check.max]'),
    ],
)
def test_a_bad_config_is_one_line_naming_the_file_and_the_key(text, message):
    with pytest.raises(ConfigError) as caught:
        parse_config(text, source="rapport.toml")
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("text", "where"), [("[check.min]\nwords = \n", "line 2, column 9"), ("[check]\n[check]\n", "line 2, column 7"), ("[check", "end of document")])
def test_invalid_toml_keeps_the_line_and_column(text, where):
    # tomllib words its reasons in its own way (and may reword them); the place is what matters.
    with pytest.raises(ConfigError, match=rf"^rapport\.toml: {where}: not valid TOML \([a-z].+\)$"):
        parse_config(text, source="rapport.toml")


@pytest.mark.parametrize(("text", "where"), [("[check.min]\nwords = \n", "ligne 2, colonne 9"), ("[check", "fin du fichier")])
def test_invalid_toml_is_placed_in_french(text, where):
    # tomllib's own reason stays in its English words; the place and the rest are French.
    with pytest.raises(ConfigError) as caught:
        parse_config(text, source="rapport.toml")
    assert re.fullmatch(rf"rapport\.toml : {where} : TOML non valide \([a-z].+\)", say_error(caught.value, "fr"))


def test_an_unreadable_config_file_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match=r"^.*missing\.toml: cannot read the file \(No such file or directory\)$"):
        load_config(str(tmp_path / "missing.toml"))
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes("[check]\n# réglages\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"latin1\.toml: byte 11: not UTF-8 text, as TOML must be$"):
        load_config(str(latin1))



@pytest.mark.parametrize(
    ("text", "french", "english"),
    [
        ("[chek.min]\nwords = 1\n", "rapport.toml : check : pas de table [check] : les seuils se placent sous [check.min] et [check.max]", None),
        ("[check]\nminimum = 1\n", "rapport.toml : check.minimum : clé inconnue ; vouliez-vous dire min ?", None),
        ("[check]\nthresholds = 1\n", "rapport.toml : check.thresholds : clé inconnue ; les clés sont profile, when_missing, when_too_few, min, max", None),
        ('[check]\nwhen_missing = "ignorer"\n', "rapport.toml : check.when_missing : doit être l'une des valeurs fail, pass, skip, pas « ignorer »", None),
        ("[check]\nmin = 0.5\n", "rapport.toml : check.min : doit être une table de métrique = nombre ([check.min]), pas « 0,5 »", None),
        ("[check]\nmax = [1]\n", "rapport.toml : check.max : doit être une table de métrique = nombre ([check.max]), pas un tableau", "rapport.toml: check.max: must be a table of metric = number ([check.max]), not an array"),
        (
            "[check.min]\nzzz = 0.5\n",
            "rapport.toml : check.min.zzz : métrique inconnue ; les métriques sont les colonnes numériques d'une séance (docs/outputs.md, colonnes du CSV)",
            None,
        ),
        ("[check.min]\nopen_question = 0.5\n", "rapport.toml : check.min.open_question : métrique inconnue ; vouliez-vous dire open_questions, open_question_share, closed_questions ?", None),
        ('[check.min]\nopen_question_share = "50 %"\n', "rapport.toml : check.min.open_question_share : doit être un nombre fini, pas « 50 % »", None),
        ("[check.min]\nopen_question_share = {}\n", "rapport.toml : check.min.open_question_share : doit être un nombre fini, pas une table", "rapport.toml: check.min.open_question_share: must be a finite number, not a table"),
        # Thresholds are written the French way in French: decimal comma.
        ("[check.max]\nopen_question_share = 0.4\n", "rapport.toml : check.max.open_question_share : 0,4 est en dessous du minimum 0,5 : aucune séance ne pourrait passer", None),
        ("[check.min]\nwords = 900.25\n[check.max]\nwords = 800\n", "rapport.toml : check.max.words : 800 est en dessous du minimum 900,25 : aucune séance ne pourrait passer", "rapport.toml: check.max.words: 800 is below the minimum 900.25: no session could pass"),
        ('[check]\nprofile = "none"\n', 'rapport.toml : check : aucun seuil : avec profile = "none", donnez-en sous [check.min] ou [check.max]', None),
    ],
)
def test_a_bad_config_is_said_in_french_and_in_english(text, french, english):
    with pytest.raises(ConfigError) as caught:
        parse_config(text, source="rapport.toml")
    assert say_error(caught.value, "fr") == french
    assert say_error(caught.value, "en") == str(caught.value)
    if english is not None:
        assert str(caught.value) == english


def test_an_unknown_profile_is_said_in_either_language():
    with pytest.raises(ConfigError) as caught:
        parse_config(None, source="", profile="miti-excellent")
    assert say_error(caught.value, "fr") == "--profile : profil inconnu « miti-excellent » ; les profils sont miti-fair, miti-good"
    assert str(caught.value) == "--profile: unknown profile 'miti-excellent'; the profiles are miti-fair, miti-good"


def test_an_unreadable_config_file_is_said_in_french(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path / "absent.toml"))
    assert say_error(caught.value, "fr") == f"{tmp_path / 'absent.toml'} : impossible de lire le fichier (No such file or directory)"
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes("[check]\n# réglages\n".encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        load_config(str(latin1))
    assert say_error(caught.value, "fr") == f"{latin1} : octet 11 : ce n'est pas du texte UTF-8, comme TOML l'exige"


# --- unreadable inputs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "shown"),
    [
        ("line 6", "line 6"),
        ("<Turn> at line 120", "line 120"),
        ("word/document.xml, line 3, column 7", "line 3, column 7"),
        ("segment 4, word 2", "segment 4, word 2"),
        ("cue Zorglubette parle", None),  # a WebVTT cue identifier is the file's own text
        ("zip archive", None),
        (None, None),
    ],
)
def test_an_unreadable_input_keeps_its_stem_and_numbered_place_only(place, shown):
    error = InputError("/home/x/séances/s-07.srt", "malformed timing line 'CANARY said this'", place=place)
    assert unreadable_input(error) == UnreadableInput("s-07", shown)
    # The outputs give a fixed reason and the numbered place, never the reader's message.
    assert "CANARY" not in unreadable_line(unreadable_input(error)) and "CANARY" not in unreadable_line(unreadable_input(error), lang="en")


@pytest.mark.parametrize(
    ("place", "lang", "line"),
    [
        ("line 6", "fr", "s-07 : ligne 6 : illisible ; lancez `rapport analyse` sur ce fichier en local pour voir pourquoi"),
        ("line 3, column 7", "fr", "s-07 : ligne 3, colonne 7 : illisible ; lancez `rapport analyse` sur ce fichier en local pour voir pourquoi"),
        ("segment 4, word 2", "fr", "s-07 : segment 4, mot 2 : illisible ; lancez `rapport analyse` sur ce fichier en local pour voir pourquoi"),
        (None, "fr", "s-07 : illisible ; lancez `rapport analyse` sur ce fichier en local pour voir pourquoi"),
        ("line 3, column 7", "en", "s-07: line 3, column 7: could not be read; run `rapport analyse` on it locally to see why"),
    ],
)
def test_an_unreadable_input_is_said_in_the_language_asked_for(place, lang, line):
    assert unreadable_line(UnreadableInput("s-07", place), lang=lang) == line


# --- renderers ------------------------------------------------------------------------------------------------------

# A file name may hold Markdown, XML and workflow-command syntax, and a control character.
TRICKY = 'a|b<c>&"d%0A:e,f\x01'


def tricky_run() -> CheckRun:
    config = CheckConfig((OPEN, TALK))
    sessions = (
        check_row(row(TRICKY, open_question_share=0.4, open_question_share_band="low", therapist_word_share=0.7), config),
        check_row(row("ok", open_question_share=0.8, open_question_share_band="good", therapist_word_share=0.5), config),
    )
    return CheckRun(config, sessions, (UnreadableInput("broken", "line 3"),))


def test_junit_escaping_is_structural():
    root = ET.fromstring(render_junit(tricky_run()))
    cases = root.findall("./testsuite/testcase")
    assert [case.get("classname") for case in cases] == [f"rapport.{TRICKY[:-1]}\ufffd"] * 2 + ["rapport.ok"] * 2 + ["rapport.broken"]
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("5", "2", "1", "0")
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == "% questions ouvertes = 40,0\u00a0% (bande bas), sous le minimum 50\u00a0%"
    english = ET.fromstring(render_junit(tricky_run(), lang="en")).findall("./testsuite/testcase")
    assert english[0].find("failure").get("message") == "% open questions = 40.0% (band low), below the minimum 50%"
    # Properties are for machines: the same in every language, the value as the session row keeps it.
    assert [case.get("name") for case in english] == [case.get("name") for case in cases]
    assert {p.get("name"): p.get("value") for p in cases[2].iter("property")}["value"] == "0.8"
    assert cases[4].find("error").get("message") == unreadable_line(UnreadableInput("broken", "line 3"))


def test_markdown_escapes_the_session_id_and_keeps_the_table_shape():
    markdown = render_markdown_summary(tricky_run())
    table = next(block for block in markdown.split("\n\n") if block.startswith("|")).splitlines()  # the sessions; the bands' legend follows
    assert len(table) == 2 + 3 + 1  # header, alignment, two sessions and an unreadable input, totals
    cells = {line.replace("\\|", "").count("|") for line in table}
    assert cells == {2 + 2 + 1}  # session, result and two checks: five cells, six pipes less one
    assert "a\\|b\\<c\\>\\&" in markdown


def test_text_summary_puts_a_control_character_on_no_new_line():
    summary = render_summary(tricky_run())
    assert "ÉCHEC   a|b<c>&\"d%0A:e,f\\x01" in summary
    assert summary.splitlines()[-1] == "ÉCHEC — séances sous un seuil : 1 sur 2 · fichiers illisibles : 1"
    assert render_summary(tricky_run(), lang="en").splitlines()[-1] == "FAIL — sessions falling short: 1 of 2 · inputs that could not be read: 1"


@pytest.mark.parametrize(
    ("escape", "text", "escaped"),
    [
        (escape_data, "50%\r\nnext: a, b", "50%25%0D%0Anext: a, b"),
        (escape_property, "50%\r\nnext: a, b", "50%25%0D%0Anext%3A a%2C b"),
    ],
)
def test_workflow_command_escaping(escape, text, escaped):
    assert escape(text) == escaped


def test_annotations_are_one_per_failing_check():
    lines = annotations(tricky_run())
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 3  # open questions, word share, unreadable inputs
    assert errors[0].startswith("::error title=rapport check %3A %25 questions ouvertes ≥ 50\u00a0%25::séances sous le seuil %25 questions ouvertes ≥ 50\u00a0%25 : 1 sur 2")
    assert annotations(tricky_run(), lang="en")[0].startswith("::error title=rapport check%3A %25 open questions ≥ 50%25::sessions falling short of %25 open questions ≥ 50%25: 1 of 2")
    assert all("\n" not in line and "\x01" not in line for line in lines)
    assert not any(line.startswith("::notice") for line in lines)


def test_a_notice_when_everything_passes():
    config = CheckConfig((OPEN,))
    run = CheckRun(config, (SessionCheck("s1", (CheckResult("s1", OPEN, 0.9, "good", "pass"),)),))
    assert annotations(run, lang="en") == ["::notice title=rapport check::Every session passes — sessions: 1 · checks per session: 1 · profile none"]
    assert annotations(run) == ["::notice title=rapport check::Toutes les séances réussissent — séances : 1 · seuils par séance : 1 · profil aucun"]

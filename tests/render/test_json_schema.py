"""The JSON schema documented in README, pinned: keys, types, and equal results across encodings."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from analyser.cli.main import main

from ..conftest import SAMPLES

pytestmark = pytest.mark.model

TOP_KEYS = {"schema_version", "generator", "sessions", "errors"}
SESSION_KEYS = {"session_id", "source", "format", "encoding", "reader", "roles", "role_source", "warnings", "profile", "utterances"}
UTTERANCE_KEYS = {"index", "source_line", "place", "speaker", "role", "start", "end", "overlap", "text", "question", "reflection", "input", "client_talk", "markers"}
STATS_KEYS = {
    "utterances", "turns", "words", "word_share", "talk_time_s", "time_share",
    "overlap_s", "interruptions", "mean_turn_words", "median_turn_words", "longest_turn_words",
}
BALANCE_KEYS = {"roles", "speakers", "switches", "interruptions", "time_rule", "therapist_word_share_timeline"}
PROFILE_KEYS = {"utterances", "words", "speakers", "duration_s", "turn_balance", "readability", "coding", "opening", "alliance", "clients"}
OPENING_KEYS = {"utterances", "share_of_session", "therapist_word_share", "questions", "reflections", "shared_goal"}
CODING_KEYS = {
    "estimate", "target", "questions", "reflections", "mi_adherence", "input", "client_talk", "sustain_answers", "metrics", "markers_by_speaker",
}
METRIC_KEYS = {"value", "band", "fair", "good", "source", "count", "minimum"}
TARGET_KEYS = {"name", "words", "source"}
MARKER_KEYS = {"label", "text", "start_char", "end_char", "rule"}


def run_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["analyse", *args, "--format", "json"])
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def samples_document() -> dict:
    return run_json(str(SAMPLES))


def test_top_level(samples_document):
    assert set(samples_document) == TOP_KEYS
    assert samples_document["schema_version"] == 1
    assert samples_document["errors"] == []
    assert set(samples_document["generator"]) == {"name", "version", "data_version", "model"}


def test_sessions_follow_the_schema(samples_document):
    for session in samples_document["sessions"]:
        assert set(session) == SESSION_KEYS
        assert set(session["roles"]) == set(session["role_source"])
        assert set(session["roles"].values()) <= {"therapist", "client", "other"}
        assert set(session["role_source"].values()) <= {"label", "option", "heuristic"}
        balance = session["profile"]["turn_balance"]
        assert set(balance) == BALANCE_KEYS
        assert {"therapist", "client"} <= set(balance["roles"])
        for stats in [*balance["roles"].values(), *balance["speakers"].values()]:
            assert set(stats) == STATS_KEYS
        assert len(balance["therapist_word_share_timeline"]) == 10
        assert balance["time_rule"] in {"start_end", "next_start", "none"}


def test_profile_coding_follows_the_schema(samples_document):
    for session in samples_document["sessions"]:
        profile = session["profile"]
        assert set(profile) == PROFILE_KEYS
        coding = profile["coding"]
        assert set(coding) == CODING_KEYS and coding["estimate"] == "automatic"
        assert coding["questions"]["total"] == coding["questions"]["open"] + coding["questions"]["closed"]
        therapist = [u for u in session["utterances"] if u["role"] == "therapist"]
        assert coding["questions"]["open"] == sum(u["question"] == "open" for u in therapist)
        assert coding["reflections"]["complex"] == sum(u["reflection"] == "complex" for u in therapist)
        for metric in coding["metrics"].values():
            assert set(metric) == METRIC_KEYS
            assert metric["band"] in (None, "low", "fair", "good")
            if metric["minimum"] is not None and metric["count"] < metric["minimum"]:
                assert metric["band"] is None  # too few to conclude
            if metric["fair"] is None:
                assert metric["band"] is None and metric["source"] is None
        assert set(coding["markers_by_speaker"]) == set(session["roles"])


def test_profile_miti_summary_follows_the_schema(samples_document):
    for session in samples_document["sessions"]:
        coding = session["profile"]["coding"]
        assert set(coding["target"]) >= TARGET_KEYS and coding["target"]["source"] in ("option", "inferred", "none")
        therapist = [u for u in session["utterances"] if u["role"] == "therapist"]
        client = [u for u in session["utterances"] if u["role"] == "client"]
        assert {kind: coding["input"][kind] for kind in ("information", "advice", "negotiation", "options")} == {
            kind: sum(u["input"] == kind for u in therapist) for kind in ("information", "advice", "negotiation", "options")
        }
        assert coding["input"]["therapist_utterances"] == len(therapist)
        assert coding["client_talk"]["change"] == sum(u["client_talk"] == "change" for u in client)
        assert coding["client_talk"]["sustain"] == sum(u["client_talk"] == "sustain" for u in client)
        thirds = coding["client_talk"]["thirds"]
        assert len(thirds) == 3 and [sum(third[talk] for third in thirds) for talk in ("change", "sustain")] == [
            coding["client_talk"]["change"],
            coding["client_talk"]["sustain"],
        ]
        assert sum(coding["sustain_answers"].values()) == coding["client_talk"]["sustain"]
        adherent = sum(any(m["label"] == label for m in u["markers"]) for u in therapist for label in ("SEEKING_COLLABORATION", "AFFIRMATION", "EMPHASIZING_AUTONOMY"))
        assert coding["mi_adherence"]["adherent"] == adherent
        share = coding["metrics"]["mi_adherent_share"]
        assert share["count"] == coding["mi_adherence"]["adherent"] + coding["mi_adherence"]["non_adherent"] and share["minimum"] == 3


def test_profile_opening_counts_the_first_tenth_of_utterances(samples_document):
    for session in samples_document["sessions"]:
        opening = session["profile"]["opening"]
        assert set(opening) == OPENING_KEYS
        first = session["utterances"][: opening["utterances"]]
        assert opening["utterances"] == -(-len(session["utterances"]) // 10)
        therapist = [u for u in first if u["role"] == "therapist"]
        assert opening["questions"]["open"] == sum(u["question"] == "open" for u in therapist)
        assert opening["reflections"]["simple"] == sum(u["reflection"] == "simple" for u in therapist)


def test_markers_point_at_their_text(samples_document):
    for session in samples_document["sessions"]:
        for utterance in session["utterances"]:
            for marker in utterance["markers"]:
                assert set(marker) == MARKER_KEYS and marker["rule"]
                assert utterance["text"][marker["start_char"] : marker["end_char"]] == marker["text"]


def test_utterances_follow_the_schema(samples_document):
    for session in samples_document["sessions"]:
        for position, utterance in enumerate(session["utterances"]):
            assert set(utterance) == UTTERANCE_KEYS
            assert utterance["index"] == position
            assert utterance["role"] == session["roles"][utterance["speaker"]]
            assert utterance["question"] in (None, "open", "closed")
            assert utterance["reflection"] in (None, "simple", "complex")
            assert utterance["input"] in (None, "information", "advice", "negotiation", "options")
            assert utterance["client_talk"] in (None, "change", "sustain", "neutral")
            assert isinstance(utterance["markers"], list)


def test_times_are_null_without_timestamps(samples_document):
    untimed = next(s for s in samples_document["sessions"] if s["session_id"] == "rupture-et-reparation")
    therapist = untimed["profile"]["turn_balance"]["roles"]["therapist"]
    assert therapist["talk_time_s"] is None and therapist["time_share"] is None and therapist["overlap_s"] is None
    assert all(u["start"] is None and u["end"] is None for u in untimed["utterances"])


def test_errors_are_listed_with_source_and_place(tmp_path):
    bad = tmp_path / "sans-locuteur.txt"
    bad.write_text("bonjour tout le monde\net rien d'autre\n", encoding="utf-8")
    document = run_json(str(bad))
    assert document["sessions"] == []
    assert document["errors"] == [{"source": str(bad), "place": "line 1", "message": "no 'SPEAKER: text' line found"}]


TEXT = "[00:00:00] Thérapeute : Qu’est-ce qui vous amène ?\n[00:00:04] Patiente : J'ai peur de l'échec, « tout le temps ».\n[00:00:10] Thérapeute : Cette peur vous suit partout, même à côté de l'œuvre.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_same_transcript_in_four_encodings_gives_identical_json(tmp_path, encoding):
    reference = tmp_path / "reference" / "seance.txt"
    reference.parent.mkdir()
    reference.write_bytes(TEXT.encode("utf-8"))
    variant = tmp_path / encoding / "seance.txt"
    variant.parent.mkdir()
    variant.write_bytes(TEXT.encode(encoding))  # "utf-16" writes a byte-order mark

    def comparable(path):
        session = run_json(str(path))["sessions"][0]
        return {key: value for key, value in session.items() if key not in {"source", "encoding"}}

    assert comparable(variant) == comparable(reference)


def test_therapist_time_share_equals_a_hand_computation(tmp_path):
    path = tmp_path / "minute.txt"
    path.write_text(
        "[00:00:00] T : Bonjour, qu'est-ce qui vous amène ?\n"   # therapist 0 -> 5   = 5 s
        "[00:00:05] P : Je dors mal, je me réveille la nuit.\n"  # client    5 -> 17  = 12 s
        "[00:00:17] T : Vous vous réveillez la nuit.\n"          # therapist 17 -> 20 = 3 s
        "[00:00:20] P : Oui, vers trois heures.\n"               # client    20 -> 30 = 10 s
        "[00:00:30] T : Et ensuite ?\n",                        # last: no next start, not timed
        encoding="utf-8",
    )
    therapist = run_json(str(path))["sessions"][0]["profile"]["turn_balance"]["roles"]["therapist"]
    assert therapist["talk_time_s"] == 8.0
    assert therapist["time_share"] == round(8 / 30, 4)


ALLIANCE_KEYS = {"goals", "tasks", "bond", "frame_topics", "empathy", "repairs", "ruptures", "ruptures_repaired_share", "opening", "attunement", "moments"}
EPISODE_KEYS = {"first_index", "last_index", "kind", "repaired", "repair_index"}


def test_profile_alliance_follows_the_schema(samples_document):
    for session in samples_document["sessions"]:
        alliance = session["profile"]["alliance"]
        assert set(alliance) == ALLIANCE_KEYS
        indices = {u["index"] for u in session["utterances"]}
        for part in ("goals", "tasks", "bond"):
            assert set(alliance[part]) == {"therapist", "rate", "rate_unit", "client_agreement", "examples"}
            assert set(alliance[part]["examples"]) <= indices and len(alliance[part]["examples"]) <= 3
        for episode in alliance["ruptures"]:
            assert set(episode) == EPISODE_KEYS and episode["kind"] in ("withdrawal", "confrontation", "mixed")
            assert episode["first_index"] <= episode["last_index"]
        assert set(alliance["empathy"]) == {"reaction", "interpretation", "exploration", "missed_opportunities"}
        assert set(alliance["opening"]) == {"session", "rest"}
        assert alliance["attunement"]["measure"] == "rlsm"
        assert len(alliance["moments"]) <= 5
        assert all(moment["index"] in indices for moment in alliance["moments"])

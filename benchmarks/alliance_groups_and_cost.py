"""The alliance profile on sessions rated by experts: known groups, attunement against its baseline, and its cost.

Usage: python benchmarks/alliance_groups_and_cost.py EVAL/annomi-fr/dev/

1. Known groups: for each alliance figure, the AUC that separates the sessions rated high-quality MI from the
   low-quality ones (the `mi_quality` column of labels.csv), beside session length alone, the baseline to beat.
2. Attunement: in how many sessions rLSM is above its length-matched shuffled baseline, and the Spearman
   correlation across sessions of (rLSM − baseline) with the mean turn length.
3. Cost: the time of everything the alliance adds (matching its cues, its markers in the coding, the style counts and
   the profile) as a share of the analysis time of the same sessions, in one process, after a warm-up.
"""

from __future__ import annotations

import cProfile
import csv
import pstats
import sys
import time
from pathlib import Path

from analyser import labels as L
from analyser.evaluation.agreement import auc
from analyser.nlp import load_pipeline
from analyser.nlp.components import RULES, RuleMatcher, rule_families
from analyser.pipeline import analyse_transcript, load_session
from analyser.profile.statistics import spearman

ALLIANCE_FUNCTIONS = ("therapist_alliance", "client_alliance", "bare_agreement", "measure_alliance", "style_counts")


def figures(analysis) -> dict[str, float | None]:
    alliance, profile = analysis.profile.alliance, analysis.profile
    per_100 = 100 / profile.utterances if profile.utterances else 0.0
    attunement = alliance.attunement
    follows = [v for v in (attunement.therapist_follows, attunement.client_follows) if v is not None]
    return {
        "empathy per 100 utterances": alliance.bond.therapist * per_100,
        "goal + task talk per 100 utterances": (alliance.goals.therapist + alliance.tasks.therapist) * per_100,
        "missed empathy per 100 utterances (lower)": -len(alliance.missed_empathy) * per_100,
        "repairs per 100 utterances": alliance.repairs * per_100,
        "possible ruptures per 100 utterances (lower)": -len(alliance.ruptures) * per_100,
        "attunement above baseline": (sum(follows) / len(follows) - attunement.baseline) if follows and attunement.baseline is not None else None,
        "session length (utterances), the baseline": float(profile.utterances),
    }


def main(folder: str) -> None:
    root = Path(folder)
    quality = {}
    with (root / "labels.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            quality[row["session"]] = row.get("mi_quality")
    nlp = load_pipeline()
    paths = sorted(root.glob("*.txt"))
    transcripts = [load_session(path) for path in paths]
    for transcript in transcripts[:2]:
        analyse_transcript(transcript, nlp)  # warm-up
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    analyses = [analyse_transcript(transcript, nlp) for transcript in transcripts]
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    in_alliance = sum(row[3] for key, row in stats.stats.items() if key[2] in ALLIANCE_FUNCTIONS)
    # The alliance's cues alone, matched as rapport matches every family (one pass, analyser.nlp.rules): an upper
    # bound of its share of the rules' pass, which it shares with the other families.
    ruler = RuleMatcher(nlp, [family for family in rule_families() if family[0] == L.ALLIANCE_CUES_KEY])
    docs = list(nlp.pipe((u.analysis_text for t in transcripts for u in t.utterances), disable=[RULES, "rapport_questions"]))
    started = time.perf_counter()
    for doc in docs:
        ruler(doc)
    ruler_time = time.perf_counter() - started

    rows = {analysis.transcript.session_id: figures(analysis) for analysis in analyses}
    high = [s for s in rows if quality.get(s) == "high"]
    low = [s for s in rows if quality.get(s) == "low"]
    print(f"Known groups on {folder}: {len(high)} high-quality and {len(low)} low-quality sessions (AUC, 0.5 is chance)")
    for name in next(iter(rows.values())):
        value = auc([rows[s][name] for s in high], [rows[s][name] for s in low])
        print(f"  {name:<48} {'–' if value is None else f'{value:.2f}'}")
    above = [a.profile.alliance.attunement.above_baseline for a in analyses]
    gaps = [rows[a.transcript.session_id]["attunement above baseline"] for a in analyses]
    lengths = [a.profile.words / a.profile.utterances if a.profile.utterances else None for a in analyses]
    within = [a.profile.alliance.attunement.length_correlation for a in analyses if a.profile.alliance.attunement.length_correlation is not None]
    correlation = spearman(gaps, lengths)
    print(
        f"Attunement above its length-matched baseline in {sum(bool(x) for x in above)} of {len(above)} sessions; "
        f"Spearman of (rLSM − baseline) with mean words per utterance across sessions: {'–' if correlation is None else f'{correlation:.2f}'}; "
        f"within sessions, rLSM with turn length: median {sorted(within)[len(within) // 2]:.2f}" if within else ""
    )
    share = (in_alliance + ruler_time) / total
    print(
        f"Cost: the alliance takes {in_alliance:.2f} s in coding and profile (profiled) and {ruler_time:.2f} s matching its cues, "
        f"of {total:.2f} s of analysis for {len(analyses)} sessions: {share:.1%} (profiling slows the Python parts, so this is an upper bound)"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/annomi-fr/dev")

"""Implicit style attunement (« accordage »): turn-by-turn language style matching (rLSM) over nine function-word categories.

After Ireland & Pennebaker's LSM and Müller-Frommeyer et al.'s (2019) turn-by-turn rLSM: for each turn that answers
the other speaker's, each category's share of words in both turns is compared, 1 − |a − b| / (a + b), and the
categories are averaged. The categories are built from spaCy's part of speech and morphology, with the French
model's quirks handled: « du », « au » are ADP with PronType=Art (a preposition and an article at once); « rien »,
« aucun » carry no Polarity=Neg (negations come from a word list); backchannel-only turns are left out.

Short turns inflate the measure (two three-word turns share categories by chance), so only pairs of turns of at
least MIN_TURN_WORDS words count, and the correlation of rLSM with turn length is reported beside it. The baseline
pairs each turn with a turn of the other speaker drawn at random from the same session, of about the same length as
the real one (LENGTH_RATIO): attunement means above it, and length cannot explain the gap.
It describes how the speakers' styles follow each other, not the quality of the session.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyser.profile.numbers import rounded
from analyser.profile.statistics import spearman
from analyser.resources import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc

CATEGORIES = (
    "personal_pronouns",
    "impersonal_pronouns",
    "articles",
    "prepositions",
    "auxiliaries",
    "adverbs",
    "conjunctions",
    "negations",
    "quantifiers",
)
MIN_TURN_WORDS = 5
BASELINE_DRAWS = 20
LENGTH_RATIO = 1.5  # the baseline's stand-in turns are at most this much longer or shorter than the turns they replace


@dataclass(frozen=True, slots=True)
class StyleCounts:
    """How many words of each function-word category an utterance holds, and its words."""

    counts: tuple[int, ...]
    words: int


NO_STYLE = StyleCounts((0,) * len(CATEGORIES), 0)


@dataclass(frozen=True, slots=True)
class Attunement:
    """Mean rLSM of the turns that answer the other speaker, by who follows whom, beside its shuffled baseline."""

    therapist_follows: float | None  # the therapist's turns matched to the client's just before
    client_follows: float | None
    baseline: float | None  # the same turns matched to turns of the other speaker drawn at random
    pairs: int
    length_correlation: float | None  # Spearman of rLSM with the shorter turn's words, over the pairs

    @property
    def above_baseline(self) -> bool | None:
        means = [m for m in (self.therapist_follows, self.client_follows) if m is not None]
        if not means or self.baseline is None:
            return None
        return sum(means) / len(means) > self.baseline

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": "rlsm",
            "therapist_follows": rounded(self.therapist_follows, 3),
            "client_follows": rounded(self.client_follows, 3),
            "baseline": rounded(self.baseline, 3),
            "above_baseline": self.above_baseline,
            "pairs": self.pairs,
            "length_correlation": rounded(self.length_correlation, 3),
            "min_turn_words": MIN_TURN_WORDS,
        }


def style_counts(doc: Doc) -> StyleCounts:
    """The function-word categories of one parsed utterance."""
    # Two cached sets looked up in turn: their union would be built anew for every utterance.
    negations, particles = word_class("word_classes.tsv", "negation"), word_class("word_classes.tsv", "negation_particle")
    quantifiers = word_class("word_classes.tsv", "quantifier")
    counts = [0] * len(CATEGORIES)
    words = 0
    for token in doc:
        if token.is_punct or token.is_space:
            continue
        words += 1
        lower, pos = token.lower_, token.pos_
        if pos == "PRON":
            counts[0 if "Prs" in token.morph.get("PronType") else 1] += 1
        # The morphology only where it counts: reading it builds new objects for each token.
        if pos == "DET" and ("Art" in token.morph.get("PronType") or token.morph.get("Definite")):
            counts[2] += 1
        if pos == "ADP":
            counts[3] += 1
            if "Art" in token.morph.get("PronType"):  # du, au, des as contractions: a preposition and an article
                counts[2] += 1
        if pos == "AUX":
            counts[4] += 1
        if lower in negations or lower in particles:
            counts[7] += 1
        elif pos == "ADV":
            counts[5] += 1
        if pos in ("CCONJ", "SCONJ"):
            counts[6] += 1
        if lower in quantifiers:
            counts[8] += 1
    return StyleCounts(tuple(counts), words)


def rlsm(a: StyleCounts, b: StyleCounts) -> float:
    """Style matching of two turns, averaged over the categories either uses (1 is the same style)."""
    return _rlsm(_shares(a), _shares(b))


def _shares(style: StyleCounts) -> tuple[float, ...]:
    """Each category's share of a turn's words."""
    return tuple(count / style.words for count in style.counts)


def _rlsm(shares_a: Sequence[float], shares_b: Sequence[float]) -> float:
    scores = []
    for share_a, share_b in zip(shares_a, shares_b, strict=True):
        if share_a + share_b > 0:
            scores.append(1 - abs(share_a - share_b) / (share_a + share_b))
    return sum(scores) / len(scores) if scores else 1.0


def measure_attunement(roles: Sequence[str | None], styles: Sequence[StyleCounts], *, seed: str) -> Attunement:
    """rLSM of each therapist or client turn that follows the other's, with the baseline and the length check.

    `roles` gives each utterance's role (None for an utterance left out, such as a backchannel); `seed` makes the
    baseline's draws the same from one run to the next (the session's id).
    """
    turns = [(role, style) for role, style in zip(roles, styles, strict=True) if role in ("therapist", "client") and style.words]
    pairs = [
        (after[0], before[1], after[1])
        for before, after in itertools.pairwise(turns)
        if before[0] != after[0] and min(before[1].words, after[1].words) >= MIN_TURN_WORDS
    ]
    if not pairs:
        return Attunement(None, None, None, 0, None)
    # Each turn's shares, and each stand-in pool, worked out once: the baseline draws from them BASELINE_DRAWS times.
    shares = {style: _shares(style) for _, style in turns}
    scores = [_rlsm(shares[before], shares[after]) for _, before, after in pairs]
    by_follower = {role: [s for (r, _, _), s in zip(pairs, scores) if r == role] for role in ("therapist", "client")}
    rng = random.Random(seed)
    pool = {role: [style for r, style in turns if r == role and style.words >= MIN_TURN_WORDS] for role in ("therapist", "client")}
    stand_ins = {
        (follower, before.words): _like(pool["client" if follower == "therapist" else "therapist"], before.words)
        for follower, before, _ in pairs
    }
    # A stand-in drawn again for the same turn, keyed by identity: hashing a StyleCounts hashes all its counts.
    matched: dict[tuple[int, int], float] = {}
    shuffled = []
    for _ in range(BASELINE_DRAWS):
        for follower, before, after in pairs:
            stand_in = rng.choice(stand_ins[follower, before.words])
            key = (id(stand_in), id(after))
            score = matched.get(key)
            if score is None:
                score = matched[key] = _rlsm(shares[stand_in], shares[after])
            shuffled.append(score)
    lengths = [min(before.words, after.words) for _, before, after in pairs]
    return Attunement(
        therapist_follows=_mean(by_follower["therapist"]),
        client_follows=_mean(by_follower["client"]),
        baseline=_mean(shuffled),
        pairs=len(pairs),
        length_correlation=spearman(scores, lengths),
    )


def _like(turns: Sequence[StyleCounts], words: int) -> Sequence[StyleCounts]:
    """Turns of about the same length as the one replaced (within LENGTH_RATIO), so that length cannot explain the gap."""
    alike = [turn for turn in turns if words / LENGTH_RATIO <= turn.words <= words * LENGTH_RATIO]
    return alike or turns


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None

"""Kandel & Moles reading ease: rapport's own count must give textstat's number, to the last bit."""

from __future__ import annotations

import pytest
from textstat.backend.metrics import flesch_reading_ease

from analyser.profile.readability import flesch_reading_ease_fr, kandel_moles

TEXTS = [
    "Bonjour, installez-vous. C’est notre première rencontre, alors je vous propose qu’on prenne un moment.",
    "Oui. Oui, d'accord. Mm-hmm.",
    "Qu'est-ce qui vous a donné envie de prendre rendez-vous maintenant ?",
    "Euh... bah c'est surtout mon médecin qui m'a conseillé de venir… Je dors mal depuis plusieurs mois!",
    # Apostrophes: kept inside French elisions, dropped as quotes, kept before an English contraction's ending.
    "l'homme d'affaires dit 'non' puis 'tard' aujourd'hui, it's 'done' and they'll see",
    "A-t-il vu ÇA ? L'ÉTÉ DERNIER. Très bien.",
    "Quarante-sept ans. 47 ans, 3,5 % ou 12h30.",
    "Non. Ah bon ? Vraiment.",  # sentences of two words or fewer do not count as sentences
    "   des   espaces\tet\nune ligne   ",
    "…",
    ".",
    "'",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_reading_ease_as_textstat(text: str) -> None:
    expected = flesch_reading_ease(text, "fr")
    assert flesch_reading_ease_fr(text) == expected
    assert isinstance(flesch_reading_ease_fr(text), float)


def test_repeated_words_count_the_same_each_time() -> None:
    # Syllable counts are cached per word: a second count of the same text must not drift.
    text = "Vous vous sentez épuisée par ce travail, et ce travail vous épuise."
    assert flesch_reading_ease_fr(text) == flesch_reading_ease_fr(text) == flesch_reading_ease(text, "fr")


@pytest.mark.model
def test_kandel_moles_of_a_session_is_textstat_on_its_sentences(nlp, sample_paths) -> None:
    from analyser.nlp.pipeline import parse
    from analyser.pipeline import load_session

    for path in sample_paths:
        transcript = load_session(path)
        docs = list(parse(nlp, (u.analysis_text for u in transcript.utterances)))
        for role in ("therapist", "client"):
            spoken = [doc for doc, u in zip(docs, transcript.utterances, strict=True) if u.role == role]
            sentences = [s.text.strip() for doc in spoken for s in doc.sents if s.text.strip()]
            text = " ".join(s if s[-1] in ".!?…" else s + "." for s in sentences)
            assert kandel_moles(spoken) == flesch_reading_ease(text, "fr"), (path.name, role)


@pytest.mark.model
def test_no_text_has_no_reading_ease(nlp) -> None:
    assert kandel_moles([]) is None
    assert kandel_moles([nlp("")]) is None

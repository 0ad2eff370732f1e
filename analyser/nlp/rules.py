"""rapport's rule patterns compiled for one cheap pass: a token trie over lower-case forms and lemmas, the rest left to spaCy.

A pattern keeps spaCy's shape in `models/` (see `resources.ruler_patterns`). Most are phrases: each token a
lower-case form or a lemma, or a set of them, some optional (`"OP": "?"`), a few any word (`{}`) or a number
(`{"LIKE_NUM": true}`). Those go into one trie shared by every family, walked once per Doc; a token offers its
form and its lemma at each step. The others (part of speech, morphology, regular expressions, `NOT_IN`, the
operators `*`, `+`, `!`, several attributes on one token, phrase strings) stay token patterns for spaCy's Matcher.
Both return every match, as spaCy's span_ruler does, so the spans are the same.

No spaCy here: `encode` turns a string into the key a Doc's arrays hold (spaCy's string hash), so the trie and its
walk are tested on plain strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

# The token attributes a phrase may match, and the trie's slot for each.
PHRASE_ATTRS = {"LOWER": "lower", "LEMMA": "lemma"}
# A pattern whose optional words and word sets spell more phrases than this stays a token pattern.
MAX_PHRASES = 20_000


@dataclass(frozen=True, slots=True)
class Rule:
    """What a match stands for: the family (its `doc.spans` key), the label and the rule id."""

    family: str
    label: str
    id: str


@dataclass(frozen=True, slots=True)
class Step:
    """One token of a phrase: the slot it is matched in (`lower`, `lemma`, `any`, `num`), the values, and if it may be left out."""

    slot: str
    values: tuple[str, ...] = ()
    optional: bool = False


def phrase_steps(pattern: object) -> tuple[Step, ...] | None:
    """The phrase form of a span_ruler pattern, or None when it must stay a token pattern for spaCy's Matcher."""
    if not isinstance(pattern, list) or not pattern:
        return None
    steps = []
    for token in pattern:
        step = _phrase_step(token)
        if step is None:
            return None
        steps.append(step)
    if all(step.optional for step in steps):
        return None  # only optional words: spaCy's own quirks with empty matches; not worth a phrase
    return tuple(steps)


def _phrase_step(token: object) -> Step | None:
    if not isinstance(token, dict):
        return None
    op = token.get("OP")
    if op not in (None, "?"):
        return None
    optional = op == "?"
    rest = {key: value for key, value in token.items() if key != "OP"}
    if not rest:
        return Step("any", optional=optional)
    if len(rest) != 1:
        return None
    ((attr, value),) = rest.items()
    if attr == "LIKE_NUM":
        return Step("num", optional=optional) if value is True else None
    slot, words = PHRASE_ATTRS.get(attr), _words(value)
    return None if slot is None or words is None else Step(slot, words, optional)


def _words(value: object) -> tuple[str, ...] | None:
    """The words a token's `LOWER` or `LEMMA` may be: one string, or a set (`{"IN": [...]}`) of strings; None for anything else."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, dict) and list(value) == ["IN"] and isinstance(value["IN"], list) and value["IN"]:
        return tuple(dict.fromkeys(value["IN"])) if all(isinstance(item, str) for item in value["IN"]) else None
    return None


def phrase_count(steps: Sequence[Step]) -> int:
    """How many token sequences (phrases) a phrase form spells out, optional words counted both ways."""
    return math.prod((len(step.values) or 1) + step.optional for step in steps)


@dataclass(frozen=True, slots=True)
class TokenPattern:
    """A pattern left to spaCy's Matcher, with its anchors: for each word it cannot do without, the slot and the keys it may be.

    A Doc that lacks one of the anchors cannot match, and the Matcher is not run on it for this pattern.
    """

    rule: Rule
    pattern: list | str
    anchors: tuple[tuple[str, frozenset[Hashable]], ...]

    def may_match(self, present: dict[str, set[Hashable]]) -> bool:
        """Whether a Doc whose keys by slot are `present` holds every anchor."""
        return all(not keys.isdisjoint(present[slot]) for slot, keys in self.anchors)


def pattern_anchors(pattern: object, *, encode: Callable[[str], Hashable] = str) -> tuple[tuple[str, frozenset[Hashable]], ...]:
    """The words a token pattern cannot match without: its tokens that must be there and are a form or lemma (or a set).

    A token with an operator that may leave it out (`?`, `*`, `!`, `{0,n}`…) is no anchor, nor a phrase string.
    """
    if not isinstance(pattern, list):
        return ()
    anchors = []
    for token in pattern:
        if not isinstance(token, dict) or token.get("OP", "+") != "+":
            continue
        for attr, slot in PHRASE_ATTRS.items():
            words = _words(token.get(attr))
            if words is not None:
                anchors.append((slot, frozenset(map(encode, words))))
    return tuple(anchors)


class Node:
    """A trie node: its children by lower-case form, by lemma, for any word and for a number, and the rules ending here.

    Children are shared between the values of a word set until a later pattern needs one of them apart
    (`refs` counts the edges that lead to a node), so a set of twenty words does not copy the rest twenty times.
    """

    __slots__ = ("accepts", "any", "lemma", "lower", "num", "refs")

    def __init__(self) -> None:
        self.lower: dict[Hashable, Node] | None = None
        self.lemma: dict[Hashable, Node] | None = None
        self.any: Node | None = None
        self.num: Node | None = None
        self.accepts: tuple[Rule, ...] = ()
        self.refs = 0

    def edges(self) -> list[tuple[str, Hashable, Node]]:
        """Every edge from this node as (slot, key, child); the key is None for `any` and `num`."""
        found: list[tuple[str, Hashable, Node]] = []
        for slot in ("lower", "lemma"):
            children = getattr(self, slot)
            if children:
                found += [(slot, key, child) for key, child in children.items()]
        found += [(slot, None, child) for slot in ("any", "num") if (child := getattr(self, slot)) is not None]
        return found


@dataclass(frozen=True)
class CompiledRules:
    """Rule patterns compiled: the phrase trie, the token patterns left to spaCy, and which pattern went where."""

    trie: Node
    token_patterns: tuple[TokenPattern, ...]
    phrases: int
    kinds: tuple[tuple[Rule, str], ...]

    def node_count(self) -> int:
        """Distinct nodes of the trie (shared ones once)."""
        seen: set[int] = set()
        stack = [self.trie]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack += [child for _, _, child in node.edges()]
        return len(seen)


def compile_rules(
    families: Iterable[tuple[str, Iterable[dict]]],
    *,
    encode: Callable[[str], Hashable] = str,
    max_phrases: int = MAX_PHRASES,
) -> CompiledRules:
    """Compile the span_ruler patterns of several families (`doc.spans` key, patterns) into one trie and token patterns.

    `kinds` lists each pattern's rule in order with "phrase" or "token", for tests and docs.
    """
    root = Node()
    token_patterns: list[TokenPattern] = []
    kinds: list[tuple[Rule, str]] = []
    phrases = 0
    for family, patterns in families:
        for entry in patterns:
            rule = Rule(family, entry["label"], entry.get("id", ""))
            steps = phrase_steps(entry["pattern"])
            if steps is None or phrase_count(steps) > max_phrases:
                token_patterns.append(TokenPattern(rule, entry["pattern"], pattern_anchors(entry["pattern"], encode=encode)))
                kinds.append((rule, "token"))
                continue
            _insert(root, steps, rule, encode)
            phrases += phrase_count(steps)
            kinds.append((rule, "phrase"))
    return CompiledRules(root, tuple(token_patterns), phrases, tuple(kinds))


def _insert(node: Node, steps: Sequence[Step], rule: Rule, encode: Callable[[str], Hashable]) -> None:
    if not steps:
        if rule not in node.accepts:
            node.accepts += (rule,)
        return
    step, rest = steps[0], steps[1:]
    if step.optional:
        _insert(node, rest, rule, encode)
    fresh: Node | None = None  # one new child shared by every value that has none yet
    for key in [encode(value) for value in step.values] if step.values else [None]:
        child = _child(node, step.slot, key)
        if child is None:
            if fresh is None:
                fresh = Node()
                _insert(fresh, rest, rule, encode)
            _link(node, step.slot, key, fresh)
            continue
        if child.refs > 1:  # shared with other values: this pattern changes it for this value only
            child.refs -= 1
            child = _copy(child)
            _link(node, step.slot, key, child)
        _insert(child, rest, rule, encode)


def _child(node: Node, slot: str, key: Hashable) -> Node | None:
    if slot in ("any", "num"):
        return getattr(node, slot)
    children = getattr(node, slot)
    return children.get(key) if children else None


def _link(node: Node, slot: str, key: Hashable, child: Node) -> None:
    if slot in ("any", "num"):
        setattr(node, slot, child)
    else:
        if getattr(node, slot) is None:
            setattr(node, slot, {})
        getattr(node, slot)[key] = child
    child.refs += 1


def _copy(node: Node) -> Node:
    copy = Node()
    copy.accepts = node.accepts
    copy.lower = dict(node.lower) if node.lower else None
    copy.lemma = dict(node.lemma) if node.lemma else None
    copy.any, copy.num = node.any, node.num
    for _, _, child in copy.edges():
        child.refs += 1
    return copy


def find_phrases(trie: Node, lowers: Sequence[Hashable], lemmas: Sequence[Hashable], numbers: Sequence[object]) -> set[tuple[Rule, int, int]]:
    """Every phrase match in a token sequence, as (rule, start, end): all of them, overlapping or nested, like spaCy's Matcher.

    `lowers`, `lemmas` and `numbers` hold each token's lower-case form, lemma and whether it looks like a number,
    encoded as the trie was (see `compile_rules`).
    """
    found: set[tuple[Rule, int, int]] = set()
    size = len(lowers)
    for start in range(size):
        active = [trie]
        end = start
        while active and end < size:
            lower, lemma, number = lowers[end], lemmas[end], numbers[end]
            following = []
            for node in active:
                if node.lower and (child := node.lower.get(lower)) is not None:
                    following.append(child)
                if node.lemma and (child := node.lemma.get(lemma)) is not None:
                    following.append(child)
                if node.any is not None:
                    following.append(node.any)
                if number and node.num is not None:
                    following.append(node.num)
            end += 1
            if len(following) > 1:
                following = list(dict.fromkeys(following))  # a shared node reached twice
            for node in following:
                for rule in node.accepts:
                    found.add((rule, start, end))
            active = following
    return found

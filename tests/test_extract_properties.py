"""Properties of the extractor on arbitrary text: it never raises and its records are sound."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import cameo
from timeline.events.extract import extract
from timeline.events.sentences import split_sentences
from timeline.events.types import ROLES, STATUSES
from timeline.temporal.types import Timex

WORDS = [
    "Kim", "Jong", "Un", "met", "Trump", "in", "Hanoi", "on", "Thursday", "said", "the",
    "US", "U.S.", "imposed", "sanctions", "North", "Korean", "leader", "will", "visit",
    "Washington", "not", "could", "“", "”", ",", ".", "\n", "\n\n", "Moon", "President",
    "Mr.", "Pyongyang", "'s", "’s", "summit", "-", "if", "talks", "with", "China", "and",
    "Vice", "Foreign", "Minister", "Choe", "Son-hui", "appointed", "was", "by", "Xi",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_split_sentences_spans_are_ordered_and_trimmed(text: str) -> None:
    prev_end = 0
    for s, e in split_sentences(text):
        assert prev_end <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        prev_end = e


@settings(max_examples=150, deadline=None)
@given(texts, st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_extract_never_raises_and_records_are_sound(text: str, dct: date) -> None:
    # a timex over the first word, when there is one, to exercise dating
    timexes = []
    if text.strip():
        word = text.split()[0]
        pos = text.index(word)
        interval = (dct, dct)
        timexes.append(Timex(pos, pos + len(word), word, "DATE", dct.isoformat(), interval, "day"))
    for ev in extract(text, dct, timexes):
        assert ev.type in cameo.root_codes()
        assert ev.status in STATUSES
        assert ev.actors and all(a.role in ROLES for a in ev.actors)
        assert 0 <= ev.sentence_start < ev.sentence_end <= len(text)
        assert text[ev.sentence_start : ev.sentence_end] == ev.sentence
        assert (ev.start is None) == (ev.end is None)
        if ev.start is not None and ev.end is not None:
            assert ev.start <= ev.end and ev.granularity
        assert 0.0 <= ev.confidence <= 1.0 and ev.rules


def test_speech_verb_at_the_text_end_does_not_crash() -> None:
    """A plan's subject cue looked up past the last token ("SAID MET", found by the property
    test above) is no IndexError."""
    from timeline.pipeline import pipeline

    for text in ("SAID MET", "TOLD MET", "He said met"):
        assert isinstance(pipeline(text, date(2020, 1, 1)), list)

"""The event gold set (our own paragraphs) is well formed, and the scorer counts right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline import cameo
from timeline.errors import InputError
from timeline.evaluate import (
    SPLITS,
    evaluate_events,
    field_scores,
    read_jsonl,
    score_paragraph,
)
from timeline.events.types import ROLES, STATUSES, ActorRef, ExtractedEvent

GOLD = Path(__file__).parent / "fixtures" / "events_gold"
PARAGRAPHS = read_jsonl(GOLD / "paragraphs.jsonl")
PAIRS = read_jsonl(GOLD / "pairs.jsonl")


def test_gold_set_size_and_splits() -> None:
    assert len(PARAGRAPHS) >= 30
    assert len(PAIRS) >= 40
    assert SPLITS[:2] == ("dev", "heldout") and len(SPLITS) == 25  # every part, in order
    assert {p["split"] for p in PARAGRAPHS} == set(SPLITS)
    assert {p["split"] for p in PAIRS} == set(SPLITS) - {"fresh2"}  # fresh2 has no pairs
    years = {int(p["published"][:4]) // 10 * 10 for p in PARAGRAPHS}
    assert {1960, 1980, 1990, 2000, 2020} <= years
    assert len({p["id"] for p in PARAGRAPHS}) == len(PARAGRAPHS)
    assert len({p["id"] for p in PAIRS}) == len(PAIRS)
    assert any(p["merge"] for p in PAIRS) and not all(p["merge"] for p in PAIRS)


@pytest.mark.parametrize("par", PARAGRAPHS, ids=[p["id"] for p in PARAGRAPHS])
def test_gold_paragraph_is_well_formed(par: dict) -> None:
    date.fromisoformat(par["published"])
    assert par["events"]
    for ev in par["events"]:
        assert all(a in par["text"] for a in ev["anchor"]), ev["anchor"]
        assert ev["type"] == "other" or cameo.validate_type(ev["type"]) == ev["type"]
        assert ev["status"] in STATUSES
        assert (ev["start"] is None) == (ev["end"] is None)
        if ev["start"]:
            assert date.fromisoformat(ev["start"]) <= date.fromisoformat(ev["end"])
        assert ev["actors"]
        for actor in ev["actors"]:
            assert actor["role"] in ROLES
            codes = actor["code"] if isinstance(actor["code"], list) else [actor["code"]]
            assert all(c.isupper() and len(c) >= 3 for c in codes)


def _event(trigger: str, sentence_end: int, **kw: object) -> ExtractedEvent:
    base: dict = {"type": "04", "label": "consult", "summary": "", "sentence": "",
                  "sentence_start": 0, "sentence_end": sentence_end, "trigger": trigger,
                  "status": "happened"}  # fmt: skip
    base.update(kw)
    return ExtractedEvent(**base)


PAR = {
    "id": "t1",
    "split": "dev",
    "published": "2019-04-11",
    "text": "Moon met Trump in Washington on Thursday.",
    "events": [
        {
            "anchor": ["met Trump"],
            "type": "04",
            "actors": [
                {"name": "Moon Jae-in", "role": "participant", "code": "KORGOV"},
                {"name": "Donald Trump", "role": "participant", "code": ["USAGOV"]},
            ],
            "location": "Washington",
            "start": "2019-04-11",
            "end": "2019-04-11",
            "status": "happened",
        }
    ],
}
RIGHT = {
    "actors": [ActorRef("Moon Jae-in", role="participant"),
               ActorRef("Donald Trump", role="participant")],
    "location": "Washington",
    "start": date(2019, 4, 11),
    "end": date(2019, 4, 11),
}  # fmt: skip


def test_a_right_event_is_fully_right() -> None:
    counts, notes = score_paragraph(PAR, [_event("met", 41, **RIGHT)])
    assert (counts.gold, counts.predicted, counts.aligned, counts.full) == (1, 1, 1, 1)
    assert notes == []
    assert counts.fields["codes"] == 0  # no codes predicted


def test_a_wrong_date_is_not_fully_right_and_an_extra_event_counts() -> None:
    wrong = dict(RIGHT, start=date(2019, 4, 10), end=date(2019, 4, 10))
    extra = _event("met", 41, **RIGHT)
    counts, notes = score_paragraph(PAR, [_event("met", 41, **wrong), extra])
    assert (counts.aligned, counts.full, counts.predicted) == (1, 1, 2)  # best of the two
    assert any("extra" in n for n in notes)
    counts, notes = score_paragraph(PAR, [_event("met", 41, **wrong)])
    assert counts.full == 0 and notes[0]["fields"] == ["interval"]


def test_a_trigger_outside_the_anchor_does_not_align() -> None:
    counts, notes = score_paragraph(PAR, [_event("Washington", 41, **RIGHT)])
    assert counts.aligned == 0 and notes[0] == {"id": "t1", "missed": "met Trump"}


def test_roles_and_alternative_names() -> None:
    gold = dict(PAR["events"][0])
    gold["actors"] = [{"name": "Zelensky", "alt": ["Volodymyr Zelenskiy"], "role": "source",
                       "code": "UKRGOV"}]  # fmt: skip
    ev = _event("met", 41, actors=[ActorRef("Volodymyr Zelenskiy", role="target")])
    scores = field_scores(gold, ev)
    assert scores["actor_names"] and not scores["actors"]


def test_evaluate_events_by_split() -> None:
    def fake(text: str, published: date) -> list[ExtractedEvent]:
        return [_event("met", len(text), **RIGHT)]

    out, _ = evaluate_events([PAR, dict(PAR, split="heldout")], fake)
    assert out["all"].full == 2 and out["dev"].full == 1 and out["heldout"].full == 1
    assert out["all"].report()["fully_right"] == {"precision": 1.0, "recall": 1.0}


def test_bad_gold_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": 1}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.jsonl:2: not JSON"):
        read_jsonl(path)

"""Organisations an article introduces (``tests/fixtures/org_discovery_phrases.tsv``): defined
acronyms, capitalised names with an organisation head noun, short back-references."""

from __future__ import annotations

from datetime import date

import pytest
from table_helpers import phrase_table

from timeline.events.actors import Context, find_mentions
from timeline.events.document import units

ROWS = phrase_table("org_discovery_phrases.tsv")


def test_each_rule_has_three_positive_rows_and_a_negative() -> None:
    for rule in ("actor.acronym", "actor.org_discovered", "actor.named_head"):
        rows = [r for r in ROWS if r["rule"] == rule]
        negative = [r for r in rows if r["note"].startswith("negative")]
        assert len(rows) - len(negative) >= 2 + (rule != "actor.named_head"), rule
        assert negative, rule


def _mentions(row: dict[str, str]) -> str:
    ctx = Context(date.fromisoformat(row["published"]))
    got: list[str] = []
    for _, _, tokens in units(row["text"]):
        for m in find_mentions(tokens, ctx):
            if m.is_actor and m.entity is not None:
                got.append(f"{m.entity.name}={m.code or '-'}")
    return "|".join(got) or "-"


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_org_discovery(row: dict[str, str]) -> None:
    assert _mentions(row) == row["expected"], (row["id"], row["note"])


def test_evidence_is_recorded() -> None:
    ctx = Context(date(2023, 5, 12))
    whys = []
    for _, _, tokens in units("The Sudanese Armed Forces (SAF) said it would fight. The SAF won."):
        whys += [(m.rule, m.why) for m in find_mentions(tokens, ctx) if m.is_actor]
    assert whys[0][0] == "actor.acronym" and "SAF" in whys[0][1]
    assert whys[1][0] == "actor.acronym" and "sec.forces" in whys[1][1]


def test_never_raises_on_odd_brackets() -> None:
    ctx = Context(date(2023, 5, 12))
    for text in ["( SAF )", "The Armed Forces (", "(AB) (CD) Party (PP)", "the Forces (F) ()"]:
        for _, _, tokens in units(text):
            find_mentions(tokens, ctx)

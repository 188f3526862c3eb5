"""The learned event coder: model loading, inference, no-event cases, roles and the policy."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from timeline.coder.features import featurize, merge_plover, us_spelling, verb_hits
from timeline.coder.model import NONE, ModelError, Prediction, load_model
from timeline.coder.policy import ADD, OVERRIDE, combine
from timeline.coder.roles import find_roles

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).parents[1] / "timeline" / "coder" / "data"


def _phrases() -> list[tuple[str, str]]:
    lines = [
        ln
        for ln in (FIXTURES / "coder_phrases.tsv").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    return [(r["sentence"], r["plover"]) for r in csv.DictReader(lines, delimiter="\t")]


@pytest.mark.parametrize(("sentence", "plover"), _phrases())
def test_model_types_paraphrases(sentence: str, plover: str) -> None:
    pred = load_model().predict(sentence)
    assert pred.plover == plover, (sentence, pred.plover, pred.probability)
    assert 0.0 < pred.probability <= 1.0
    assert pred.cameo is not None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Yes.", "empty"),
        ("Le président a rencontré son homologue allemand à Paris mardi soir.", "not_english"),
        ("Der Außenminister hat die Vorschläge der Opposition scharf kritisiert.", "not_english"),
        ("La reunión entre los dos ministros se celebró ayer en Madrid.", "not_english"),
    ],
)
def test_empty_and_foreign_sentences_are_no_event(text: str, reason: str) -> None:
    pred = load_model().predict(text)
    assert pred.plover == NONE
    assert not pred.is_event
    assert pred.reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "Heavy snow closed the mountain roads for a second day.",
        "Shares in the carmaker fell sharply after the profit warning.",
    ],
)
def test_ordinary_news_is_no_event(text: str) -> None:
    assert load_model().predict(text).plover == NONE


def test_probabilities_sum_to_one_and_name_every_class() -> None:
    model = load_model()
    pred = model.predict("Iran accused Israel of sabotage at the nuclear site.")
    assert {c for c, _ in pred.probs} == set(model.classes)
    assert abs(sum(p for _, p in pred.probs) - 1.0) < 1e-3
    assert pred.probability == round(max(p for _, p in pred.probs), 4)


def test_missing_model_file_names_it_and_how_to_reinstall(tmp_path: Path) -> None:
    path = tmp_path / "nope.json.gz"
    with pytest.raises(ModelError) as err:
        load_model(path)
    msg = str(err.value)
    assert str(path) in msg and "reinstall" in msg and "\n" not in msg
    assert err.value.exit_code == 1


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip at all",
        gzip.compress(b"{not json"),
        gzip.compress(b"[1, 2, 3]"),
        gzip.compress(json.dumps({"classes": ["A", "B"], "weights": {}}).encode()),
        gzip.compress(
            json.dumps(
                {"classes": ["A", NONE], "weights": {"bias": [1.0]}, "default_cameo": {}}
            ).encode()
        ),
    ],
)
def test_corrupt_model_file_is_one_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "model.json.gz"
    path.write_bytes(content)
    with pytest.raises(ModelError) as err:
        load_model(path)
    assert str(path) in str(err.value) and "reinstall" in str(err.value)


def test_features_are_deterministic_and_fold_names() -> None:
    a = featurize("Iran accused Israel of sabotage.")[0]
    b = featurize("Peru accused Chile of sabotage.")[0]
    assert a == b  # the names are folded to <cap>: the head learns the verb, not the actors
    assert "v:accuse" in a and "vp:ACCUSE" in a


def _spelling_examples() -> list[tuple[str, str]]:
    lines = [
        ln
        for ln in (DATA / "spelling.tsv").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    pairs = [tuple(ex.split(">")) for r in rows for ex in r["examples"].split("|")]
    return [(gb, us) for gb, us in pairs]


@pytest.mark.parametrize(("gb", "us"), _spelling_examples())
def test_british_spellings_fold_to_american(gb: str, us: str) -> None:
    assert us_spelling(gb) == us
    assert us_spelling(us) == us  # the American form is left alone


@pytest.mark.parametrize("word", ["four", "your", "hour", "rise", "wise", "the", "said"])
def test_short_words_keep_their_spelling(word: str) -> None:
    assert us_spelling(word) == word


def test_features_are_the_same_whatever_the_spelling() -> None:
    gb = featurize("Serbia mobilised its reservists and criticised the manoeuvres.")[0]
    us = featurize("Serbia mobilized its reservists and criticized the maneuvers.")[0]
    assert gb == us
    assert "v:mobilize" in us and "w:mobilized" in us


def test_verb_pattern_beats_bare_verb() -> None:
    words = "the eu imposed sanctions on russia".split()
    (hit,) = verb_hits(words)
    assert hit.lemma == "impose" and hit.row.startswith("p") and hit.cameo == "163"


def test_merge_plover() -> None:
    assert merge_plover("CONCEDE") == merge_plover("RETREAT") == "CONCEDE|RETREAT"
    assert merge_plover("AID") == "AID"


@pytest.mark.parametrize(
    ("text", "source", "target", "rule"),
    [
        ("The European Union slapped fresh penalties on Russia on Monday.",
         "The European Union", "Russia", "roles.active"),
        ("Israel was accused by Iran of sabotage.", "Iran", "Israel", "roles.passive"),
        ("Germany imposed sanctions on Iran.", "Germany", "Iran", "roles.active"),
        ("Iranian Foreign Minister Mohammad Javad Zarif has condemned a U.S. court decision.",
         "Iranian Foreign Minister Mohammad Javad Zarif", "U.S. court decision", "roles.active"),
    ],
)  # fmt: skip
def test_roles(text: str, source: str, target: str, rule: str) -> None:
    pred = load_model().predict(text)
    r = find_roles(text, pred.hits, pred.plover)
    assert r.rule == rule
    assert r.source and text[r.source[0] : r.source[1]] == source
    assert r.target and text[r.target[0] : r.target[1]] == target


def _pred(plover: str, p: float) -> Prediction:
    return Prediction(plover, p, "040" if plover != NONE else None, (), "model")


@pytest.mark.parametrize(
    ("rule_plover", "rule_conf", "pred", "plover", "decided_by", "rule"),
    [
        ("CONSULT", 0.8, _pred("CONSULT", 0.6), "CONSULT", "rules+model", "coder.agree"),
        ("CONSULT", 0.8, _pred("AGREE", 0.99), "CONSULT", "rules", "coder.rules_kept"),
        ("CONSULT", 0.5, _pred("AGREE", OVERRIDE), "AGREE", "model", "coder.model_override"),
        ("CONSULT", 0.5, _pred("AGREE", OVERRIDE - 0.01), "CONSULT", "rules",
         "coder.rules_kept"),
        ("CONSULT", 0.5, _pred(NONE, 0.99), "CONSULT", "rules", "coder.rules_kept"),
        (None, None, _pred("AGREE", ADD), "AGREE", "model", "coder.model_only"),
        (None, None, _pred("AGREE", ADD - 0.01), None, "model", "coder.no_event.model"),
        (None, None, _pred(NONE, 0.9), None, "model", "coder.no_event.model"),
    ],
)  # fmt: skip
def test_policy(rule_plover, rule_conf, pred, plover, decided_by, rule) -> None:
    d = combine(rule_plover, rule_conf, pred, {"CONSULT": 0.3})
    assert (d.plover, d.decided_by, d.rule) == (plover, decided_by, rule)
    if d.rule == "coder.rules_kept":
        assert d.probability == 0.3  # the model's belief in the kept class is recorded


def test_shipped_data_carries_the_mit_notice() -> None:
    notice = (DATA / "LICENSE-PETRARCH2.txt").read_text(encoding="utf-8")
    assert "MIT" in notice and "Open Event Data" in notice and "cameo_verbs.tsv" in notice
    head = (DATA / "cameo_verbs.tsv").read_text(encoding="utf-8").splitlines()[:5]
    assert any("LICENSE-PETRARCH2.txt" in ln for ln in head)


def test_shipped_model_is_small_and_not_fitted_on_development_data() -> None:
    path = DATA / "coder_model.json.gz"
    assert path.stat().st_size < 5_000_000
    meta = load_model().meta
    # the project's templates (also rewritten by its modality frames), sentences, the
    # PETRARCH2-derived patterns and the trigger table: no third-party labelled corpus
    assert set(meta["per_origin"]) <= {"template", "modality", "sentence", "cameo", "trigger"}


def test_the_coder_is_one_stage_after_confidence() -> None:
    from timeline.coder.stage import coder_stages
    from timeline.events.stages import STAGES

    assert coder_stages("rules") == tuple(STAGES)
    for coder in ("model", "both"):
        stages = coder_stages(coder)
        names = [s.__name__ for s in stages]
        assert len(stages) == len(STAGES) + 1
        assert names[names.index("confidence") + 1] == "learned_coder"


def test_model_coder_keeps_a_trigger_the_model_is_not_about() -> None:
    """ "met ... but failed to reach": the model's REJECT is about "failed", not "met"."""
    from datetime import date

    from timeline.pipeline import pipeline

    text = "Kim Jong Un met Donald Trump in Hanoi in February but failed to reach an agreement."
    [ev] = [e for e in pipeline(text, date(2019, 4, 11), "model") if e.type == "04"]
    assert ev.plover == "CONSULT"
    assert "coder.model_other_verb" in ev.rules or ev.coder == "rules+model"


def test_background_clause_words_are_not_the_sentences_own() -> None:
    text = "A court in Lima freed the editor, who was arrested in May on charges."
    feats = set(featurize(text)[0])
    assert {"hv:free", "h:editor", "x:arrest", "xp:COERCE"} <= feats
    assert "s:arrest" not in feats and "vp:COERCE" not in feats
    assert not any(f.startswith("m:may") for f in feats)  # the month, not the modal
    # the same verb in the main clause is the sentence's own
    own = set(featurize("Police arrested the editor after the court freed him.")[0])
    assert {"hv:arrest", "s:arrest", "vp:COERCE"} <= own


def test_reporting_verbs_are_not_the_main_event() -> None:
    feats = set(featurize("Officials said the navy seized a tanker near the strait.")[0])
    assert "hv:seize" in feats and "hv:say" not in feats


@pytest.mark.parametrize(
    "text",
    ["The U.S.-led coalition's commander met Iraqi officials in Baghdad.",
     "Officials of the U.S. and the E.U. met in Geneva on Monday."],
)  # fmt: skip
def test_the_role_anchor_is_the_verb_whatever_the_tokeniser(text: str) -> None:
    pred = load_model().predict(text)
    r = find_roles(text, pred.hits, pred.plover)
    assert r.anchor and text[r.anchor[0] : r.anchor[1]] == "met"


def test_model_only_event_needs_an_event_verb() -> None:
    from datetime import date

    from timeline.coder.stage import code_events

    model = load_model()
    headline = "North Korean leader places emphasis on self-reliance following failure to have "
    headline += "sanctions lifted by the US."
    caption = "North Korea''s leader Kim Jong Un speaks as U.S. President Donald Trump looks on "
    caption += "during the extended bilateral meeting in Hanoi, Vietnam February 28, 2019."
    for text in (headline, caption):
        assert model.predict(text).is_event  # the classifier alone would add an event
        assert code_events(text, date(2019, 4, 11), [], [], "both", model) == []


def test_model_events_take_the_extractors_actor_mentions() -> None:
    """A model-only event's actors are the mentions the extractor found for its sentence (with
    the whole article's context: "the armed forces" of a Santiago story are Chile's), not a
    second look-up on the model events' own context; without the extractor's sentences of the
    same article, code_events looks them up itself."""
    from datetime import date

    from timeline.coder.stage import code_events
    from timeline.events.extract import extract
    from timeline.pipeline import pipeline
    from timeline.temporal import tag

    text = (
        "Police detained dozens of students in central Santiago on Monday. Opposition leader "
        "Patricio Aylwin called on the armed forces to open talks on a return to democracy."
    )
    day = date(1988, 10, 7)
    added = [e for e in pipeline(text, day, "both") if e.coder == "model"]
    assert [(e.plover, [(a.role, a.name, a.mention) for a in e.actors]) for e in added] == [
        (
            "REQUEST",
            [
                ("source", "Patricio Aylwin", "Opposition leader Patricio Aylwin"),
                ("target", "Chile", "armed forces"),
            ],
        )
    ]
    timexes = tag(text, day)
    made: list = []
    events = extract(text, day, timexes, sentences_out=made)
    assert [s.start for s in made] == [0, text.index("Opposition")]
    given = code_events(text, day, timexes, events, "both", sentences=made)
    assert [e for e in given if e.coder == "model"] == added  # what pipeline() passes
    alone = [e for e in code_events(text, day, timexes, [], "both") if e.coder == "model"]
    assert [e.plover for e in alone] == ["COERCE", "REQUEST"]
    assert (alone[1].actors[0].role, alone[1].actors[0].name) == ("source", "Patricio Aylwin")


# -- the speed work keeps the events: the checks that skip the classifier are exact ------------


@pytest.mark.parametrize(
    "sentence",
    [
        "IRAN RE-ESTABLISHES TIES WITH IRAQ",  # "re" is split off by the extractor's tokens
        "The 5met delegates left.",  # digits glued before a verb form
        "Iran_met Iraq on Monday.",
        "Iran met Iraq in Geneva on Monday.",
        "Korea's envoy re-arrested the suspect.",
        "They’ll meet again.",
    ],
)
def test_verb_precheck_never_hides_a_verb(sentence: str) -> None:
    from timeline.coder.features import may_have_verbs, prepare
    from timeline.events.tokens import tokenize

    hits = prepare(sentence)[2]
    lower = [t.lower for t in tokenize(sentence)]
    assert may_have_verbs(lower) or not hits, (sentence, hits)


def test_verb_precheck_skips_sentences_without_verbs() -> None:
    from timeline.coder.features import may_have_verbs, prepare
    from timeline.events.tokens import tokenize

    sentence = "Exports fell for a third consecutive quarter in the north of the country."
    assert not prepare(sentence)[2]
    assert not may_have_verbs(t.lower for t in tokenize(sentence))


def test_may_add_is_false_only_when_no_class_has_a_usable_verb() -> None:
    """Where the pre-check skips a sentence, no class the model could give passes the checks
    _model_event makes before looking up actors (so skipping it changes no event)."""
    from timeline.coder.features import prepare
    from timeline.coder.stage import _anchor, _may_add
    from timeline.events.document import units

    model = load_model()
    labels = frozenset(c for c in model.classes if c != NONE)
    text = (
        "Iran did not attack Iraq on Monday. Iran refused to meet Iraq. "
        '"We will sanction them," the minister said. Those imposing sanctions left. '
        "If Iran attacks, Iraq will respond. Iran met Iraq in Geneva. "
        "The talks are expected to cover energy. Iran would never accept the deal."
    )
    seen = {True: 0, False: 0}
    for s_start, s_end, tokens in units(text):
        sentence = text[s_start:s_end]
        hits = prepare(sentence)[2]
        if not hits:
            continue
        quoted = [text[: t.start].count('"') % 2 == 1 for t in tokens]
        ok = _may_add(sentence, s_start, tokens, quoted, hits, labels)
        seen[ok] += 1
        if not ok:
            assert all(
                _anchor(sentence, s_start, tokens, quoted, hits, label) is None for label in labels
            ), sentence
    assert seen[True] and seen[False]


def test_context_copy_is_independent_and_compared_by_value() -> None:
    from datetime import date

    from timeline.coder.stage import _copy_context, _same_context
    from timeline.events.actors import Context, find_mentions
    from timeline.events.tokens import tokenize

    ctx = Context(date(2019, 4, 11))
    find_mentions(tokenize("Angela Merkel met Emmanuel Macron in Paris."), ctx)
    probe = _copy_context(ctx)
    assert _same_context(probe, ctx)
    find_mentions(tokenize("Theresa May met Shinzo Abe in Tokyo."), probe)
    assert not _same_context(probe, ctx)
    assert len(probe.seen_people) > len(ctx.seen_people)  # the original did not change
    quiet = _copy_context(ctx)
    find_mentions(tokenize("Critics said the statement contained little that was new."), quiet)
    assert _same_context(quiet, ctx)


def test_units_are_shared_for_the_same_text_only() -> None:
    from timeline.events.document import split_units, units
    from timeline.events.sentences import split_sentences

    a = "Iran met Iraq. Iraq left."
    b = "Chad met Niger. Niger left."
    assert split_units(a)[0] == split_sentences(a)
    first = units(a)
    assert units(a) is first  # the extractor's and the coder's reading of one article
    assert [u[:2] for u in units(b)] == split_sentences(b)
    assert units(a) == first


def test_blind_set_is_balanced_and_the_model_keeps_its_level() -> None:
    """tests/fixtures/coder_blind.jsonl: 75 sentences written before the coder saw them (5 per
    class; never used for training). A regression guard, not a benchmark: first sight 0.90
    macro F1 for the model (scripts/eval_plover.py gives the figures)."""
    rows = [json.loads(ln) for ln in (FIXTURES / "coder_blind.jsonl").read_text().splitlines()]
    labels = [r["events"][0]["plover"] for r in rows]
    classes = sorted(set(labels))
    assert len(classes) == 15 and all(labels.count(c) == 5 for c in classes)
    assert len({r["text"] for r in rows}) == len(rows)
    model = load_model()
    right = sum(model.predict(r["text"]).plover == lab for r, lab in zip(rows, labels, strict=True))
    assert right / len(rows) >= 0.85


@pytest.mark.parametrize(
    ("name", "per_class", "level"),
    [
        ("coder_blind2.jsonl", 4, 0.7),
        ("coder_blind3.jsonl", 4, 0.7),
        ("coder_blind4.jsonl", 5, 0.7),
        ("coder_blind5.jsonl", 5, 0.66),
        ("coder_blind6.jsonl", 5, 0.6),
        ("coder_blind7.jsonl", 7, 0.6),
    ],
)
def test_later_blind_sets_are_balanced_unseen_and_the_model_keeps_its_level(
    name: str, per_class: int, level: float
) -> None:
    """Sentences written from PLOVER's class definitions and committed before the coder saw them:
    ``coder_blind2`` (60, 4 per class, first sight 0.78 macro F1 for the model),
    ``coder_blind3`` (60; wire copy, headlines, broadcast, active and passive; first sight
    0.80) and ``coder_blind4`` (75, 5 per class; 1970s-2020s, long sentences, passives,
    reported speech, paraphrase; first sight 0.79) and ``coder_blind5`` (75, 5 per class;
    1950s-2020s, idioms and paraphrase unlike the templates; first sight 0.68 macro F1, 51 of 75
    right, so its guard sits just under that level) and ``coder_blind6`` (75, 5 per class; each
    sentence of one class may carry a typical word of another: an arrest at a memorial
    gathering, a siege cutting off food and fuel, a threat phrased "would ... if"; its guard,
    0.6, was set before any coder ran on it) and ``coder_blind7`` (105, 7 per class; headlines,
    passives, distractor words of other classes; guard 0.6 set before any coder ran on it).
    None is in the training data. A regression guard, not a benchmark."""
    rows = [json.loads(ln) for ln in (FIXTURES / name).read_text().splitlines()]
    labels = [r["events"][0]["plover"] for r in rows]
    classes = sorted(set(labels))
    assert len(rows) == 15 * per_class
    assert len(classes) == 15 and all(labels.count(c) == per_class for c in classes)
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(rows)
    for r in rows:
        ev = r["events"][0]
        assert ev["source"] in r["text"] and ev["target"] in r["text"]
    data = Path(__file__).parents[1] / "data" / "coder"
    training = "\n".join(p.read_text(encoding="utf-8") for p in sorted(data.glob("*.tsv")))
    assert not [t for t in texts if t in training or t[:40] in training]
    model = load_model()
    right = sum(model.predict(t).plover == lab for t, lab in zip(texts, labels, strict=True))
    assert right / len(rows) >= level

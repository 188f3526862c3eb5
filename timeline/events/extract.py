"""Event extraction: sentences -> typed events with actors, roles, location, time and status.

For every sentence: find actor and place mentions (:mod:`timeline.events.actors`), split it
into clauses, match trigger words (``lexicon/en/triggers.tsv``), then for each trigger decide

- whether it is an event at all: negated ("did not meet"), hypothetical ("could impose", an
  "if" clause), an infinitive complement ("urged X to lift") or inside a long quotation are not;
- its status: happened, planned ("will meet", "is set to visit", a present-tense meeting about
  the report day, a future date) or reported ("reportedly", "according to");
- its actors and roles (participants of a meeting; source and target otherwise);
- its location (a place in the clause) and its time (the time expression governing the clause,
  else the report date where the text says so, else undated).

Events that repeat within the article (same type, compatible actors and dates) are merged.
Every decision is recorded as a rule id in ``ExtractedEvent.rules``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate

from timeline import cameo
from timeline.events.actors import Context, Mention, find_mentions
from timeline.events.lexicon import actor_code, lexicon, read_rows, to_ref
from timeline.events.sentences import split_sentences
from timeline.events.tokens import Token, tokenize
from timeline.events.types import ActorRef, ExtractedEvent
from timeline.temporal.types import Timex

_CLAUSE_PUNCT = frozenset({",", ";", ":", "—", "–", "(", ")", "[", "]"})
_CLAUSE_WORDS = frozenset(
    {"before", "after", "while", "as", "when", "because", "although", "though", "whereas",
     "but", "since", "until", "unless", "if", "that", "which", "who", "whether", "including"}
)  # fmt: skip
_NOUN_CONTEXT = frozenset(
    {"the", "a", "an", "of", "on", "its", "their", "his", "her", "our", "these", "those",
     "this", "new", "further", "more", "any", "such", "economic", "international", "'s", "’s",
     "no", "tough", "fresh", "in", "with", "for", "by", "from", "and", "against"}
)  # fmt: skip
_NOUN_AFTER_PREP = frozenset({"with", "between", "of", "by", "to", "among", "in", "on"})
_CHAIN = frozenset({"and", ",", "-", "–", "&", "the"})
_DO = frozenset({"did", "does", "do"})
_PARTICLES = frozenset({"on", "for", "off", "in", "to", "from", "with"})
_BASE_OK = frozenset({"to", "will", "’ll", "'ll", "shall", "did", "does", "do", "not"})
_SUBJ_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "also", "both"})
_MIN_QUOTE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    cameo: str  # "040" or "other"
    pos: str  # verb | noun
    forms: tuple[tuple[str, ...], ...]  # word tuples; verbs: base, 3sg, past, pp, -ing
    objects: tuple[tuple[str, ...], ...]
    roles: int  # 1 participants, 0 source/target, 2 source only
    confidence: float
    example: str


@dataclass(frozen=True, slots=True)
class Cues:
    #: kind -> first word -> (words, window, id)
    by_kind: dict[str, dict[str, tuple[tuple[tuple[str, ...], int, str], ...]]]
    windows: dict[str, int]  # kind -> longest window + cue length


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.lower for t in tokenize(text))


@cache
def triggers() -> tuple[Trigger, ...]:
    """Every trigger row of ``triggers.tsv`` (rows with an object first)."""
    out = []
    for r in read_rows("triggers.tsv"):
        forms = tuple(_words(f) for f in r["forms"].split("|"))
        objects = tuple(_words(o) for o in r["object"].split("|") if o.strip())
        out.append(
            Trigger(
                r["id"],
                r["cameo"],
                r["pos"],
                forms,
                objects,
                int(r["roles"] or 0),
                float(r["confidence"]),
                r["example"],
            )  # fmt: skip
        )
    out.sort(key=lambda t: not t.objects)
    return tuple(out)


@cache
def _trigger_index() -> dict[str, list[tuple[Trigger, int]]]:
    index: dict[str, list[tuple[Trigger, int]]] = {}
    for trig in triggers():
        for idx, form in enumerate(trig.forms):
            entry = (trig, idx)
            bucket = index.setdefault(form[0], [])
            if entry not in bucket:
                bucket.append(entry)
    return index


@cache
def cues() -> Cues:
    kinds: dict[str, dict[str, list[tuple[tuple[str, ...], int, str]]]] = {}
    windows: dict[str, int] = {}
    for r in read_rows("cues.tsv"):
        words = _words(r["cue"])
        window = int(r["window"])
        first = "n't" if words == ("n't",) else words[0]
        kinds.setdefault(r["kind"], {}).setdefault(first, []).append((words, window, r["id"]))
        windows[r["kind"]] = max(windows.get(r["kind"], 0), window + len(words))
    frozen = {k: {w: tuple(v) for w, v in d.items()} for k, d in kinds.items()}
    return Cues(frozen, windows)


_NT = ("n't", "n’t")


def _first_word(tok: Token) -> str:
    low = tok.lower
    return "n't" if low.endswith(_NT) else low


def _cue_before(tokens: list[Token], i: int, lo: int, kind: str) -> str | None:
    """Id of a ``kind`` cue ending before token ``i`` within its window (not before ``lo``)."""
    c = cues()
    index = c.by_kind.get(kind)
    if not index:
        return None
    for j in range(max(lo, i - c.windows[kind]), i):
        low = tokens[j].lower
        cands = index.get("n't" if low.endswith(_NT) else low)
        if not cands:
            continue
        for words, window, cue_id in cands:
            n = len(words)
            if j + n > i or j < i - window - n + 1:
                continue
            if n == 1 or all(tokens[j + k].lower == w for k, w in enumerate(words)):
                return cue_id
    return None


def _cue_in(tokens: list[Token], lo: int, hi: int, kind: str) -> str | None:
    index = cues().by_kind.get(kind)
    if not index:
        return None
    for j in range(lo, hi):
        for words, _window, cue_id in index.get(_first_word(tokens[j]), ()):
            n = len(words)
            if j + n <= hi and all(tokens[j + k].lower == w for k, w in enumerate(words)):
                return cue_id
    return None


_OPEN_QUOTE = re.compile(r"[“\"]")
_CLOSE_QUOTE = re.compile(r"[”\"]|\n[ \t]*\n")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations of at least four words (an unclosed quotation runs to the
    end of its paragraph, the news convention for quotes spanning paragraphs)."""
    spans = []
    pos = 0
    while m := _OPEN_QUOTE.search(text, pos):
        close = _CLOSE_QUOTE.search(text, m.end())
        end = close.start() if close else len(text)
        if len(text[m.end() : end].split()) >= _MIN_QUOTE_WORDS:
            spans.append((m.start(), end + 1))
        pos = close.end() if close else len(text)
    return spans


def _in_spans(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _quoted(spans: list[tuple[int, int]], starts: list[int], tokens: list[Token]) -> list[bool]:
    """Whether each token starts inside a quotation (``spans`` sorted, not overlapping)."""
    k = bisect.bisect_right(starts, tokens[-1].start) - 1
    if k < 0 or spans[k][1] <= tokens[0].start:
        return [False] * len(tokens)  # no quotation reaches into this sentence
    return [_in_spans(spans, starts, t.start) for t in tokens]


def _clauses(tokens: list[Token]) -> list[int]:
    """Clause number of each token (punctuation and subordinators open a new clause)."""
    opens = [t.text in _CLAUSE_PUNCT or t.lower in _CLAUSE_WORDS for t in tokens]
    if opens and tokens[0].text not in _CLAUSE_PUNCT:
        opens[0] = False  # a subordinator opening the sentence opens no new clause
    return list(accumulate(opens, initial=0))[1:]


@dataclass(slots=True)
class _Match:
    trigger: Trigger
    form: int
    start: int
    end: int  # token indices
    noun: bool
    obj_end: int  # end of the object phrase ("imposed new sanctions"), else ``end``


def _match_triggers(
    tokens: list[Token], clause: list[int], mentions: list[Mention]
) -> list[_Match]:
    index = _trigger_index()
    inside = {k for m in mentions for k in range(m.start, m.end)}
    out: list[_Match] = []
    i = 0
    n = len(tokens)
    for start in [j for j, t in enumerate(tokens) if t.lower in index]:
        if start < i or start in inside:
            continue
        i = start
        found = None
        for trig, idx in index[tokens[i].lower]:
            form = trig.forms[idx]
            end = i + len(form)
            if end > n or (
                end > i + 1 and any(tokens[i + k].lower != w for k, w in enumerate(form))
            ):
                continue
            obj_end = _object_after(tokens, clause, end, trig.objects) if trig.objects else end
            if obj_end is None:
                continue
            noun = trig.pos == "noun"
            if not noun and not _verb_reading(tokens, i, idx):
                # "the sanctions", "a visit": try the noun rows for this word instead
                continue
            found = _Match(trig, idx, i, end, noun, obj_end)
            break
        if found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


def _verb_reading(tokens: list[Token], i: int, form: int) -> bool:
    """False where a verb form is used as a noun ("the sanctions", "Kim's visits")."""
    prev = tokens[i - 1].lower if i > 0 else ""
    if form in (0, 1) and prev in _NOUN_CONTEXT:
        return False
    if form == 1 or (form == 0 and prev not in _BASE_OK):
        # a present-tense verb follows its subject: "Kim says", "they meet", "he also visits"
        p = tokens[i - 1] if i > 0 else None
        if p is None or not (
            p.is_cap
            or p.lower in _SUBJ_PRONOUNS
            or p.lower.endswith("ly")
            or p.lower in cues().by_kind.get("subject_noun", {})
        ):
            return False
    if form == 4 and not any(
        tokens[j].lower in ("is", "are", "was", "were", "been", "be", "am", "’s", "'s")
        for j in range(max(0, i - 2), i)
    ):
        return False  # a bare -ing form ("those imposing sanctions") is not a finite event
    return True


def _object_after(
    tokens: list[Token], clause: list[int], end: int, objects: tuple[tuple[str, ...], ...]
) -> int | None:
    """End index of the first of ``objects`` within 5 tokens after ``end``, else None."""
    for j in range(end, min(end + 6, len(tokens))):
        if clause[j] != clause[end - 1] and tokens[j].lower not in ("on", "for"):
            break
        for obj in objects:
            if len(obj) == 1 and obj[0] in _PARTICLES and j != end:
                continue  # "called for", "called on": the particle follows the verb
            if j + len(obj) <= len(tokens) and all(
                tokens[j + k].lower == w for k, w in enumerate(obj)
            ):
                return j + len(obj)
    return None


def extract(text: str, published: date, timexes: list[Timex]) -> list[ExtractedEvent]:
    """Events of an article ``text`` published on ``published`` with its time expressions."""
    ctx = Context(published)
    quotes = quote_spans(text)
    q_starts = [s for s, _ in quotes]
    tx_sorted = sorted(timexes, key=lambda t: t.start)
    tx_starts = [t.start for t in tx_sorted]
    events: list[ExtractedEvent] = []
    for s_start, s_end, tokens in _units(text):
        lo = bisect.bisect_left(tx_starts, s_start)
        hi = bisect.bisect_left(tx_starts, s_end)
        stimex = tx_sorted[lo:hi]
        quoted = _quoted(quotes, q_starts, tokens)
        when = _role_date(stimex, published)
        mentions = find_mentions(tokens, ctx, when, quoted)
        clause = _clauses(tokens)
        matches = _match_triggers(tokens, clause, mentions)
        sent = _Sentence(text, s_start, s_end, tokens, clause, mentions, stimex, quoted, matches)
        sent.headline = _is_headline(text, s_start, s_end)
        for m in matches:
            ev = _event(sent, m, published)
            if ev is not None:
                events.append(ev)
    merged = merge_events(events)
    for ev in merged:
        for actor in ev.actors:
            actor.code = actor_code(actor, ev.start or published)
    return merged


_MAX_TOKENS = 160  # longer "sentences" (lists, unpunctuated text) are cut at clause breaks


def _units(text: str) -> list[tuple[int, int, list[Token]]]:
    """Sentences with their tokens; run-on sentences are cut into pieces of at most
    ``_MAX_TOKENS`` tokens (at a comma or semicolon where possible) to keep the work linear."""
    out = []
    for s_start, s_end in split_sentences(text):
        tokens = tokenize(text, s_start, s_end)
        while len(tokens) > _MAX_TOKENS:
            cut = next(
                (k for k in range(_MAX_TOKENS, _MAX_TOKENS // 2, -1) if tokens[k - 1].text in ",;"),
                _MAX_TOKENS,
            )
            head, tokens = tokens[:cut], tokens[cut:]
            out.append((head[0].start, head[-1].end, head))
        if tokens:
            out.append((tokens[0].start, tokens[-1].end, tokens))
    return out


def _is_headline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:start].strip() and not text[end:line_end].strip()
    return whole_line and not text[start:end].rstrip().endswith((".", "!", "?", "”", '"'))


def _role_date(stimex: list[Timex], published: date) -> date:
    """Office holders in a sentence are resolved on its first past date, else the DCT."""
    for t in stimex:
        if t.interval and t.type in ("DATE", "TIME") and t.interval[1] <= published:
            return t.interval[0]
    return published


@dataclass(slots=True)
class _Sentence:
    text: str
    start: int
    end: int
    tokens: list[Token]
    clause: list[int]
    mentions: list[Mention]
    timexes: list[Timex]
    quoted: list[bool]
    matches: list[_Match]
    headline: bool = False  # a line of its own without a final stop (headline, caption)
    _cues: dict[str, str | None] | None = None

    def cue(self, kind: str) -> str | None:
        """A ``kind`` cue anywhere in the sentence (computed once per sentence)."""
        if self._cues is None:
            self._cues = {}
        if kind not in self._cues:
            self._cues[kind] = _cue_in(self.tokens, 0, len(self.tokens), kind)
        return self._cues[kind]

    def clause_of_char(self, pos: int) -> int:
        k = max(0, bisect.bisect_right(self.tokens, pos, key=lambda t: t.start) - 1)
        return self.clause[k]

    def clause_start(self, i: int) -> int:
        c = self.clause[i]
        j = i
        while j > 0 and self.clause[j - 1] == c:
            j -= 1
        return j


def _event(s: _Sentence, m: _Match, published: date) -> ExtractedEvent | None:
    trig, toks = m.trigger, s.tokens
    if s.quoted[m.start]:
        return None
    rules = [f"trigger.{trig.id}"]
    lo = s.clause_start(m.start)
    if _cue_before(toks, m.start, lo, "negation"):
        return None
    if (
        lo > 0
        and toks[lo].lower == "that"
        and _cue_before(toks, lo, max(0, lo - 3), "negation_complement")
    ):
        return None  # "Iran denied that it had attacked the tankers"
    if _cue_before(toks, m.start, lo, "modal") or _cue_in(toks, lo, m.start, "condition"):
        return None
    status = "happened"
    present = False
    passive = False
    if not m.noun:
        prev = toks[m.start - 1].lower if m.start > 0 else ""
        if m.form == 0 and prev == "to":
            plan = _cue_before(toks, m.start + 1, max(0, lo - 3), "infinitive_plan")
            if not plan:
                return None  # "urged Washington to lift", "failed to reach": a complement
            status = "planned"
            rules.append(f"status.{plan}")
        elif m.form == 0 and _cue_before(toks, m.start, lo, "planned"):
            status = "planned"
            rules.append("status.future")
        elif m.form == 0 and prev in _DO:
            pass  # "did meet"
        elif m.form in (0, 1):
            present = True
        elif m.form in (2, 3):
            be = any(
                toks[j].lower in ("is", "are", "was", "were", "been", "be", "being")
                for j in range(max(lo, m.start - 10), m.start)
            )
            perfect = _cue_before(toks, m.start, lo, "perfect")
            if trig.forms[2] != trig.forms[3] and m.form == 3 and not perfect:
                passive = True
            elif be and not perfect:
                passive = True
            elif be and perfect and toks[m.start - 1].lower == "been":
                passive = True
        if passive:
            rules.append("voice.passive")
    elif _cue_before(toks, m.start, lo, "negation_noun"):
        return None  # "called off the planned summit": the event is the cancellation
    elif _cue_before(toks, m.start, lo, "planned"):
        status = "planned"
        rules.append("status.planned_noun")

    actors, actor_rules, subj, obj = _actors(s, m, passive)
    if not actors:
        return None
    rules.extend(actor_rules)
    location, loc_rule = _location(s, m)
    if location is None and trig.cameo == "042":
        location, loc_rule = _visited_place(obj)
    if loc_rule:
        rules.append(loc_rule)

    code = trig.cameo
    statement = code.startswith("01")
    if present and s.headline:
        rules.append("status.headline_present")  # "Russia invades Ukraine": news of the day
    elif present and not statement and status == "happened":
        status = "planned"
        rules.append("status.present_tense")
    reported = s.cue("reported")
    if reported and status == "happened":
        status = "reported"
        rules.append(f"status.{reported}")

    start = end = None
    granularity = date_text = timex_value = None
    tx = _governing_timex(s, m)
    if tx is not None and tx.interval is not None:
        start, end = tx.interval
        granularity = tx.granularity or "day"
        date_text, timex_value = tx.text, tx.value
        rules.append("time.clause_timex")
        if start > published and status == "happened" and not statement:
            status = "planned"
            rules.append("status.future_date")
    else:
        cue = s.cue("report_date")
        if cue or present:
            start = end = published
            granularity = "day"
            date_text = "report date"
            timex_value = published.isoformat()
            rules.append(f"time.report_date.{cue}" if cue else "time.report_date.present_tense")
        else:
            rules.append("time.undated")

    type_, cameo_code = (code, None) if code == "other" else (code[:2], code)
    if type_ == "04" and _all_domestic(actors):
        type_, cameo_code = "other", None
        rules.append("type.domestic_body")
    if cameo_code == "040" and location and _third_location(actors, location[1]):
        cameo_code = "044"
        rules.append("type.third_location")
    label = (
        cameo.label(cameo_code)
        if cameo_code
        else f"{cameo.label('other')}: {' '.join(trig.forms[0])}"
    )
    surface = s.text[toks[m.start].start : toks[m.end - 1].end]
    confidence = trig.confidence + (0.1 if tx is not None else 0.0)
    confidence += 0.05 if len(actors) > 1 else 0.0
    confidence -= 0.1 if "actor.sentence_subject" in actor_rules else 0.0
    if toks[lo].lower in _RELATIVE:
        confidence -= 0.15  # background: "who had been arrested", "a tanker it seized"
        rules.append("confidence.background_clause")
    return ExtractedEvent(
        type=type_,
        label=label,
        summary=_summary(s, m, subj, obj, passive, location[0] if location else None),
        sentence=s.text[s.start : s.end],
        sentence_start=s.start,
        sentence_end=s.end,
        cameo=cameo_code,
        plover=cameo.plover(cameo_code) if cameo_code else None,
        status=status,
        start=start,
        end=end,
        granularity=granularity,
        date_text=date_text,
        timex_value=timex_value,
        actors=actors,
        location=location[0] if location else None,
        confidence=round(min(0.95, max(0.05, confidence)), 2),
        trigger=surface,
        rules=rules,
    )


def _chain_left(s: _Sentence, actors: list[Mention], k: int) -> list[Mention]:
    """The mention ``actors[k]`` and those joined to it by "and" / "," / hyphen before it."""
    out = [actors[k]]
    while k > 0:
        prev = actors[k - 1]
        gap = s.tokens[prev.end : actors[k].start]
        same = prev.start == actors[k].start  # one phrase, two people: "the two leaders"
        if not same and (not gap or not all(t.lower in _CHAIN for t in gap)):
            break
        out.insert(0, prev)
        k -= 1
    return out


def _chain_right(s: _Sentence, actors: list[Mention], k: int) -> list[Mention]:
    out = [actors[k]]
    while k + 1 < len(actors):
        nxt = actors[k + 1]
        gap = s.tokens[actors[k].end : nxt.start]
        same = nxt.start == actors[k].start
        if not same and (not gap or not all(t.lower in _CHAIN for t in gap)):
            break
        out.append(nxt)
        k += 1
    return out


def _actors(
    s: _Sentence, m: _Match, passive: bool
) -> tuple[list[ActorRef], list[str], list[Mention], list[Mention]]:
    trig = m.trigger
    usable = [x for x in s.mentions if x.is_actor and not x.quoted]
    c = s.clause[m.start]
    rules: list[str] = []
    source: list[Mention] = []
    target: list[Mention] = []
    if m.noun:
        source, target = _noun_actors(s, m, usable)
        if not source and not target:
            return [], [], [], []
        rules.append("actor.attached_to_noun")
    else:
        before = [x for x in usable if s.clause[x.start] == c and x.end <= m.start]
        # the object ends where the next verb starts: "arrived in Moscow and held talks with X"
        stop = min((x.start for x in s.matches if x.start >= m.end and not x.noun), default=10**9)
        after = [
            x
            for x in usable
            if s.clause[x.start] == c and m.end <= x.start < stop and not x.possessive
        ]
        if before:
            source = _chain_left(s, before, len(before) - 1)
            rules.append("actor.clause_subject")
        else:
            earlier = [x for x in usable if x.end <= m.start]
            prev = s.tokens[m.start - 1].text if m.start > 0 else ""
            if earlier:
                source = _chain_right(s, earlier, 0)
                rules.append("actor.sentence_subject")
            elif after and (prev in '”",' or s.quoted[max(0, m.start - 2)]):
                source = [after.pop(0)]  # '..., said Hong Min'
                rules.append("actor.inverted_subject")
        if after and trig.roles != 2:
            k = usable.index(after[0])
            target = _chain_right(s, usable, k)
            if passive:
                by = [x for x in target if x.start > 0 and s.tokens[x.start - 1].lower == "by"]
                target = [x for x in target if x not in by]
                source, target = by, source + target
            rules.append("actor.clause_object")
        elif passive:
            source, target = [], source
    if trig.roles == 1:
        refs = [_ref(x, "participant") for x in source + target]
    else:
        refs = [_ref(x, "source") for x in source] + [_ref(x, "target") for x in target]
    seen: set[str] = set()
    out = []
    for r in refs:
        if r.name not in seen:
            seen.add(r.name)
            out.append(r)
    rules.extend(dict.fromkeys(x.rule for x in source + target))
    return out, rules, source, target


def _noun_actors(
    s: _Sentence, m: _Match, usable: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    toks = s.tokens
    source: list[Mention] = []
    target: list[Mention] = []
    # a session "of the Central Committee" names a body, not a known actor: nouns need lexicon
    # actors (or people found by title); organisations guessed from their head noun only act
    # as the subject or object of a verb
    usable = [x for x in usable if x.rule != "actor.org_pattern"]
    before = [x for x in usable if x.end <= m.start]
    if before:
        last = before[-1]
        gap = toks[last.end : m.start]
        gap_words = [t for t in gap if t.key and not t.is_possessive]
        if (
            (last.possessive and len(gap_words) <= 2)  # "Kim's visits", "Abe's first trip"
            or not gap  # "the North Korea-U.S. summit", "US-China talks"
            or (len(gap) == 1 and gap[0].text in "-–")
        ):
            source = _chain_left(s, before, len(before) - 1)
    after = [x for x in usable if x.start >= m.end and x.start <= m.end + 7]
    if after and m.end < len(toks) and toks[m.end].lower in _NOUN_AFTER_PREP:
        first = after[0]
        between = toks[m.end + 1 : first.start]
        if all(not t.is_cap or t.lower in ("the",) for t in between) and all(
            t.text not in (",", ";") for t in between
        ):
            target = _chain_right(s, usable, usable.index(first))
    return source, target


def _ref(m: Mention, role: str) -> ActorRef:
    ref = to_ref(m.entity, mention=m.text, role=role) if m.entity else None
    assert ref is not None
    return ref


def _location(s: _Sentence, m: _Match) -> tuple[tuple[str, str], str] | tuple[None, None]:
    c = s.clause[m.start]
    places = [
        x for x in s.mentions if x.place is not None and x.rule != "loc.dateline" and not x.quoted
    ]
    same = [x for x in places if s.clause[x.start] == c]
    if m.trigger.roles == 2:  # "said in Seoul", not the place inside what was said
        same = [x for x in same if x.end <= m.start or x.start <= m.end + 2]
    if m.noun:
        same += [x for x in places if x.end == m.start and x not in same]
    if not same:
        return None, None
    same.sort(key=lambda x: (x.start < m.start, abs(x.start - m.start)))
    pl = same[0].place
    assert pl is not None
    return (pl.name, pl.country), same[0].rule


def _visited_place(obj: list[Mention]) -> tuple[tuple[str, str], str] | tuple[None, None]:
    """ "visited Pyongyang": the capital is the place visited (and its state the target)."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    for x in obj:
        if x.rule == "actor.metonym":
            place = gazetteer().places.get(fold(x.text))
            if place is not None and place.kind == "city":
                return (place.name, place.country), "loc.visited_capital"
    return None, None


def _governing_timex(s: _Sentence, m: _Match) -> Timex | None:
    """The time expression of the trigger's clause, else one in a clause without a trigger."""
    if not s.timexes:
        return None
    c = s.clause[m.start]
    trig_pos = s.tokens[m.start].start
    usable = [t for t in s.timexes if t.interval is not None]
    if m.trigger.roles == 2:  # "said on Monday (that) ...", not the date inside what was said
        near = s.tokens[min(len(s.tokens), m.end + 3) - 1].end
        usable = [t for t in usable if t.start < trig_pos or t.start <= near]
    if not usable:
        return None
    same = [t for t in usable if s.clause_of_char(t.start) == c]
    if same:
        return min(same, key=lambda t: abs(t.start - trig_pos))
    busy = {s.clause[x.start] for x in s.matches if x is not m}
    free = [t for t in usable if s.clause_of_char(t.start) not in busy]
    if free:
        return min(free, key=lambda t: abs(t.start - trig_pos))
    return None


def _all_domestic(actors: list[ActorRef]) -> bool:
    lex = lexicon()
    ents = [lex.entity(a.name) for a in actors]
    return bool(ents) and all(e is not None and e.domestic for e in ents)


def _third_location(actors: list[ActorRef], country: str) -> bool:
    countries = {a.country for a in actors}
    return len(actors) >= 2 and None not in countries and country not in countries


_SUMMARY_WORDS = 12


def _continuation(s: _Sentence, m: _Match) -> str:
    """What follows a statement ("says he would ...") or a visit noun ("visits to ..."), up to a
    dozen words, so that a summary says what was said or visited."""
    if m.noun and (m.end >= len(s.tokens) or s.tokens[m.end].lower != "to"):
        return ""
    stops = (";", "(", ")") + ((",",) if m.noun else ())
    first = last = None
    words = 0
    for k in range(m.end, len(s.tokens)):
        tok = s.tokens[k]
        if tok.text in stops or s.quoted[k] != s.quoted[m.start]:
            break
        words += bool(tok.key)
        if words > _SUMMARY_WORDS:
            assert first is not None and last is not None
            return " " + s.text[first.start : last.end].rstrip(" ,:") + " …"
        first = first or tok
        last = tok
    if first is None or last is None:
        return ""
    rest = s.text[first.start : last.end].rstrip(" ,.:;!?”\"'")
    return f" {rest}" if rest else ""


_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})


_FUTURE_AUX = frozenset({"will", "shall", "’ll", "'ll"})
_SUMMARY_PREPS = frozenset({"on", "with", "to", "against", "from", "for", "at", "of", "in", "by"})


def _summary(
    s: _Sentence,
    m: _Match,
    subj: list[Mention],
    obj: list[Mention],
    passive: bool,
    location: str | None,
) -> str:
    """One line in canonical names: "Joe Biden imposed new sanctions on Russia in ..."."""

    def names(ms: list[Mention]) -> str:
        return " and ".join(dict.fromkeys(x.entity.name for x in ms if x.entity))

    toks = s.tokens
    first = m.start - 1 if m.start and toks[m.start - 1].lower in _FUTURE_AUX else m.start
    verb = s.text[toks[first].start : toks[max(m.end, m.obj_end) - 1].end]
    if m.noun:
        text = " ".join(p for p in (names(subj + obj), verb) if p) + _continuation(s, m)
    elif passive:
        text = " ".join(p for p in (names(obj), verb) if p)
        text += f" by {names(subj)}" if subj else ""
    else:
        text = " ".join(p for p in (names(subj), verb) if p)
        if location and not obj and text.rsplit(" ", 1)[-1].lower() in _SUMMARY_PREPS:
            return f"{text} {location}"  # "arrived in" + "Russia"
        if obj:
            first = obj[0].start
            prep = toks[first - 1].lower if first - 1 >= max(m.end, m.obj_end) else ""
            text += f" {prep}" if prep in _SUMMARY_PREPS else ""
            if location and all(x.rule == "actor.metonym" for x in obj):
                return f"{text} {location}"  # "visited Pyongyang", not "North Korea in ..."
            text += f" {names(obj)}"
        if m.trigger.roles == 2:
            text += _continuation(s, m)
    return f"{text} in {location}" if location and f" in {location}" not in text else text


# --- merging repeated mentions of one event within an article -------------------------------


def _countries(ev: ExtractedEvent) -> set[str]:
    return {a.country for a in ev.actors if a.country}


def _represented(actor: ActorRef, ev: ExtractedEvent) -> bool:
    names = {a.name for a in ev.actors}
    if actor.name in names:
        return True
    if actor.kind == "country":
        return actor.name in {a.country for a in ev.actors if a.kind == "person"}
    return False


_MEETING_CODES = frozenset({"040", "044", "046"})


def _family(code: str | None) -> str | None:
    """Codes that name one happening differently: a meeting, talks, a summit elsewhere."""
    return "meeting" if code in _MEETING_CODES else code


def _headline_dated(ev: ExtractedEvent) -> bool:
    """A headline's present tense only says "recently": its date yields to the body's."""
    return "status.headline_present" in ev.rules and ev.date_text == "report date"


def _compatible(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    if a.type != b.type:
        return False
    if _family(a.cameo) != _family(b.cameo):
        return False  # a visit is not the summit it led to
    flexible = _headline_dated(a) or _headline_dated(b)
    if a.start is not None and b.start is not None and not flexible:
        assert a.end is not None and b.end is not None
        if a.end < b.start or b.end < a.start:
            return False
    if not (all(_represented(x, a) for x in b.actors) or all(_represented(x, b) for x in a.actors)):
        return False
    return True


_GRAIN_RANK = {g: i for i, g in enumerate(("day", "week", "month", "quarter", "season", "year"))}


def merge_events(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """Merge events of one article that report the same happening (same type, compatible
    actors and dates): the dated mention gives the date, the city the location."""
    out: list[ExtractedEvent] = []
    for ev in events:
        for kept in out:
            if _compatible(kept, ev):
                _absorb(kept, ev)
                break
        else:
            out.append(ev)
    return out


def _precise(ev: ExtractedEvent) -> int:
    if ev.start is None:
        return 99
    rank = _GRAIN_RANK.get(ev.granularity or "day", 50)
    return rank + (10 if ev.date_text == "report date" else 0)


def _absorb(kept: ExtractedEvent, ev: ExtractedEvent) -> None:
    old_location = kept.location
    if _precise(ev) < _precise(kept):
        for f in ("start", "end", "granularity", "date_text", "timex_value", "sentence",
                  "sentence_start", "sentence_end", "trigger", "status", "summary"):  # fmt: skip
            setattr(kept, f, getattr(ev, f))
    for actor in ev.actors:
        if not _represented(actor, kept):
            kept.actors.append(actor)
    # a country stands in for its leader only until the leader is named
    led = {p.country for p in kept.actors if p.kind == "person"}
    kept.actors = [a for a in kept.actors if not (a.kind == "country" and a.name in led)]
    if ev.location and (kept.location is None or _is_city(ev.location, kept.location)):
        kept.location = ev.location
    for loc in (ev.location, old_location):
        if loc and kept.location and loc != kept.location and kept.summary.endswith(f" in {loc}"):
            kept.summary = kept.summary[: -len(loc)] + kept.location
    kept.confidence = max(kept.confidence, ev.confidence)
    kept.rules = list(dict.fromkeys([*kept.rules, *ev.rules, "merge.same_event"]))
    if kept.cameo != ev.cameo and ev.cameo == "044":
        kept.cameo = "044"


def _is_city(new: str, old: str) -> bool:
    """True when ``new`` is a city in the country ``old`` ("Hanoi" refines "Vietnam")."""
    from timeline.events.gazetteer import gazetteer
    from timeline.textutil import fold

    places = gazetteer().places
    p_new, p_old = places.get(fold(new)), places.get(fold(old))
    return (
        p_new is not None
        and p_old is not None
        and p_new.kind == "city"
        and p_old.kind == "country"
        and p_new.country == p_old.name
    )


__all__ = ["Trigger", "extract", "merge_events", "quote_spans", "triggers"]

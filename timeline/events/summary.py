"""The summary stage's helpers: one line in canonical names ("Joe Biden imposed new sanctions
on Russia")."""

from __future__ import annotations

from timeline.events.actors import Mention
from timeline.events.document import Match, Sentence
from timeline.events.words import words

_SUMMARY_WORDS = 12


def _continuation(s: Sentence, m: Match) -> str:
    """What follows a statement ("says he would ...") or a visit noun ("visits to ..."), up to a
    dozen words, so that a summary says what was said or visited."""
    if m.noun and (m.end >= len(s.tokens) or s.tokens[m.end].lower != "to"):
        return ""
    stops = (";", "(", ")") + ((",",) if m.noun else ())
    first = last = None
    words = 0
    for k in range(max(m.end, m.obj_end), len(s.tokens)):  # the object is in the verb
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


_FUTURE_AUX = words("future_aux")
_SUMMARY_PREPS = words("summary_preps")


def summary_line(
    s: Sentence,
    m: Match,
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
            rest = _continuation(s, m)
            text += rest[1:] if text.endswith(('"', "“")) else rest  # 'called X "a farce"'
    return f"{text} in {location}" if location and f" in {location}" not in text else text

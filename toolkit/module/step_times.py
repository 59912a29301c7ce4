"""The minutes an activity's steps say they take, read from their text ("Give teams five minutes to prepare").

Steps are free text, so this reads only what is plainly written: a number (in digits, or
a word up to sixty in English, Spanish or French) followed by "minutes" (or "min",
"minutos", "دقائق"…). When a step gives its time in brackets, "(10 minutes)", that is
its time, and other times in it are parts of it. Left out: a time given per person, per
group or to each ("two minutes per opening"), as its total depends on the room; a time
used as an adjective ("a five-minute warning", "a three-minute report"); a time inside
the one before it ("ten minutes - two for each opening"). A range counts its lower end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from toolkit.module.number_words import NUMBER_WORDS

_NUMBER = r"\d{1,3}|[٠-٩]{1,3}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_UNIT = r"minutes?|mins?\b|minutos?|دقائق|دقيقة"
_RANGE = r"\s*(?:[–-]|to|a|à|إلى)\s*"
_TIME = re.compile(rf"\b({_NUMBER})(?:{_RANGE}(?:{_NUMBER}))?\s*(?:-\s*)?({_UNIT})", re.IGNORECASE)
# A time given to each person or group: its total depends on the room.
_EACH_AFTER = re.compile(r"^\s*(?:for\s+)?(?:per|each|apiece|por|cada|par|chaque|chacun|لكل)\b", re.IGNORECASE)
_EACH_BEFORE = re.compile(r"(?:\b(?:each|every|cada|chaque)|toutes les|tous les|كل)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)


def _value(number: str) -> int:
    """Return a number written in digits (Western or Arabic-Indic) or as a word."""
    if number.isdigit():
        return int(number.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    return NUMBER_WORDS[number.lower()]


def stated_minutes(step: str) -> list[int]:
    """Return the minutes a step says it takes, each time it states one: its times in brackets when it has
    any, else every time it states, leaving out times per person or group and times used as adjectives."""
    times = [match for match in _TIME.finditer(step) if _is_duration(step, match)]
    bracketed = [match for match in times if step[: match.start()].rstrip().endswith("(")]
    found: list[int] = []
    last_end = -1
    for match in bracketed or times:
        if found and _within_previous(step[last_end : match.start()]):
            continue  # "ten minutes - two of them for openings": the second is part of the first
        found.append(_value(match.group(1)))
        last_end = match.end()
    return found


def _is_duration(step: str, match: re.Match[str]) -> bool:
    """Return True unless the time is given to each person or group, or is an adjective ("a five-minute warning")."""
    adjective = match.group(0)[: match.start(2) - match.start()].rstrip().endswith("-")
    before = step[max(0, match.start() - 40) : match.start()]
    return not (adjective or _EACH_AFTER.match(step[match.end() :]) or _EACH_BEFORE.search(before))


def _within_previous(between: str) -> bool:
    """Return True when the text between two times says the second is part of the first (a dash or "of which")."""
    return bool(re.fullmatch(r"\s*(?:[-–—(:,]\s*|of which\s*|de los cuales\s*|dont\s*)", between, re.IGNORECASE))


def steps_minutes(steps: Sequence[str]) -> tuple[int, list[int]] | None:
    """Return the minutes the steps state in all and each stated time, or None when no step states one."""
    times = [minutes for step in steps for minutes in stated_minutes(step)]
    return (sum(times), times) if times else None

"""The session plan: when each activity of a module starts and ends on the clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a module as every stage reads it: a Module or a cached record of one
    from toolkit.module.model import Activity
    from toolkit.module.snapshot import ModuleView


@dataclass(frozen=True)
class PlanRow:
    """One activity on the clock, the number its first question has in the module, and the end of a break after it."""

    number: int
    activity: Activity
    start: time
    end: time
    elapsed: int
    first_question: int
    break_end: time | None = None  # the end of the module's own break after the activity (`break_after`)


def session_plan(module: ModuleView, start: time) -> list[PlanRow]:
    """Return the module's activities with start and end times, beginning at `start`; a module's break moves the
    activities after it on."""
    rows = []
    clock = datetime.combine(datetime(2000, 1, 1), start)
    elapsed = 0
    firsts = first_questions(module.activities)
    for number, activity in enumerate(module.activities, start=1):
        end = clock + timedelta(minutes=activity.minutes)
        resumed = end + timedelta(minutes=activity.break_after or 0)
        break_end = resumed.time() if activity.break_after else None
        rows.append(PlanRow(number, activity, clock.time(), end.time(), elapsed, firsts[number - 1], break_end))
        clock = resumed
        elapsed += activity.minutes
    return rows


def first_questions(activities: Sequence[Activity]) -> list[int]:
    """Return, for each activity, the number of its first question.

    Questions are numbered across the module, so the handout, the guide, the slides and
    their notes all call a question by the same number. An activity without questions gets
    the number its first question would have.
    """
    firsts, following = [], 1
    for activity in activities:
        firsts.append(following)
        following += len(activity.questions)
    return firsts

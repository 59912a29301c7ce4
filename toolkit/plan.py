"""The session plan: when each activity of a module starts and ends on the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a cached module (snapshot.ModuleRecord) serves as well as a Module
    from toolkit.model import Activity, Module
    from toolkit.snapshot import ModuleRecord


@dataclass(frozen=True)
class PlanRow:
    """One activity placed on the clock."""

    number: int
    activity: Activity
    start: time
    end: time
    elapsed: int


def session_plan(module: Module | ModuleRecord, start: time) -> list[PlanRow]:
    """Return the module's activities with start and end times, beginning at `start`."""
    rows = []
    clock = datetime.combine(datetime(2000, 1, 1), start)
    elapsed = 0
    for number, activity in enumerate(module.activities, start=1):
        end = clock + timedelta(minutes=activity.minutes)
        rows.append(PlanRow(number, activity, clock.time(), end.time(), elapsed))
        clock = end
        elapsed += activity.minutes
    return rows

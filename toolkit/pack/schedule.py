"""Place a workshop's activities on the clock, day by day around the breaks: pure functions, no I/O.

Times are whole minutes after midnight. Days are filled in order and modules in order;
an activity never runs across a break (unless splitting is allowed) or past the end of
a day: it waits until after the break, and the gap shows as flexible time, or it moves
to the next day, so a module may continue the next morning between two activities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from enum import Enum

# Adult-learning practice: a break at least every 90 minutes (the limit a module's own `check.no-break` uses).
LONGEST_STRETCH = 90


def minute_of(value: time) -> int:
    """Return a time of day as minutes after midnight."""
    return value.hour * 60 + value.minute


def clock_of(minute: int) -> time:
    """Return minutes after midnight as a time of day."""
    return time(minute // 60, minute % 60)


@dataclass(frozen=True)
class BreakSpec:
    """A break in a day: what it is for, when it starts and how long it lasts."""

    kind: str
    start: int
    minutes: int

    @property
    def end(self) -> int:
        """Return the minute the break ends."""
        return self.start + self.minutes


@dataclass(frozen=True)
class DaySpec:
    """One day of the workshop: its date, first and last minute, and its breaks in time order."""

    date: date
    start: int
    end: int
    breaks: tuple[BreakSpec, ...] = ()


@dataclass(frozen=True)
class Item:
    """Something to place that belongs to a module: an activity or a debrief, and its minutes."""

    key: str
    minutes: int


@dataclass(frozen=True)
class Session:
    """A module as the scheduler sees it: its place in the pack, its items in order, a forced day (from 0)."""

    index: int
    items: tuple[Item, ...]
    day: int | None = None


class SlotKind(str, Enum):
    """What fills a stretch of a day."""

    ITEM = "item"
    BREAK = "break"
    FLEXIBLE = "flexible"


@dataclass(frozen=True)
class Slot:
    """A stretch of a day: an item of a session (or one part of it), a break or flexible time."""

    kind: SlotKind
    start: int
    end: int
    session: int | None = None
    item: int | None = None
    part: int = 0
    label: str = ""

    @property
    def minutes(self) -> int:
        """Return how long the slot lasts."""
        return self.end - self.start


@dataclass(frozen=True)
class DayPlan:
    """One day placed on the clock: the day and its slots in time order."""

    day: DaySpec
    slots: tuple[Slot, ...]


class ProblemKind(str, Enum):
    """Why a schedule could not be completed."""

    OVERRUN = "overrun"
    TOO_LONG = "too-long"
    DAY_TAKEN = "day-taken"


@dataclass(frozen=True)
class Problem:
    """Why scheduling stopped or went wrong, and where: the session, its item, the day concerned."""

    kind: ProblemKind
    session: int
    item: int | None = None
    day: int = 0
    minutes: int = 0


@dataclass(frozen=True)
class Schedule:
    """The days placed on the clock, and the problems met (none when everything fits)."""

    days: tuple[DayPlan, ...]
    problems: tuple[Problem, ...] = ()


@dataclass
class _Placer:
    """Fills days slot by slot; `day` and `clock` say where the next item may start."""

    days: Sequence[DaySpec]
    split: bool
    day: int = 0
    clock: int = 0
    slots: list[list[Slot]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock = self.days[0].start
        self.slots = [[] for _ in self.days]

    def start_on(self, day: int) -> bool:
        """Move to the start of `day` unless it is already past; return False when it is."""
        if not 0 <= day < len(self.days):
            raise ValueError(f"there is no day {day}; callers check forced days against the dates")
        if day < self.day:
            return False
        if day > self.day:
            self.day, self.clock = day, self.days[day].start
        return True

    def place(self, session: int, index: int, item: Item) -> bool:
        """Place one item at the earliest time it fits; return False when no day has room for it."""
        while self.day < len(self.days):
            spec = self.days[self.day]
            self._pass_breaks(spec)
            upcoming = next((b for b in spec.breaks if b.start >= self.clock), None)
            limit = upcoming.start if upcoming else spec.end
            if self.clock + item.minutes <= limit:
                self._add(Slot(SlotKind.ITEM, self.clock, self.clock + item.minutes, session, index))
                self.clock += item.minutes
                return True
            if upcoming and self.split and self._ends_by(spec, item.minutes) is not None:
                self._place_in_parts(spec, session, index, item.minutes)
                return True
            if upcoming:
                self._add(Slot(SlotKind.FLEXIBLE, self.clock, upcoming.start))
                self.clock = upcoming.start
                continue
            self.day += 1
            if self.day < len(self.days):
                self.clock = self.days[self.day].start
        return False

    def _pass_breaks(self, spec: DaySpec) -> None:
        """Place every break that starts at (or has begun by) the clock, and move the clock past it."""
        for brk in spec.breaks:
            if brk.start <= self.clock < brk.end:
                self._add(Slot(SlotKind.BREAK, brk.start, brk.end, label=brk.kind))
                self.clock = brk.end

    def _ends_by(self, spec: DaySpec, minutes: int) -> int | None:
        """Return when `minutes` of work starting now would end if split around breaks, or None after the day."""
        clock = self.clock
        for brk in spec.breaks:
            if brk.start >= clock and clock + minutes > brk.start:
                minutes -= brk.start - clock
                clock = brk.end
        return clock + minutes if clock + minutes <= spec.end else None

    def _place_in_parts(self, spec: DaySpec, session: int, index: int, minutes: int) -> None:
        """Place an item in numbered parts around the breaks it runs into."""
        part = 1
        while minutes:
            self._pass_breaks(spec)
            upcoming = next((b for b in spec.breaks if b.start >= self.clock), None)
            length = min(minutes, upcoming.start - self.clock) if upcoming else minutes
            if length:
                self._add(Slot(SlotKind.ITEM, self.clock, self.clock + length, session, index, part))
                part += 1
            self.clock += length
            minutes -= length

    def _add(self, slot: Slot) -> None:
        """Append a slot to the current day, skipping empty ones (such as no flexible time at all)."""
        if slot.end > slot.start:
            self.slots[self.day].append(slot)

    def plans(self) -> tuple[DayPlan, ...]:
        """Return the days with trailing breaks and flexible time removed: a day ends with its last item."""
        plans = []
        for spec, slots in zip(self.days, self.slots):
            while slots and slots[-1].kind is not SlotKind.ITEM:
                slots.pop()
            plans.append(DayPlan(spec, _mark_single_parts(slots)))
        return tuple(plans)


def _mark_single_parts(slots: list[Slot]) -> tuple[Slot, ...]:
    """Return the slots with `part` cleared on items that ended up in one piece."""
    pieces: dict[tuple[int | None, int | None], int] = {}
    for slot in slots:
        if slot.kind is SlotKind.ITEM:
            pieces[(slot.session, slot.item)] = pieces.get((slot.session, slot.item), 0) + 1
    return tuple(
        Slot(s.kind, s.start, s.end, s.session, s.item, 0, s.label)
        if s.kind is SlotKind.ITEM and pieces[(s.session, s.item)] == 1
        else s
        for s in slots
    )


def longest_gap(day: DaySpec) -> int:
    """Return the longest stretch of a day with no break in it, in minutes."""
    edges = [day.start]
    for brk in day.breaks:
        edges += [brk.start, brk.end]
    edges.append(day.end)
    return max(edges[i + 1] - edges[i] for i in range(0, len(edges), 2))


def build_schedule(days: Sequence[DaySpec], sessions: Sequence[Session], split: bool = False) -> Schedule:
    """Return the sessions placed on the days, in order; stops at the first item that does not fit.

    `split` lets an item run on after a break instead of waiting for it. A session's `day`
    makes it start at the beginning of that day (counted from 0) unless earlier sessions
    already run into it.
    """
    placer = _Placer(days, split)
    problems: list[Problem] = []
    for session in sessions:
        if session.day is not None and not placer.start_on(session.day):
            problems.append(Problem(ProblemKind.DAY_TAKEN, session.index, None, placer.day))
        for index, item in enumerate(session.items):
            if not placer.place(session.index, index, item):
                problems.append(_unplaced(days, sessions, session, index, split))
                return Schedule(placer.plans(), tuple(problems))
    return Schedule(placer.plans(), tuple(problems))


def _unplaced(
    days: Sequence[DaySpec], sessions: Sequence[Session], session: Session, index: int, split: bool
) -> Problem:
    """Return why an item found no room: longer than any stretch between breaks, or the days are full."""
    item = session.items[index]
    if not split and item.minutes > max(longest_gap(day) for day in days):
        return Problem(ProblemKind.TOO_LONG, session.index, index, len(days) - 1, item.minutes)
    later = [s for s in sessions if s.index > session.index]
    left = sum(i.minutes for i in session.items[index:]) + sum(i.minutes for s in later for i in s.items)
    return Problem(ProblemKind.OVERRUN, session.index, index, len(days) - 1, left)


def long_stretches(plan: DayPlan, limit: int = LONGEST_STRETCH) -> list[tuple[int, int]]:
    """Return the (start, end) of each stretch of a day that runs longer than `limit` minutes without a break."""
    stretches: list[tuple[int, int]] = []
    begin: int | None = None
    last_end = 0
    for slot in plan.slots:
        if slot.kind is SlotKind.BREAK:
            if begin is not None:
                stretches.append((begin, slot.start))
            begin = None
        elif begin is None:
            begin = slot.start
        last_end = slot.end
    if begin is not None:
        stretches.append((begin, last_end))
    return [(start, end) for start, end in stretches if end - start > limit]


def last_item(plan: DayPlan) -> Slot | None:
    """Return the slot that ends a day, or None for a day with nothing in it."""
    return plan.slots[-1] if plan.slots else None

"""Materials to prepare: how many of each item a session needs for a number of participants."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.core.vocab import Per

if TYPE_CHECKING:  # a module as every stage reads it: a Module or a cached record of one
    from toolkit.module.model import Activity, Material
    from toolkit.module.snapshot import ModuleView

DEFAULT_PARTICIPANTS = 25


@dataclass(frozen=True)
class MaterialNeed:
    """One material of one activity, with the number of copies to prepare."""

    activity: Activity
    material: Material
    copies: int


def planned_participants(module: ModuleView) -> int:
    """Return the largest number in the module's `participants` text, or a default of 25."""
    numbers = [int(n) for n in re.findall(r"\d+", module.participants or "")]
    return max(numbers) if numbers else DEFAULT_PARTICIPANTS


def participant_range(module: ModuleView) -> tuple[int, int]:
    """Return the fewest and the most participants the module's `participants` text expects (25 when it says none)."""
    numbers = [int(n) for n in re.findall(r"\d+", module.participants or "")]
    return (min(numbers), max(numbers)) if numbers else (DEFAULT_PARTICIPANTS, DEFAULT_PARTICIPANTS)


def group_count(activity: Activity, participants: int) -> int:
    """Return how many groups an activity forms with `participants` people: its `groups`, or as `group_size` gives."""
    if activity.groups:
        return activity.groups
    if activity.group_size:
        return math.ceil(participants / activity.group_size)
    return 1


@dataclass(frozen=True)
class Grouping:
    """How an activity splits the participants, as the deck and guide say it ("4 groups of 4–8")."""

    groups: int | None  # a fixed number of groups, or None when `group_size` sets the size instead
    smallest: int  # the fewest people in a group, over the participants expected
    largest: int  # the most people in a group


def grouping(activity: Activity, participants: tuple[int, int]) -> Grouping | None:
    """Return how an activity splits `participants` (fewest, most) people; None for the whole group."""
    fewest, most = participants
    if activity.groups:
        return Grouping(activity.groups, max(1, fewest // activity.groups), math.ceil(most / activity.groups))
    if activity.group_size:
        return Grouping(None, activity.group_size, activity.group_size)
    return None


def copies_needed(material: Material, activity: Activity, participants: int) -> int:
    """Return how many of a material an activity needs for `participants` people."""
    if material.per == Per.PARTICIPANT:
        return material.quantity * participants
    if material.per == Per.GROUP:
        return material.quantity * group_count(activity, participants)
    return material.quantity


def material_needs(module: ModuleView, participants: int) -> list[MaterialNeed]:
    """Return every material of every activity, in plan order, with copies for `participants`."""
    return [
        MaterialNeed(activity, material, copies_needed(material, activity, participants))
        for activity in module.activities
        for material in activity.materials
    ]

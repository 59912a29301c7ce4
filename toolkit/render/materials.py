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


def copies_needed(material: Material, activity: Activity, participants: int) -> int:
    """Return how many of a material an activity needs for `participants` people."""
    if material.per == Per.PARTICIPANT:
        return material.quantity * participants
    if material.per == Per.GROUP:
        groups = math.ceil(participants / activity.group_size) if activity.group_size else 1
        return material.quantity * groups
    return material.quantity


def material_needs(module: ModuleView, participants: int) -> list[MaterialNeed]:
    """Return every material of every activity, in plan order, with copies for `participants`."""
    return [
        MaterialNeed(activity, material, copies_needed(material, activity, participants))
        for activity in module.activities
        for material in activity.materials
    ]

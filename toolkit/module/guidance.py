"""What docs/module-format.md recommends when writing a module, as the numbers the checks use.

Kept apart from the model, so the checks (which also run on modules the plain validator
accepted) need no pydantic.
"""

from __future__ import annotations

LINE_MAX_CHARS = 500  # a one-line text (a title, a bullet): longer is refused
BULLET_RECOMMENDED_CHARS = 70  # "short bullets (at most ~70 characters)"
BULLET_WARNING_CHARS = 100  # well past the recommendation: a translation may add a fifth, not this much
BULLET_ADVICE = "move the detail to the speaker notes or the handout"
OBJECTIVES_RECOMMENDED = (3, 5)  # learning objectives: "3–5, each starting with a verb"
LONGEST_WITHOUT_BREAK = 90  # minutes of activities in a row: past an hour and a half, attention and safety suffer
BREAK_SUGGESTED = 15  # minutes the message suggests for a break

# Charts and diagrams: how much one figure can show and still be read from the back of a room.
CHART_CATEGORIES_MAX = 12  # columns, bars or points per series; more read better as a table in the handout
PIE_SLICES_MAX = 6  # slices of a pie; past six, nobody compares the angles
DIAGRAM_ITEMS_MAX = {"process": 6, "cycle": 6, "matrix": 4, "comparison": 4, "timeline": 24}
DIAGRAM_ITEMS_MIN = {"process": 2, "cycle": 3, "matrix": 4, "comparison": 2, "timeline": 2}

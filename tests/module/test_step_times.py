"""Reading the minutes an activity's steps say they take, as the pack's trim rule does."""

from __future__ import annotations

import pytest

from toolkit.module.step_times import stated_minutes, steps_minutes


@pytest.mark.parametrize(
    ("step", "minutes"),
    [
        ("Give teams five minutes to prepare three arguments, each resting on an event.", [5]),
        ("Run the debate for ten minutes - two minutes per opening, then alternating replies.", [10]),
        ("Give groups 5 minutes to read, 25 minutes to discuss, and 10 minutes to prepare a report.", [5, 25, 10]),
        ("Each group presents its flipchart in three minutes; hold them to time (12 minutes).", [12]),
        ("Prepare a three-minute report (5 minutes); give a time check at ten and at two minutes.", [5]),
        ("Give a five-minute and a one-minute warning.", []),
        ("Give each group three minutes to report.", []),
        ("Allow 10–15 minutes for questions.", [10]),
        ("Each pair talks for 3 min.", [3]),
        ("Toutes les deux minutes, annoncez « On tourne ! » (18 minutes).", [18]),
        ("Formez des groupes de trois (2 minutes).", [2]),
        ("Dé cinco minutos para leer (2 minutos por grupo).", [5]),
        ("اعطِ المجموعات ١٠ دقائق للنقاش", [10]),
        ("Show the motion. Form two teams of about five.", []),
    ],
)
def test_stated_minutes(step, minutes):
    assert stated_minutes(step) == minutes


def test_steps_minutes_adds_up_every_step_or_says_nothing():
    steps = ["Show the motion.", "Give teams five minutes to prepare.", "Debate (10 minutes).", "Feedback, 5 min."]
    assert steps_minutes(steps) == (20, [5, 10, 5])
    assert steps_minutes(["Show the motion.", "Debate."]) is None
    assert steps_minutes([]) is None

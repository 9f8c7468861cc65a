"""What the science package refuses: numbers outside the range a formula was built for.

EveryrunError
└── ScienceInputError    a race, heart rate or trial a formula cannot sensibly take
"""

from __future__ import annotations

from everyrun.domain.errors import EveryrunError


class ScienceInputError(EveryrunError):
    """An input a published formula was not fitted for; the hint names the valid range."""

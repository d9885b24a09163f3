"""What a "~" figure may have been: the plausible range of an approximate count or share.

"~20" at a show of hands means "somewhere around 20", not 20.  A verdict that
holds only for 20 and not for 22 is not a finding, so every verdict is checked
at the ends of these ranges (see ``trends``).  The half-width is
``max(minimum, fraction x figure)``: plus or minus 2 people for "~20", plus or
minus 10 for "~100" with the default (2, 0.10).  A share ("~45%") gets the same
rule in percentage points, then becomes people through its base.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kernel.settings import SETTINGS_FILE

from .errors import PollDataError, Problem

#: The one approximation mark of the site, the report and the messages: "≈55", "≈45 %".
#: Organizers type "~"; readers see one mark for every approximate figure.
MARK = "\N{ALMOST EQUAL TO}"

#: (minimum, fraction): "~x" means x plus or minus max(minimum, fraction * x).
DEFAULT_APPROX_RANGE = (2, 0.10)


def range_problem(value: object) -> str | None:
    """What is wrong with a ``POLLS_APPROX_RANGE`` value (the setting's check), or None when it is usable."""
    if (not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
        return f"must be a pair (minimum, fraction) such as (2, 0.1), not {value!r}"
    minimum, fraction = float(value[0]), float(value[1])
    if minimum < 0 or not 0 <= fraction < 1:
        return f"needs a minimum >= 0 and a fraction in [0, 1), not {value!r}"
    return None


def check_range(value: object) -> tuple[float, float]:
    """``POLLS_APPROX_RANGE`` as (minimum, fraction); a PollDataError at the settings file says what is wrong."""
    problem = range_problem(value)
    if problem is not None:
        raise PollDataError(Problem(SETTINGS_FILE, 0, 0, f"POLLS_APPROX_RANGE {problem}"))
    return float(value[0]), float(value[1])


def half_width(figure: float, approx_range: Sequence[float] = DEFAULT_APPROX_RANGE) -> float:
    minimum, fraction = approx_range
    return max(float(minimum), float(fraction) * abs(float(figure)))


def count_range(count: int, approx: bool,
                approx_range: Sequence[float] = DEFAULT_APPROX_RANGE) -> tuple[int, int]:
    """Whole numbers of people "~count" may stand for (count itself when exact); never below 0."""
    if not approx:
        return int(count), int(count)
    spread = half_width(count, approx_range)
    # a tiny tolerance so that 55 +- 5.5 keeps 60 despite binary fractions
    return max(0, math.ceil(count - spread - 1e-9)), math.floor(count + spread + 1e-9)


def share_range(percent: float, approx_range: Sequence[float] = DEFAULT_APPROX_RANGE) -> tuple[float, float]:
    """Shares (0..1) "~percent %" may stand for, within 0..1."""
    spread = half_width(percent, approx_range)
    return max(0.0, (percent - spread) / 100), min(1.0, (percent + spread) / 100)


__all__ = ["DEFAULT_APPROX_RANGE", "MARK", "check_range", "count_range", "half_width", "share_range"]

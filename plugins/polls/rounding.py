"""Whole percents as readers check them by hand: 57.5 % is 58 %, never 57 %.

``share * 100`` is not exact in binary floating point: 23/40 is stored as
0.57499999999999995559, so rounding that product half up gives 57.  Rounding the
share to nine decimals first recovers the half that the count and base meant
(no meetup poll has a base near a billion, so nine decimals lose nothing real),
and a ``Fraction`` from count and base is exact whenever the caller has them.
"""

from __future__ import annotations

import math
from fractions import Fraction

#: Decimals a float share is rounded to before the half-up rounding.
SHARE_DECIMALS = 9


def whole_percent(share: float | Fraction) -> int:
    """0.575 -> 58, 0.285 -> 29, 0.853 -> 85: the share in whole percents, halves rounded up."""
    exact = share if isinstance(share, Fraction) else Fraction(f"{float(share):.{SHARE_DECIMALS}f}")
    return math.floor(exact * 100 + Fraction(1, 2))


def whole_percent_of(count: int, base: int) -> int:
    """count of base in whole percents, halves rounded up, computed exactly."""
    return whole_percent(Fraction(int(count), int(base)))

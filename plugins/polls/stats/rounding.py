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
    if isinstance(share, Fraction):
        return math.floor(share * 100 + Fraction(1, 2))
    # the share rounded to SHARE_DECIMALS as an integer number of units, then half up in integers:
    # exact like a Fraction, and fast enough for the thousands of cells a site formats
    units = round(float(share) * 10**SHARE_DECIMALS)
    return (units * 100 + 10**SHARE_DECIMALS // 2) // 10**SHARE_DECIMALS


def whole_percent_of(count: int, base: int) -> int:
    """count of base in whole percents, halves rounded up, computed exactly in integers."""
    count, base = int(count), int(base)
    return (200 * count + base) // (2 * base)

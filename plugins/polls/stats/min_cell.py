"""The small-cell rule's default threshold, apart from the rule itself (``suppression``, pandas).

The site's settings declare ``POLLS_MIN_CELL`` with this default at every build,
including builds that change no poll and so must not import pandas.
"""

from __future__ import annotations

DEFAULT_MIN_CELL = 10  # a cell of fewer people is suppressed

__all__ = ["DEFAULT_MIN_CELL"]

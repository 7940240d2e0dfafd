"""Reading numbers that people type: ASCII digits only.

`str.isdigit()` accepts superscripts and other Unicode digits ('²', '²⁰¹⁵') that `int()` then
refuses with a traceback, and `int()` accepts digits of other scripts ('٢٠١٥'); an argument or a
parameter is a whole number only when it is written with 0-9.
"""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[0-9]+")


def whole_number(value: object) -> int | None:
    """`value` as a whole number >= 0 if it is one (an int, or text of ASCII digits with
    surrounding blanks), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    return None

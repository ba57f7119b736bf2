"""CPV code repair: ``15861000``, ``15861000-1``, ``15861000.0``, ``"15861000-1 Kaffee"`` → ``15861000-1``.

The CPV check digit has no published algorithm that reproduces the official list, so a missing
check digit is only filled in when the code is known (``known`` maps the 8 digits to the full
code, e.g. from the label database's product-group CPV lists).  Otherwise the 8 digits are kept
without a check digit (``"15861000"``), still good for prefix matching.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_CPV_RE = re.compile(r"(?<!\d)(\d{8})(?:\s*-\s*(\d))?(?!\d)")
_FLOAT_RE = re.compile(r"^\s*(\d{7,8})\.0+\s*$")
_SHORT_RE = re.compile(r"^\s*(\d{7})(?:\s*-\s*(\d))?(?:\s.*)?$")


def repair_cpv(value: object, known: Mapping[str, str] | None = None) -> str | None:
    """The CPV code in ``value`` as ``nnnnnnnn-n`` (or ``nnnnnnnn`` when the check digit is unknown).

    Accepts ints, floats (``15861000.0`` from spreadsheets), strings with spaces or a trailing
    title, and 7-digit forms that lost their leading zero (``3121200`` → ``03121200``).  Returns
    ``None`` when no CPV code is found.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if value != value or value <= 0 or value >= 1e8 or not value.is_integer():
            return None
        text = str(int(value))
    elif isinstance(value, int):
        text = str(value)
    else:
        text = str(value)
    if len(text) > 200:
        text = text[:200]
    m_float = _FLOAT_RE.match(text)
    if m_float:
        text = m_float.group(1)
    digits: str | None = None
    check: str | None = None
    m = _CPV_RE.search(text)
    if m:
        digits, check = m.group(1), m.group(2)
    else:
        m7 = _SHORT_RE.match(text)
        if m7:
            digits, check = "0" + m7.group(1), m7.group(2)
    if digits is None or digits == "00000000":
        return None
    if check is not None:
        return f"{digits}-{check}"
    if known is not None:
        full = known.get(digits)
        if full is not None:
            return full
    return digits

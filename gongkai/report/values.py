"""Reading one printed cell: what was printed (``raw``) and what it says (``value``).

A cell is one of

* ``int``: a whole number (``3``, ``３``, `` 3 ``, ``-2`` where a change may be negative);
* ``decimal``: a decimal or an amount, with its unit if one was printed (``0.35``, ``1308353元``);
* ``blank``: nothing printed — blank is not zero;
* ``text``: anything else (``—``, ``/``, ``无``, ``22（其中修订 16 件）``), kept as printed and flagged.

A cell a reader left unread (absent from the report, named in a warning) is printed by
gongkai's renderers as :data:`UNREAD_MARK`, so that it is told from a blank one; the readers
take that mark (:func:`is_unread_mark`) back as unread, never as a value.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Full-width digits, signs and punctuation → ASCII.
_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．－＋，"}
_SPACES = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_INT = re.compile(r"[+-]?\d+")
_GROUPED_INT = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")
_UNITS = "万元|亿元|元|万|件|个|项|次|人次|份|条"
_DECIMAL = re.compile(r"(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<unit>" + _UNITS + ")?")

KINDS = ("int", "decimal", "blank", "text")

# What a renderer prints for a cell whose value is not known (left unread): a question mark,
# full-width as in Chinese text. No report prints one as a count; a reader that meets it
# (either width, alone in a cell) leaves the cell unread with a warning.
UNREAD_MARK = "？"
_UNREAD_MARKS = frozenset({"？", "?"})


def normalize(raw: str) -> str:
    """Trim every kind of space and fold full-width digits: the text a number is read from."""
    if raw.isascii():
        return _SPACES.sub("", raw)  # nothing to fold
    return _SPACES.sub("", raw.translate(_FULLWIDTH))


def is_blank(raw: str) -> bool:
    """Nothing but spaces of any kind (what :func:`normalize` empties)."""
    return not raw or _SPACES.fullmatch(raw) is not None


def is_unread_mark(raw: str | None) -> bool:
    """``？`` (or ``?``) alone in a cell: printed for a value not known (see :data:`UNREAD_MARK`)."""
    return raw is not None and len(raw) <= 8 and raw.strip(" \t\u00a0\u3000") in _UNREAD_MARKS


def clean(raw: str) -> str:
    """The printed text, trimmed at both ends (inner spaces kept): how text cells are reported."""
    return _SPACES.sub(" ", raw).strip()


def read(raw: str | None) -> tuple[str, int | Decimal | str | None, str | None]:
    """Read printed text. Returns ``(kind, value, unit)``.

    ``value`` is an ``int`` for ``int``, a ``Decimal`` for ``decimal``, ``None`` for
    ``blank`` and the cleaned printed text for ``text``.
    """
    if raw is None:
        return "blank", None, None
    if raw.isascii() and raw.isdigit() and (len(raw) == 1 or raw[0] != "0"):
        return "int", int(raw), None  # the common case, without the regular expressions below
    text = normalize(raw)
    if text == "":
        return "blank", None, None
    if _INT.fullmatch(text):
        return "int", int(text), None
    if _GROUPED_INT.fullmatch(text):
        return "int", int(text.replace(",", "")), None
    m = _DECIMAL.fullmatch(text)
    if m:
        try:
            number = Decimal(m["num"].replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return "text", clean(raw), None
        unit = m["unit"]
        if unit is None and number == number.to_integral_value() and "." not in m["num"]:
            return "int", int(number), None
        return "decimal", number, unit
    return "text", clean(raw), None

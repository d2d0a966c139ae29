"""Setting Chinese text in lines, for every PDF gongkai draws (reports and letters).

Any character may end a line (no spaces needed), except that closing punctuation never starts
a line (it hangs at the end of the previous one, 避头点/标点悬挂) and an opening bracket or
quotation mark never ends one. Digits and Latin letters are kept together.
"""

from __future__ import annotations

from collections.abc import Callable

NO_LINE_START = set("，。、；：？！）》」』】〕’”%,.;:?!)]}…—·")
NO_LINE_END = set("（《「『【〔‘“([{")


def wrap_cjk(text: str, width: float, measure: Callable[[str], float], first_indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` the way Chinese is set.

    Any character may end a line (no spaces needed), except that closing punctuation never
    starts a line (it hangs at the end of the previous one, 标点悬挂) and an opening bracket or
    quotation mark never ends one. Digits and Latin letters are kept together.
    """
    lines: list[str] = []
    line, used, limit = "", 0.0, width - first_indent
    i = 0
    while i < len(text):
        ch = text[i]
        token = ch
        if ch.isascii() and ch.isalnum():  # keep 2026, 12345678, ABC together
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in "-."):
                j += 1
            token = text[i:j]
        w = measure(token)
        if line and used + w > limit and token[0] not in NO_LINE_START:
            carry = ""
            while line and line[-1] in NO_LINE_END:
                carry = line[-1] + carry
                line = line[:-1]
            lines.append(line)
            line, used, limit = carry, measure(carry) if carry else 0.0, width
        line += token
        used += w
        i += len(token)
    lines.append(line)
    return lines

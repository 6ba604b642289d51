"""Conventions of official drafts that the parser and the rules share: Chinese numerals, the
standard ordinal styles, the phrases that open and close a speech's last part.

Kept apart from the parser so that a rule needing a numeral does not import the parser: a
run answered from the cache imports every rule module but parses nothing.
"""

from __future__ import annotations

from speechlint.speed.lazyre import lazy

_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (up to 99)."""
    if not numeral:
        return None
    if numeral in _CN_DIGIT:
        return _CN_DIGIT[numeral]
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        t = _CN_DIGIT.get(tens) if tens else 1
        o = _CN_DIGIT.get(ones) if ones else 0
        if t is None or o is None or "十" in ones:
            return None
        return t * 10 + o
    return None


_CN_DIGITS = "〇一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (1 to 99; other numbers stay Arabic)."""
    if not 0 < n < 100:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


# The standard styles of GB/T 9704-2012 7.3.3 (and the circled numbers of GB/T 15834 附录 B).
STANDARD_STYLES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）", 5: "①"}

CLOSING_START = lazy(
    r"^(?:同志们|同志们、朋友们|各位代表|各位委员|各位代表、同志们|朋友们|女士们、先生们)[，,！!]"
)
# The phrases that close a speech: found anywhere in a text, or (谢谢！, 请予审议) making up
# its beginning. Two patterns, not one alternation: a branch that begins with ^ takes away
# re's test of the first character for the whole search, which then tries every branch at
# every position (4x slower on a paragraph of 200 characters; the parser asks four times a
# draft).
_CLOSING_ANYWHERE = lazy(
    r"谢谢大家|谢谢各位|我就讲这些|我就讲这么多|我就讲到这里|就讲这些|就讲到这里"
    r"|预祝.{0,30}圆满成功|以上(?:报告|发言|汇报)，?请(?:予)?审议"
)
# With match(): at the text's start. A letter (慰问信, 贺信) closes with 此致 / 敬礼！.
_CLOSING_AT_START = lazy(r"谢谢[！!。]?$|请予审议|此致[ \u3000]*$|敬礼[！!]?$")


def has_closing_phrase(text: str) -> bool:
    """Whether text holds a closing phrase (谢谢大家, 我就讲这些, 预祝…圆满成功, …) or is 谢谢."""
    return bool(_CLOSING_ANYWHERE.search(text) or _CLOSING_AT_START.match(text))


# Headings that are never numbered: a report's closing words, a foreword. The parser reads such
# a line as a heading, and NU009 does not ask for its ordinal.
CONVENTIONAL_HEADING = lazy(r"(?:结束语|结语|结束词|前言|引言|序言|导言|开头语)$")

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


# The addressee that ends a salutation run into other text, and its colon (…的讲话同志们：,
# 编者按：……。各位代表：): what the parser and ST004 look for where no line of its own holds it.
RUN_IN_ADDRESSEE = r"(?:同志们|代表们|朋友们|委员们|同志|代表|委员)[ \u3000]*[：:]"


# Headings that are never numbered: a report's closing words, a foreword. The parser reads such
# a line as a heading, and NU009 does not ask for its ordinal.
CONVENTIONAL_HEADING = lazy(r"(?:结束语|结语|结束词|前言|引言|序言|导言|开头语)$")


# The most common surnames (about nine in ten people bear one): a token that starts with one
# may be a name; 加强 工会 工作, spaced words, start with none.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


def is_name_row(text: str) -> bool:
    """A row of a list of names set apart by spaces (王明  李强  张华  刘洋): part of the
    text, not a heading, and its spaces are meant. Three names or more, each of two to four
    characters, most of two or three and most with a common surname (a heading set out in
    four-character phrases, 凝心聚力 真抓实干 开创新局, and spaced words, 加强 工会 工作,
    are not)."""
    names = text.split()
    if len(names) < 3 or not all(2 <= len(n) <= 4 for n in names):
        return False
    short = sum(len(n) <= 3 for n in names)
    surnamed = sum(n[0] in _SURNAMES for n in names)
    return short * 2 > len(names) and surnamed * 2 > len(names)

"""Chinese numerals (三十, 一百零五, 二点五) to numbers, without importing cn2an for the
usual forms: cn2an takes ~0.1 s to import (a one-file run's budget), so it is loaded only
for a numeral this module does not read itself. The answers are cn2an's ``"smart"`` mode
(``tests/test_numerals.py`` compares them on every numeral up to four characters)."""

from __future__ import annotations

from functools import cache

import regex

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_D = "一二两三四五六七八九"
# the forms read here: 十, 十五, 三十, 三十五, 三百, 一百零五, 一百二十, 一百二十五 (else cn2an)
_INTEGER = regex.compile(
    rf"(?:(?P<h>[{_D}])百(?:(?P<t>[{_D}])十(?P<u>[{_D.replace('两', '')}])?|零(?P<z>[{_D.replace('两', '')}]))?"
    rf"|(?P<t2>[{_D.replace('两', '')}])?十(?P<u2>[{_D.replace('两', '')}])?"
    rf"|(?P<one>[零〇{_D}]))"
)
_DECIMALS = regex.compile(r"[零〇一二三四五六七八九]+")


def _integer(s: str) -> int | None:
    m = _INTEGER.fullmatch(s)
    if m is None:
        return None
    g = {k: _DIGIT[v] for k, v in m.groupdict().items() if v}
    if "one" in g:
        return g["one"]
    if "h" in g:
        return g["h"] * 100 + g.get("t", 0) * 10 + g.get("u", 0) + g.get("z", 0)
    return g.get("t2", 1) * 10 + g.get("u2", 0)


@cache
def cn_number(s: str) -> int | float:
    """The value of a Chinese numeral as cn2an's ``cn2an(s, "smart")`` gives it (an int, or a
    float with a decimal point); raises ``ValueError`` when it is not a numeral.

    >>> cn_number("一百零五"), cn_number("二点五"), cn_number("十五")
    (105, 2.5, 15)
    """
    whole, dot, frac = s.partition("点")
    n = _integer(whole)
    if n is not None and not dot:
        return n
    if n is not None and _DECIMALS.fullmatch(frac) and "两" not in frac:
        return float(f"{n}.{''.join(str(_DIGIT[c]) for c in frac)}")
    import cn2an  # the rarer forms (二〇二一, 一千零一十, 两万五)

    return cn2an.cn2an(s, "smart")


__all__ = ["cn_number"]

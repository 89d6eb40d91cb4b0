"""Chinese numerals read without cn2an give cn2an's answers (its ``"smart"`` mode), on every
numeral of up to three characters and every decimal of the forms read directly."""

from __future__ import annotations

import itertools
import subprocess
import sys

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.recognize import numerals

CHARS = "零〇一二两三四五六七八九十百千"


def outcome(fn, s: str):
    try:
        value = fn(s)
    except (ValueError, KeyError, IndexError, TypeError) as err:
        return "error", type(err).__name__
    return type(value).__name__, value


def reference(s: str):
    return outcome(lambda x: cn2an.cn2an(x, "smart"), s)


def test_every_short_numeral_as_cn2an() -> None:
    strings = ["".join(t) for n in range(1, 4) for t in itertools.product(CHARS, repeat=n)]
    assert [outcome(numerals.cn_number, s) for s in strings] == [reference(s) for s in strings]
    assert sum(numerals._integer(s) is not None for s in strings) > 100  # most common forms skip cn2an


def test_decimals_as_cn2an() -> None:
    wholes = [s for n in range(1, 4) for t in itertools.product(CHARS, repeat=n) if numerals._integer(s := "".join(t))
              is not None]
    fracs = ["".join(t) for n in range(1, 3) for t in itertools.product("零〇一二两三五九", repeat=n)]
    strings = [f"{w}点{f}" for w in wholes for f in fracs]
    assert [outcome(numerals.cn_number, s) for s in strings] == [reference(s) for s in strings]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=99_999))
def test_written_numbers_read_back(n: int) -> None:
    s = cn2an.an2cn(n)
    assert outcome(numerals.cn_number, s) == reference(s) == ("int", n)


@pytest.mark.parametrize(("text", "value"), [("十五", 15), ("三十", 30), ("一百零五", 105), ("九十", 90),
                                             ("二点五", 2.5), ("两", 2), ("二〇二一", 2021), ("一千零一十", 1010)])
def test_values(text: str, value: float) -> None:
    assert numerals.cn_number(text) == value


def test_common_numerals_do_not_import_cn2an() -> None:
    code = ("import sys; from extract.recognize.numerals import cn_number; "
            "v = [cn_number(s) for s in ('三十', '九十', '十五', '二点五', '一百二十')]; "
            "print('cn2an' in sys.modules, v)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False [30, 90, 15, 2.5, 120]"

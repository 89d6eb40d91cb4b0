"""Pathological inputs stay near-linear: the work is counted, not timed (a quadratic step
shows as a count that grows with the square of the input). Sizes here are small; the large
ones (40,000 repeats of a character, a 5 MB single line, thousands of sentences) run in
``bench/bench_pathological.py``."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.dedup import find_internal_duplicates
from extract.dedup import internal as dedup_internal
from extract.pipeline import extract_text


def count_calls(monkeypatch: pytest.MonkeyPatch, module, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("n", [2_000, 8_000])
def test_a_repeated_character_compacts_each_sentence_once(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    # before: compact_offsets of the whole sentence once per place a 30-character piece was
    # found in it (n times: quadratic in n)
    calls = count_calls(monkeypatch, dedup_internal, "compact_offsets")
    text = "限" * n
    find_internal_duplicates(text, [(0, n)], [])
    assert calls[0] <= 3


def test_a_repeated_character_extracts(monkeypatch: pytest.MonkeyPatch) -> None:
    notice = extract_text("限" * 5_000)
    assert notice.rules == [] and notice.periods == []


def many_sentences(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "\n".join(
        f"{rng.choice(['钢铁', '焦化', '水泥', '铸造'])}企业第{i}条措施限产{rng.randint(1, 99)}%,持续{rng.randint(1, 300)}天。"
        for i in range(n)
    )


@pytest.mark.parametrize("n", [300, 1_200])
def test_long_runs_are_not_compared_by_difflib(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    # a long copied run: its similarity is the shingle Jaccard, not difflib's quadratic ratio
    sizes: list[int] = []
    real = difflib.SequenceMatcher

    def matcher(junk, a, b, autojunk=True):
        sizes.append(len(a) * len(b))
        return real(junk, a, b, autojunk=autojunk)

    monkeypatch.setattr(dedup_internal.difflib, "SequenceMatcher", matcher)
    body = many_sentences(n)
    text = body + "\n" + body
    out = find_internal_duplicates(text, [], [])
    assert [g.kind for g in out.groups] == ["paragraph"]
    assert out.groups[0].similarity == 1.0
    assert max(sizes, default=0) <= 4_000_000


def brute_occurrences(keys: list[str], wanted: list[int]) -> list[tuple[int, int, int]]:
    """The search _occurrences replaced: every place of each key in the joined keys."""
    joined = "\x00".join(keys)
    owner = [i for i, k in enumerate(keys) for _ in range(len(k) + 1)]
    starts = [0]
    for k in keys:
        starts.append(starts[-1] + len(k) + 1)
    out = []
    for i in wanted:
        pos = joined.find(keys[i])
        while pos >= 0:
            other = owner[pos]
            if other != i and len(keys[other]) > len(keys[i]):
                out.append((i, other, pos - starts[other]))
            pos = joined.find(keys[i], pos + 1)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="限产停", min_size=3, max_size=14), min_size=1, max_size=12))
def test_occurrences_equal_a_search_of_every_key(keys: list[str]) -> None:
    wanted = [i for i, k in enumerate(keys) if len(k) >= 3]
    assert list(dedup_internal._occurrences(keys, wanted, 3)) == brute_occurrences(keys, wanted)


def test_occurrences_of_corpus_like_keys() -> None:
    keys = [k for k in many_sentences(400).replace(",", "").replace("%", "").split("。\n")]
    keys += [keys[5] + keys[6], "前缀" + keys[7], keys[8][:-3]]
    wanted = [i for i, k in enumerate(keys) if len(k) >= 12]
    found = list(dedup_internal._occurrences(keys, wanted, 12))
    assert found == brute_occurrences(keys, wanted)
    assert {(i, o) for i, o, _ in found} >= {(5, 400), (6, 400), (7, 401)}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="《》ab", max_size=20), st.integers(0, 20), st.integers(0, 20))
def test_title_marks_answer_as_a_backward_search(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    inside = text[start:end].rstrip("》")
    expected = text.rfind("《", 0, start) > text.rfind("》", 0, start) and "》" not in inside and "《" not in inside
    assert dedup_internal._TitleMarks(text).around((start, end)) == expected


def test_many_sentences_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_calls(monkeypatch, dedup_internal, "_add_paragraph_group")
    body = many_sentences(600)
    notice = extract_text(body + "\n" + body)
    assert calls[0] == 1  # the whole repeated body is one copy
    assert len(notice.duplicates) == 1

"""LSH banding over one signature matrix: the same candidate pairs as ``datasketch.MinHashLSH``
(the index it replaces) on the corpus and on synthetic paragraphs, exact under hash
collisions, and signatures computed from texts equal to datasketch's MinHash."""

from __future__ import annotations

import random
import zlib
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from extract.dedup import lsh
from extract.dedup.internal import _key
from extract.dedup.shingles import SENTENCE, compact, minhashes, shingles, signatures
from extract.dedup.shingles import settings as dedup_settings
from extract.normalize import normalize_text
from tests.conftest import CORPUS_FILES


@cache
def corpus_texts() -> list[str]:
    return [normalize_text(p.read_text(encoding="utf-8")) for p in CORPUS_FILES]


@cache
def corpus_sentences() -> list[str]:
    """Every sentence key of the corpus that internal dedup would hash (≥ min_sentence_chars)."""
    floor = dedup_settings()["paragraph"]["min_sentence_chars"]
    keys = [_key(t, m.start(), m.end()) for t in corpus_texts() for m in SENTENCE.finditer(t)]
    return [k for k in keys if len(k) >= floor]


def synthetic(n: int, seed: int = 7) -> list[str]:
    """Paragraphs of corpus sentences, a twentieth of them edited copies of an earlier one."""
    rng = random.Random(seed)
    pool = sorted(set(corpus_sentences()))
    chars = sorted({c for s in pool for c in s})
    out: list[str] = []
    for i in range(n):
        if i > 10 and rng.random() < 0.05:
            p = list(out[rng.randrange(i)])
            for at in rng.sample(range(len(p)), min(len(p), rng.randint(1, 10))):
                p[at] = rng.choice(chars)
            out.append("".join(p))
        else:
            text = ""
            while len(text) < 200:
                text += rng.choice(pool)
            out.append(text[:240])
    return out


def datasketch_pairs(sig: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """The pairs the replaced index returned: insert every signature, query every one."""
    datasketch = pytest.importorskip("datasketch")
    index = datasketch.MinHashLSH(threshold=threshold, num_perm=sig.shape[1])
    seed = dedup_settings()["shingles"]["seed"]
    mh = [datasketch.LeanMinHash(seed=seed, hashvalues=row, scheme="affine32") for row in sig]
    for i, m in enumerate(mh):
        index.insert(i, m)
    return {(min(i, j), max(i, j)) for i, m in enumerate(mh) for j in index.query(m) if j != i}


def as_set(pairs: np.ndarray) -> set[tuple[int, int]]:
    return set(map(tuple, pairs.tolist()))


@pytest.mark.parametrize("threshold", [0.2, 0.3, 0.5, 0.7, 0.8, 0.9])
@pytest.mark.parametrize("num_perm", [32, 64, 128])
def test_band_parameters_equal_datasketch(threshold: float, num_perm: int) -> None:
    datasketch_lsh = pytest.importorskip("datasketch.lsh")
    assert lsh.lsh_params(threshold, num_perm) == datasketch_lsh._optimal_param(threshold, num_perm, 0.5, 0.5)


@pytest.mark.parametrize(
    ("texts", "threshold"),
    [
        pytest.param(corpus_texts, 0.2, id="corpus-documents"),  # no two notices are near copies at 0.5
        pytest.param(corpus_sentences, 0.5, id="corpus-sentence-keys"),
        pytest.param(lambda: synthetic(3000), 0.5, id="synthetic-3000-paragraphs"),
    ],
)
def test_candidate_pairs_equal_datasketch(texts, threshold: float) -> None:
    sig = signatures(texts())
    ours = lsh.candidate_pairs(sig, threshold)
    expected = datasketch_pairs(sig, threshold)
    assert as_set(ours) == expected
    assert len(ours) == len(expected)  # each pair once
    assert len(expected) > 0  # the comparison is not vacuous
    assert ours.tolist() == sorted(ours.tolist())


def test_signatures_equal_datasketch_minhash() -> None:
    datasketch = pytest.importorskip("datasketch")
    texts = [t[i : i + 300] for t in corpus_texts()[:3] for i in range(0, 3000, 290)]
    texts += ["", "错峰", "。，", "错 峰 生 产", "限产30%左右", "𠀀𠀁𠀂𠀃𠀄 x", "a", "。错峰生产。" * 3]
    cfg = dedup_settings()["shingles"]
    ref = datasketch.MinHash.bulk([list(shingles(t)) for t in texts], num_perm=cfg["num_perm"], seed=cfg["seed"],
                                  hashfunc=zlib.crc32)
    expected = np.array([m.hashvalues for m in ref], dtype=np.uint32)
    assert np.array_equal(signatures(texts), expected)
    assert np.array_equal(signatures(texts, chunk_chars=40), expected)  # chunking changes nothing
    assert np.array_equal(minhashes([shingles(t) for t in texts], chunk=3), expected)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="错峰生产限 30%,。\n𠀀", max_size=12), max_size=12))
def test_signature_rows_do_not_depend_on_neighbours(texts: list[str]) -> None:
    together = signatures(texts)
    alone = [signatures([t])[0] for t in texts]
    assert [row.tolist() for row in together] == [row.tolist() for row in alone]
    for t, row in zip(texts, together, strict=True):
        assert (row == np.iinfo(np.uint32).max).all() == (not compact(t))


def brute_force(sig: np.ndarray, b: int, r: int) -> set[tuple[int, int]]:
    n = len(sig)
    return {
        (i, j)
        for i in range(n)
        for j in range(i + 1, n)
        if any(np.array_equal(sig[i, x * r : (x + 1) * r], sig[j, x * r : (x + 1) * r]) for x in range(b))
    }


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint32, st.tuples(st.integers(0, 40), st.just(64)), elements=st.integers(0, 2)),
       st.booleans())
def test_pairs_are_the_rows_agreeing_on_a_band(monkeypatch_sig: np.ndarray, small: bool) -> None:
    b, r = lsh.lsh_params(0.5, 64)
    sig = monkeypatch_sig
    got = lsh._small_pairs(sig, b, r) if small else np.concatenate(
        [np.empty((0, 2), np.int64), *[p for p in _numpy_path(sig)]])
    assert as_set(got) == brute_force(sig, b, r)
    assert got.tolist() == sorted(got.tolist())


def _numpy_path(sig: np.ndarray):
    saved, lsh._SMALL = lsh._SMALL, 0
    try:
        return list(lsh.iter_candidate_pairs(sig, 0.5))
    finally:
        lsh._SMALL = saved


@pytest.mark.parametrize("rows", [60, 300])  # the dict path for a few rows, numpy beyond
def test_hash_collisions_never_add_pairs(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    rng = np.random.default_rng(3)
    sig = rng.integers(0, 3 if rows < 100 else 2, size=(rows, 64), dtype=np.uint32)
    sig[:, 8:] = rng.integers(0, 1000, size=(rows, 56))  # only the first two bands collide often
    expected = as_set(lsh.candidate_pairs(sig, 0.5))
    monkeypatch.setattr(lsh, "band_keys", lambda band: np.zeros(len(band), dtype=np.uint64))  # every key collides
    assert as_set(lsh.candidate_pairs(sig, 0.5)) == expected == brute_force(sig, *lsh.lsh_params(0.5, 64))
    assert len(expected) > 0


def test_blocks_give_the_same_pairs() -> None:
    sig = signatures(synthetic(600, seed=3))
    assert lsh._small_pairs(sig, *lsh.lsh_params(0.5, 64)).tolist() == lsh.candidate_pairs(sig, 0.5).tolist()
    whole = lsh.candidate_pairs(sig, 0.5)
    blocks = list(lsh.iter_candidate_pairs(sig, 0.5, budget=50))
    assert np.concatenate(blocks).tolist() == whole.tolist()
    assert len(blocks) > 1  # the budget really cut the pairs into blocks
    assert len(whole) > 0


def test_one_row_or_none_has_no_pairs() -> None:
    assert lsh.candidate_pairs(np.zeros((1, 64), np.uint32), 0.5).shape == (0, 2)
    assert lsh.candidate_pairs(np.zeros((0, 64), np.uint32), 0.5).shape == (0, 2)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=300), st.integers(0, 2**31))
def test_signature_rows_are_the_same_in_one_product_or_column_by_column(sizes: list[int], seed: int) -> None:
    from extract.dedup import shingles as sh

    counts = np.array(sizes, dtype=np.int64)
    hv = np.random.default_rng(seed).integers(0, 2**32, int(counts.sum()), dtype=np.uint64).astype(np.uint32)
    at_once = sh._AT_ONCE
    try:
        sh._AT_ONCE = 0  # every permutation on its own
        by_column = sh._min_rows(hv, counts)
        sh._AT_ONCE = 1 << 40  # all in one product
        whole = sh._min_rows(hv, counts)
    finally:
        sh._AT_ONCE = at_once
    assert np.array_equal(by_column, whole)
    assert (whole[counts == 0] == np.iinfo(np.uint32).max).all()

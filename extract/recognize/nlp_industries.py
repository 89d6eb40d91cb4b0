"""The spaCy path for industries the taxonomy does not hold (optional: ``pip install 'cuofeng[nlp]'``).

A blank ``zh`` pipeline segmented by jieba, with a user dictionary generated from
``industries.toml`` (names, aliases, units) and the gazetteer (``regions.toml``) so that
canonical names stay whole; an ``EntityRuler`` labels the taxonomy (``INDUSTRY``, id = the
canonical name) and the ``open_industry_heads`` component proposes unknown industries from
tokens: the tokens before an industry head (行业/企业集群/…, or 企业/a measure after a name
that ends like an industry) and the members of a 、-list whose other members are taxonomy
industries. Candidates pass the same checks as the character path
(``is_open_industry_name``). Nothing is downloaded: blank ``zh`` needs no model and jieba
ships its dictionary. ``bench/bench_open_industries.py`` compares both paths; the character
path (``extract.recognize.open_industries``) is the default.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from extract.core.errors import CuofengError
from extract.recognize.industries import taxonomy
from extract.recognize.open_industries import is_open_industry_name, open_words
from extract.recognize.regions import gazetteer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class NlpUnavailableError(CuofengError):
    """spaCy or jieba is not installed (``pip install 'cuofeng[nlp]'``)."""


def user_words() -> list[str]:
    """The jieba user dictionary: every taxonomy word and every place name, longest first."""
    words = {w for e in taxonomy().values() for w in (e.name, *e.aliases, *e.units)}
    words |= set(gazetteer().surface)
    return sorted((w for w in words if len(w) >= 2), key=lambda w: (-len(w), w))


@cache
def build_pipeline() -> Language:
    """The pipeline (built once): blank zh + jieba with the user dictionary, the taxonomy
    ``entity_ruler`` and ``open_industry_heads``."""
    try:
        import jieba
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise NlpUnavailableError("the spaCy path needs `pip install 'cuofeng[nlp]'` (spacy, jieba)") from exc
    jieba.setLogLevel(60)
    for w in user_words():
        jieba.add_word(w, freq=10**6)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    patterns = [{"label": "INDUSTRY", "pattern": w, "id": e.name}
                for e in taxonomy().values() for w in (e.name, *e.aliases, *e.units)]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    if "open_industry_heads" not in Language.factories:
        Language.component("open_industry_heads", func=_propose)
    nlp.add_pipe("open_industry_heads", after="entity_ruler")
    return nlp


_BOUNDARY_TOKENS = frozenset("的对等和及与或在为是将把被由从向于到,;。:、()《》\n\t ")


def _propose(doc: Doc) -> Doc:
    """Put unknown industry spans in ``doc.spans["open_industries"]``."""
    w = open_words()
    known = {t.i for ent in doc.ents for t in ent}
    heads = {h for h in (*w.strong, "企业", "生产线")}
    found = []

    def candidate(lo: int, hi: int) -> None:
        while lo < hi and (doc[lo].text in _BOUNDARY_TOKENS or w.lead.fullmatch(doc[lo].text)
                           or doc[lo].text.startswith(w.prefixes)):
            lo += 1
        if lo < hi and not any(i in known for i in range(lo, hi)):
            span = doc[lo:hi]
            if is_open_industry_name(span.text):
                found.append(span)

    for t in doc:  # heads: 钢锹企业集群, 木材加工企业, 鞋服行业
        if t.text in heads and t.i > 0:
            lo = t.i
            while lo > 0 and doc[lo - 1].text not in _BOUNDARY_TOKENS and not doc[lo - 1].like_num \
                    and doc[lo - 1].i not in known and t.i - lo < 4:
                lo -= 1
            if lo < t.i:
                name = doc[lo : t.i].text
                if t.text in w.strong and not w.strong_follow.match(doc.text, t.idx + len(t.text)):
                    continue
                if t.text in w.strong or name.endswith(w.tails):
                    candidate(lo, t.i)
    # lists: members between 、 with at least one taxonomy member
    start = 0
    for t in [*doc, None]:
        if t is not None and t.text not in ",;。:\n" and t.text != "等":
            continue
        end = t.i if t is not None else len(doc)
        seps = [i for i in range(start, end) if doc[i].text == "、"]
        if seps:
            bounds = [start, *seps, end]
            members = [(bounds[k] + (k > 0), bounds[k + 1]) for k in range(len(bounds) - 1)]
            first_lo, first_hi = members[0]
            lo = first_hi
            while lo > first_lo and doc[lo - 1].text not in _BOUNDARY_TOKENS and first_hi - lo < 3:
                lo -= 1
            members[0] = (lo, first_hi)
            share = sum(any(i in known for i in range(a, b)) for a, b in members) / len(members)
            if share >= w.list_known_share:
                for a, b in members:
                    while b > a and (w.trail.fullmatch(doc[b - 1].text) or doc[b - 1].text in heads):
                        b -= 1
                    candidate(a, b)
        start = end + 1
    doc.spans["open_industries"] = found
    return doc


def find_open_industries_nlp(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the unknown industries the spaCy path proposes in ``text``."""
    doc = build_pipeline()(text)
    return sorted({(s.start_char, s.end_char, s.text) for s in doc.spans["open_industries"]})

"""Pairing notices across seasons when metadata is misread: similarity, --pair, nearest candidates."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_file, extract_text
from extract.core.models import Jurisdiction, Notice
from extract.diff import DiffError, diff_notices, format_diff, match_notices, parse_pair, similarity
from extract.diff.pairing import pairing_settings
from tests.conftest import CORPUS_FILES
from tests.test_diff import _PLAN

_BODY = _PLAN.replace("20xx年10月21日-20xx年3月31日", "2021年10月21日-2022年3月31日", 1)
DRAFT = "关于征求《冬季工业企业错峰生产方案（征求意见稿）》意见的函\n" + _BODY
FINAL = (
    "洪洞县2021-2022年冬季工业企业错峰生产方案\n"
    + _BODY.replace("限产20%", "限产不低于20%", 1).replace("4.被评定为d级的企业，错峰停产。\n（三）", "（三）", 1)
    + "\n（四）陶瓷行业\n1.被评定为b级的企业，限产30%。\n"
)


@pytest.fixture(scope="module")
def draft_final() -> tuple[Notice, Notice]:
    draft = extract_text(DRAFT, "drafts/hongtong_draft.txt")
    # the case: the draft's jurisdiction misread as the whole country
    draft = draft.model_copy(update={"jurisdiction": Jurisdiction(level="national", name="全国")})
    final = extract_text(FINAL, "final/hongtong_final.txt")
    assert final.jurisdiction.name == "洪洞县"
    return draft, final


def test_draft_and_final_pair_by_content_despite_misread_metadata(draft_final) -> None:
    draft, final = draft_final
    d = diff_notices([draft], [final])
    assert not d.added and not d.removed
    (n,) = d.notices
    assert n.matched_by == "similarity" and n.similarity is not None
    assert n.similarity >= pairing_settings().threshold
    (changed,) = n.rules_changed
    assert (changed.old.industry, changed.fields) == ("铸造用生铁", ["bound"])
    assert (changed.old.action.bound, changed.new.action.bound) == (None, "min")
    (added,) = n.rules_added
    assert (added.industry, added.condition.grades, added.action.ratio) == ("陶瓷", ["B"], 0.3)
    (removed,) = n.rules_removed
    assert (removed.industry, removed.condition.grades, removed.action.type) == ("铸造", ["D"], "stop")
    assert diff_notices([final], [draft]) == d.mirrored()


def test_unrelated_corpus_notices_never_pair_by_content() -> None:
    # the seeds and the dev excerpts are 27 different notices (the blind batches hold pairs and copies)
    notices = [extract_file(str(p)) for p in CORPUS_FILES if not p.name[:3].isdigit() or p.name[:3] < "100"]
    worst = max(similarity(a, b) for i, a in enumerate(notices) for b in notices[i + 1 :])
    assert worst < pairing_settings().threshold
    pairs, _, _ = match_notices(notices[::2], notices[1::2])
    assert all(how != "similarity" for _, _, how, _ in pairs)


def test_below_threshold_stays_unpaired_with_nearest_listed(draft_final) -> None:
    draft, final = draft_final
    other = extract_text("唐山市2021年9月份钢铁企业限产方案\n钢铁企业：b级企业限产20%。", "ts.txt")
    d = diff_notices([draft], [other])
    assert not d.notices
    (removed,) = d.removed
    assert removed.doc.source == draft.source and removed.nearest is not None
    assert removed.nearest.source == "ts.txt"
    assert removed.similarity is not None and 0 < removed.similarity < pairing_settings().threshold
    text = format_diff(d)
    assert f"- document 全国 | {draft.title} [{draft.source}]  (nearest: ts.txt, similarity {removed.similarity:.2f}" in text


def test_forced_pair_wins_over_title_and_similarity(draft_final) -> None:
    draft, final = draft_final
    same_title = final.model_copy(update={"doc_id": "x", "source": "old/hongtong_2020.txt", "rules": []})
    d = diff_notices([same_title, draft], [final], forced=[("hongtong_draft", "hongtong_final.txt")])
    (n,) = d.notices
    assert (n.old.source, n.new.source, n.matched_by) == (draft.source, final.source, "forced")
    assert [u.doc.source for u in d.removed] == ["old/hongtong_2020.txt"]
    unforced = diff_notices([same_title, draft], [final])
    assert [(x.old.source, x.matched_by) for x in unforced.notices] == [("old/hongtong_2020.txt", "title")]


@pytest.mark.parametrize(
    ("spec", "message"),
    [("nothing=hongtong_final", "no notice 'nothing' in the old season"),
     ("hongtong_draft=missing", "no notice 'missing' in the new season"),
     ("hongtong_draft", "write OLD=NEW"),
     ("=hongtong_final", "write OLD=NEW")],
)
def test_forced_pair_errors_name_the_problem(draft_final, spec: str, message: str) -> None:
    draft, final = draft_final
    with pytest.raises(DiffError, match=message):
        diff_notices([draft], [final], forced=[parse_pair(spec)])


def test_forced_pair_ambiguous_name(draft_final) -> None:
    draft, final = draft_final
    twin = draft.model_copy(update={"source": "other/hongtong_draft.txt", "doc_id": "y"})
    with pytest.raises(DiffError, match="names 2 notices of the old season"):
        diff_notices([draft, twin], [final], forced=[("hongtong_draft", "hongtong_final")])
    d = diff_notices([draft, twin], [final], forced=[("other/hongtong_draft.txt", "hongtong_final")])
    assert d.notices[0].old.source == "other/hongtong_draft.txt"


def test_only_notice_of_a_jurisdiction_pairs_when_somewhat_alike(draft_final) -> None:
    _, final = draft_final
    rewritten = final.model_copy(update={"source": "new.txt", "doc_id": "n", "title": "洪洞县大气污染防治要点",
                                         "rules": final.rules[:4]})
    s = similarity(final, rewritten)
    assert pairing_settings().jurisdiction_threshold <= s < pairing_settings().threshold
    (n,) = diff_notices([final], [rewritten]).notices
    assert n.matched_by == "jurisdiction"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)), swap=st.booleans())
def test_pairing_is_symmetric_and_order_free(draft_final, order: list[int], swap: bool) -> None:
    draft, final = draft_final
    olds = [draft, extract_text("2021年水泥行业错峰生产方案\n水泥熟料企业停产30天。", "cement21.txt")]
    news = [final, extract_text("2022年水泥行业错峰生产方案\n水泥熟料企业停产45天。", "cement22.txt")]
    everything = olds + news
    a = [everything[i] for i in order if i < 2]
    b = [everything[i] for i in order if i >= 2]
    if swap:
        a, b = b, a
    d = diff_notices(a, b)
    assert len(d.notices) == 2 and not d.added and not d.removed
    assert diff_notices(b, a) == d.mirrored()
    assert d == diff_notices(a[::-1], b[::-1])

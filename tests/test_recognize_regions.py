"""Regions: the gazetteer and the recogniser on real lists."""

from __future__ import annotations

import pytest

from extract.normalize import normalize_text
from extract.recognize.regions import canonical_place, find_regions, gazetteer

TWO_PLUS_26 = (
    "实施范围为北京市，天津市，河北省石家庄、唐山、邯郸、邢台、保定、沧州、廊坊、衡水市以及雄安新区，山西省太原、阳泉、"
    "长治、晋城市，山东省济南、淄博、济宁、德州、聊城、滨州、菏泽市，河南省郑州、开封、安阳、鹤壁、新乡、焦作、濮阳市"
    "（含河北省定州、辛集市，河南省济源市，以下简称“2+26”城市）。"
)


def test_two_plus_26_list_of_seed002_in_full() -> None:
    names = [r.name for r in find_regions(normalize_text(TWO_PLUS_26))]
    assert set(gazetteer().groups["2+26"]) <= set(names)
    assert {"雄安新区", "定州市", "辛集市", "济源市"} <= set(names)
    assert "河北省" not in names  # a province qualifying its cities is not a target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("乌鲁木齐市、昌吉州、石河子市:2024年11月1日", ["乌鲁木齐市", "昌吉回族自治州", "石河子市"], id="02-xinjiang"),
        pytest.param("伊犁州(直)、博州:2", ["伊犁哈萨克自治州", "博尔塔拉蒙古自治州"], id="02-cut"),
        pytest.param("喀什、克州2018年11月1日", ["喀什地区", "克孜勒苏柯尔克孜自治州"], id="15-prefectures"),
        pytest.param("其中辽宁、吉林、黑龙江、新疆每年自11月1日", ["辽宁省", "吉林省", "黑龙江省", "新疆维吾尔自治区"], id="004-provinces"),
        pytest.param("唐钢中厚板、首钢迁钢", [], id="enterprise-names-are-not-places"),
    ],
)
def test_find_regions(text: str, expected: list[str]) -> None:
    assert [r.name for r in find_regions(normalize_text(text))] == expected


def test_aliases_resolve_to_full_names() -> None:
    assert canonical_place("唐山") == "唐山市"
    assert canonical_place("伊犁州") == "伊犁哈萨克自治州"
    assert canonical_place("新疆") == "新疆维吾尔自治区"
    assert canonical_place("不存在") is None

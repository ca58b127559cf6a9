"""The default data files in fixtures/ hold the hospital's rubric (four dimensions of 25
points) and its veto indicators."""

import json
from decimal import Decimal

from django.conf import settings

FIXTURES = settings.BASE_DIR / "fixtures"


def _load(name):
    with (FIXTURES / name).open(encoding="utf-8") as f:
        return json.load(f)


def _blank_fields(value, path="$"):
    """Every empty string, list or dict (or None) inside ``value``, by its JSON path."""
    if value is None or value in ("", [], {}):
        return [path]
    if isinstance(value, str):
        return [path] if not value.strip() else []
    if isinstance(value, dict):
        return [
            blank for key, item in value.items() for blank in _blank_fields(item, f"{path}.{key}")
        ]
    if isinstance(value, list):
        return [
            blank for i, item in enumerate(value) for blank in _blank_fields(item, f"{path}[{i}]")
        ]
    return []


def test_default_rubric_has_four_standards_and_fifteen_criteria():
    rubric = _load("default_rubric.json")
    standards = rubric["standards"]
    assert [s["name"] for s in standards] == ["管理规范", "服务优质", "纪律严明", "文化廉洁"]
    assert [s["order"] for s in standards] == [1, 2, 3, 4]
    assert [len(s["criteria"]) for s in standards] == [5, 4, 3, 3]
    for standard in standards:
        assert [c["order"] for c in standard["criteria"]] == list(
            range(1, len(standard["criteria"]) + 1)
        )


def test_default_rubric_points_add_up_to_one_hundred_exactly():
    rubric = _load("default_rubric.json")
    points = [Decimal(c["points"]) for s in rubric["standards"] for c in s["criteria"]]
    assert all(isinstance(c["points"], str) for s in rubric["standards"] for c in s["criteria"])
    assert sum(points) == Decimal(rubric["total_points"]) == Decimal(100)
    assert [sum(Decimal(c["points"]) for c in s["criteria"]) for s in rubric["standards"]] == [
        Decimal(25),
        Decimal(25),
        Decimal(25),
        Decimal(25),
    ]


def test_default_rubric_texts_are_those_of_the_domain():
    rubric = _load("default_rubric.json")
    first = rubric["standards"][0]["criteria"][0]
    last = rubric["standards"][3]["criteria"][2]
    assert first == {
        "order": 1,
        "text": "落实党风廉政“一岗双责”，与业务工作同部署、同推进、同落实",
        "points": "6",
        "record_kinds": ["supervision.ledger_items"],
    }
    assert last == {
        "order": 3,
        "text": "开展清廉文化进科室活动，以清廉墙打造清廉文化阵地",
        "points": "10",
        "record_kinds": ["reports.publicity_materials"],
    }


RECORD_KINDS = {
    "integrity.commitments",
    "integrity.talks",
    "integrity.study_sessions",
    "risks.risk_points",
    "risks.key_posts",
    "supervision.ledger_items",
    "reports.publicity_materials",
}


def test_default_rubric_names_only_the_year_round_record_kinds_and_each_of_them():
    """The criteria name the record kinds that evidence them (docs/yearwork.md,
    "Records as evidence"): every kind the year-round apps register, nothing else."""
    rubric = _load("default_rubric.json")
    named = [
        key for s in rubric["standards"] for c in s["criteria"] for key in c.get("record_kinds", [])
    ]
    assert set(named) == RECORD_KINDS


def _texts(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def test_default_rubric_uses_chinese_quotation_marks_only():
    texts = _texts(_load("default_rubric.json"))
    assert [t for t in texts if '"' in t or "'" in t] == []
    quoted = [t for t in texts if "“" in t]
    assert quoted == [
        "落实党风廉政“一岗双责”，与业务工作同部署、同推进、同落实",
        "开展“清廉科室”建设专题讨论",
        "深化“最多跑一次”改革，优化服务流程",
        "落实“九不准”、“十严禁”、《医疗机构从业人员行为规范》",
    ]
    # Every opening mark is closed.
    assert all(t.count("“") == t.count("”") for t in texts)


def test_veto_indicators_use_chinese_quotation_marks_only():
    texts = _texts(_load("veto_indicators.json"))
    assert [t for t in texts if '"' in t or "'" in t] == []
    assert "违反中央八项规定精神及医疗卫生行业“九项准则”规定，被相关部门或医院处分" in texts


def test_default_rubric_has_no_empty_field():
    assert _blank_fields(_load("default_rubric.json")) == []


def test_veto_indicators_are_ten_numbered_one_to_ten():
    indicators = _load("veto_indicators.json")["indicators"]
    assert [i["number"] for i in indicators] == list(range(1, 11))
    assert indicators[6]["responsible_offices"] == ["医务科", "质管科", "公卫科", "院感科"]
    assert indicators[9] == {
        "number": 10,
        "text": "有学术不端行为，经上级有关部门或院学术委员会认定属实",
        "evidence_basis": "会议纪要、文件",
        "responsible_offices": ["科教科"],
    }


def test_veto_indicators_have_no_empty_field():
    assert _blank_fields(_load("veto_indicators.json")) == []


def test_veto_indicator_offices_are_the_eight_named_offices():
    indicators = _load("veto_indicators.json")["indicators"]
    offices = {office for i in indicators for office in i["responsible_offices"]}
    assert offices == {
        "党政办",
        "纪检监察室",
        "医务科",
        "质管科",
        "公卫科",
        "院感科",
        "总务科",
        "科教科",
    }

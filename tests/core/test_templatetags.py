import datetime

import pytest
from django.template import Context, Template

from core.templatetags.qinglian import cn_date, cn_numeral_date


def test_cn_date_writes_the_date_of_official_documents():
    assert cn_date(datetime.date(2026, 9, 18)) == "2026年9月18日"


def test_cn_date_reads_a_datetime_in_shanghai():
    evening_in_utc = datetime.datetime(2026, 9, 17, 16, 30, tzinfo=datetime.UTC)
    assert cn_date(evening_in_utc) == "2026年9月18日"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2026, 9, 18), "二〇二六年九月十八日"),
        (datetime.date(2000, 1, 1), "二〇〇〇年一月一日"),
        (datetime.date(2026, 10, 10), "二〇二六年十月十日"),
        (datetime.date(2027, 11, 20), "二〇二七年十一月二十日"),
        (datetime.date(2026, 12, 31), "二〇二六年十二月三十一日"),
        (datetime.date(2029, 2, 9), "二〇二九年二月九日"),
    ],
)
def test_cn_numeral_date_writes_the_date_of_certificates(date, expected):
    assert cn_numeral_date(date) == expected


def test_cn_numeral_date_reads_a_datetime_in_shanghai():
    evening_in_utc = datetime.datetime(2026, 9, 17, 16, 30, tzinfo=datetime.UTC)
    assert cn_numeral_date(evening_in_utc) == "二〇二六年九月十八日"


def test_date_filters_print_nothing_for_no_date():
    template = Template("{% load qinglian %}[{{ missing|cn_date }}][{{ missing|cn_numeral_date }}]")
    assert template.render(Context({"missing": None})) == "[][]"


def test_item_picks_the_header_of_a_cell_drawn_in_another_loop():
    template = Template(
        "{% load qinglian %}{% for v in values %}"
        "{% with name=names|item:forloop.counter0 %}{{ name }}={{ v }};{% endwith %}{% endfor %}"
    )
    rendered = template.render(Context({"names": ["基础", "制度"], "values": [10, 20]}))
    assert rendered == "基础=10;制度=20;"

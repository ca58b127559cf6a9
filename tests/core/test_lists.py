"""The list mechanism (core/lists.py): filter, sort, page and export what is shown."""

import datetime
import io
import zoneinfo

import django_filters
import django_tables2 as tables
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils.html import format_html
from openpyxl import load_workbook

from core.lists import (
    DateColumn,
    DateTimeColumn,
    ListFilter,
    ListTable,
    list_page,
)

User = get_user_model()
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class PeopleFilter(ListFilter):
    username = django_filters.CharFilter(label="账号", lookup_expr="icontains")

    class Meta:
        model = User
        fields = ["username"]


class PeopleTable(ListTable):
    username = tables.Column(verbose_name="账号")
    last_name = tables.Column(verbose_name="姓")
    date_joined = DateTimeColumn(verbose_name="加入时间")


def _people(*names):
    joined = datetime.datetime(2026, 9, 18, 1, 30, tzinfo=datetime.UTC)
    return [
        User.objects.create(username=name, last_name=name.upper(), date_joined=joined)
        for name in names
    ]


def _get(query="", **headers):
    request = RequestFactory().get("/people/" + query, **headers)
    request.htmx = False
    return list_page(
        request,
        rows=User.objects.order_by("username"),
        table_class=PeopleTable,
        filterset_class=PeopleFilter,
        template="veto/event_list.html",
        title="人员",
        export_name="人员",
        fragment_template="partials/list.html",
    )


def _rows(content):
    return [cell for cell in ("alpha", "bravo", "charlie") if f">{cell}<" in content]


def _positions(content, names):
    return [content.index(f">{name}<") for name in names]


@pytest.mark.django_db
def test_list_filters_by_its_filter_set():
    _people("alpha", "bravo", "charlie")
    content = _get("?username=rav").content.decode()
    assert _rows(content) == ["bravo"]
    assert 'for="id_username"' in content


@pytest.mark.django_db
def test_list_sorts_by_a_column_and_marks_it_for_screen_readers():
    _people("alpha", "bravo", "charlie")
    content = _get("?sort=-username").content.decode()
    positions = _positions(content, ["charlie", "bravo", "alpha"])
    assert positions == sorted(positions)
    assert 'aria-sort="descending"' in content


@pytest.mark.django_db
def test_list_pages_and_a_page_past_the_end_shows_the_last():
    _people("alpha", "bravo", "charlie")
    content = _get("?per_page=25&page=9").content.decode()
    assert _rows(content) == ["alpha", "bravo", "charlie"]
    assert "共 3 条" in content


@pytest.mark.django_db
def test_list_ignores_a_page_size_it_does_not_offer():
    _people("alpha")
    assert _get("?per_page=100000").status_code == 200


@pytest.mark.django_db
def test_export_holds_every_filtered_row_in_the_shown_order_as_values():
    _people("alpha", "bravo", "charlie", "=cmd")
    response = _get("?username=a&sort=-username&export=xlsx&page=2")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "filename*=utf-8''%E4%BA%BA%E5%91%98-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["账号", "姓", "加入时间"]
    assert [row[0] for row in rows[1:]] == ["charlie", "bravo", "alpha"]
    # The local time (Asia/Shanghai), as a date-time Excel can sort, not a string.
    assert rows[1][2] == datetime.datetime(2026, 9, 18, 9, 30)


@pytest.mark.django_db
def test_export_never_writes_a_formula():
    _people("=cmd")
    sheet = load_workbook(io.BytesIO(_get("?export=xlsx").content)).active
    assert sheet["A2"].value == "'=cmd"
    assert sheet["A2"].data_type == "s"


@pytest.mark.django_db
def test_list_answers_an_htmx_filter_with_the_list_part_only():
    _people("alpha")
    request = RequestFactory().get("/people/?username=al")
    request.htmx = type("Htmx", (), {"boosted": False})()
    content = list_page(
        request,
        rows=User.objects.all(),
        table_class=PeopleTable,
        filterset_class=PeopleFilter,
        template="veto/event_list.html",
        title="人员",
    ).content.decode()
    assert "<html" not in content
    assert 'class="list-part"' in content


def test_date_columns_read_as_people_read_them():
    moment = datetime.datetime(2026, 9, 18, 6, 5, tzinfo=datetime.UTC)
    assert DateColumn().render(datetime.date(2026, 9, 18)) == "2026年9月18日"
    assert DateTimeColumn().render(moment) == "2026年9月18日 14:05"
    assert DateTimeColumn().value(moment) == datetime.datetime(2026, 9, 18, 14, 5)


class LinkedPeopleTable(ListTable):
    username = tables.Column(verbose_name="账号")

    def render_username(self, value):
        return format_html('<a href="/people/{}/">{}</a>', value, value)


@pytest.mark.django_db
def test_export_of_a_rendered_column_holds_the_value_not_the_markup():
    _people("alpha")
    request = RequestFactory().get("/people/?export=xlsx")
    request.htmx = False
    response = list_page(
        request,
        rows=User.objects.all(),
        table_class=LinkedPeopleTable,
        template="veto/event_list.html",
        title="人员",
        export_name="人员",
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "alpha"


@pytest.mark.django_db
def test_list_applies_a_filters_default_on_the_first_visit():
    class ActiveFilter(ListFilter):
        include_inactive = django_filters.BooleanFilter(
            label="含停用", method="keep", widget=forms.CheckboxInput
        )

        class Meta:
            model = User
            fields = ["include_inactive"]

        def keep(self, queryset, name, value):
            return queryset if value else queryset.filter(is_active=True)

    _alpha, bravo = _people("alpha", "bravo")
    User.objects.filter(pk=bravo.pk).update(is_active=False)
    for query, shown in (("", ["alpha"]), ("?include_inactive=on", ["alpha", "bravo"])):
        request = RequestFactory().get("/people/" + query)
        request.htmx = False
        content = list_page(
            request,
            rows=User.objects.order_by("username"),
            table_class=PeopleTable,
            filterset_class=ActiveFilter,
            template="veto/event_list.html",
            title="人员",
        ).content.decode()
        assert _rows(content) == shown
        assert 'class="form-check-input"' in content

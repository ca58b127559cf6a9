"""Parts of a list page written in Python instead of templates (core/forms.py ``PlainSelect``,
core/lists.py ``PlainRowsTable``): each writes what the template it replaces writes, the
same elements, attributes and escaping, for every case the template handles."""

import datetime
import re

import django_filters
import django_tables2 as tables
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.forms import PlainSelect
from core.lists import ListFilter, ListTable, PlainRowsTable, list_page
from departments.models import PartyBranch

User = get_user_model()

SPECIAL = "甲<b>&\"'乙"


def _tags(html):
    """The markup without the whitespace between tags (the templates' line breaks)."""
    return re.sub(r">\s+<", "><", html.strip())


# --- PlainSelect ------------------------------------------------------------------------------


SELECTS = [
    # the choices, the value chosen, the attributes the form adds
    ([("", "全部"), ("a", "甲"), ("b", "乙")], "", {"class": "form-select"}),
    ([("", "全部"), ("a", "甲"), ("b", "乙")], "b", {"class": "form-select", "id": "id_x"}),
    ([(1, "一"), (2, "二")], 2, {"required": True, "disabled": False}),
    ([(SPECIAL, SPECIAL), ("x", "叉")], SPECIAL, {"data-note": SPECIAL}),
    (
        [("外科", [("s1", "普外"), ("s2", "骨科")]), ("内科", [("m1", "心内")]), ("o", "其他")],
        "s2",
        {},
    ),
    ([], None, {}),
]


@pytest.mark.parametrize(("choices", "value", "attrs"), SELECTS)
def test_a_plain_select_writes_what_djangos_select_writes(choices, value, attrs):
    select = forms.Select(attrs={"class": "form-select"}, choices=choices)
    plain = PlainSelect.like(select)
    expected = select.render("x", value, attrs=attrs)
    assert _tags(plain.render("x", value, attrs=attrs)) == _tags(expected)


def test_a_plain_select_keeps_the_widgets_flags_and_choices():
    field = forms.ChoiceField(choices=[("a", "甲")], required=True)
    plain = PlainSelect.like(field.widget)
    assert (plain.is_required, plain.attrs, list(plain.choices)) == (True, {}, [("a", "甲")])


class BranchFilter(ListFilter):
    kind = django_filters.ChoiceFilter(choices=[("a", "甲"), ("b", "乙")], empty_label="全部")
    branch = django_filters.ModelChoiceFilter(
        field_name="party_branch", queryset=PartyBranch.objects.order_by("name")
    )
    flag = django_filters.BooleanFilter(widget=forms.CheckboxInput, method="keep")

    def keep(self, queryset, name, value):
        return queryset


@pytest.mark.django_db
def test_a_list_filters_selects_are_plain_and_show_the_choice_made():
    first = PartyBranch.objects.create(name="第一党支部")
    PartyBranch.objects.create(name="第二党支部")
    form = BranchFilter({"kind": "b", "branch": str(first.pk)}, queryset=User.objects.none()).form
    assert form.is_valid(), form.errors
    assert type(form.fields["kind"].widget) is PlainSelect
    assert type(form.fields["branch"].widget) is PlainSelect
    assert type(form.fields["flag"].widget) is forms.CheckboxInput
    branch = _tags(str(form["branch"]))
    assert f'<option value="{first.pk}" selected>第一党支部</option>' in branch
    assert branch.count("<option") == 3  # the empty choice and both branches
    assert '<option value="b" selected>乙</option>' in _tags(str(form["kind"]))
    assert 'class="form-select"' in branch


# --- PlainRowsTable ---------------------------------------------------------------------------


def _render_badge(self, value, record):
    return format_html('<span class="badge">{}</span>', record["name"])


def _table(base):
    """The same columns on ``base``: one table written by the template, one in Python."""
    columns = {
        "name": tables.Column(verbose_name="名称"),
        "count": tables.Column(verbose_name="人数"),
        "on": tables.Column(verbose_name="日期"),
        "note": tables.Column(verbose_name="备注", default="—"),
        "badge": tables.Column(verbose_name="标记", empty_values=()),
        "fixed": tables.Column(verbose_name="不排序", orderable=False),
    }
    return type(f"{base.__name__}Rows", (base,), {**columns, "render_badge": _render_badge})


TemplateRows = _table(ListTable)
PythonRows = _table(PlainRowsTable)


ROWS = [
    {
        "name": SPECIAL,
        "count": 3,
        "on": datetime.date(2026, 9, 18),
        "note": None,
        "badge": None,
        "fixed": mark_safe("<i>已标记</i>"),
    },
    {
        "name": "心内科",
        "count": 0,
        "on": None,
        "note": "",
        "badge": "x",
        "fixed": "a & b",
    },
    {
        "name": "骨科",
        "count": 12,
        "on": datetime.datetime(2026, 9, 18, 17, 5, tzinfo=datetime.UTC),
        "note": "注 <意>",
        "badge": 1,
        "fixed": 7,
    },
]


def _page(table_class, query):
    request = RequestFactory().get("/rows/" + query)
    request.htmx = False
    return list_page(
        request,
        rows=[dict(row) for row in ROWS],
        table_class=table_class,
        template="veto/event_list.html",
        title="行",
    ).content.decode()


def _part(content, tag):
    found = re.search(rf"<{tag}\b.*?</{tag}>", content, re.DOTALL).group(0)
    return re.sub(r"\s*\n\s*", "", found)


def _cells(content):
    return re.findall(r"<td[^>]*>(.*?)</td>", _part(content, "tbody"), re.DOTALL)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?sort=name",
        "?sort=-count",
        "?sort=on&year=2026&below=any&page=1",
        "?x=%3C%26%3E&sort=-note",
    ],
)
@pytest.mark.django_db
def test_plain_rows_write_the_header_and_cells_the_template_writes(query):
    template, python = _page(TemplateRows, query), _page(PythonRows, query)
    assert _part(python, "thead") == _part(template, "thead")
    assert _cells(python) == _cells(template)
    assert len(_cells(python)) == 3 * 6


@pytest.mark.django_db
def test_plain_rows_escape_what_is_not_marked_safe():
    cells = _cells(_page(PythonRows, "?sort=name"))
    assert "甲&lt;b&gt;&amp;&quot;&#x27;乙" in cells
    assert "<i>已标记</i>" in cells
    assert "a &amp; b" in cells
    assert "注 &lt;意&gt;" in cells
    assert "2026年9月18日" in cells  # a date as people read it
    assert "2026年9月19日 01:05" in cells  # a moment in Shanghai time

"""Lists people can work with: one mechanism for every list page.

A list page is a queryset the user may see, a django-filter ``FilterSet`` that narrows it, a
django-tables2 ``Table`` that sorts and pages it, and an Excel export of exactly what the
filters and the sort show (every page of it, not only the one on screen). ``list_page`` puts
the four together; a view fetches the rows it is allowed to show (its selector) and hands them
over. The export runs through the same view, so it can never show a row the page would not.

Tables built here use ``ListTable`` (the shared template, a caption for screen readers, the
sort state in ``aria-sort``) and the date columns below (2026年9月18日 on screen, a real date
in Excel). See docs/architecture.md, "Lists".
"""

import datetime

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, gettext_lazy

from core.forms import BootstrapFormMixin, PlainSelect
from core.spreadsheets.writing import write_xlsx

PAGE_SIZE = 50
PAGE_SIZES = (25, 50, 100, 200)
EXPORT_PARAMETER = "export"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ListTable(tables.Table):
    """The base of every list's table. The template and the table's classes come from the
    settings (DJANGO_TABLES2_TEMPLATE, DJANGO_TABLES2_TABLE_ATTRS), because django-tables2 does
    not inherit a Meta unless the subclass's Meta names it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_text", gettext_lazy("没有符合条件的记录。"))
        super().__init__(*args, **kwargs)
        # django-tables2 exports a cell through ``render_<column>`` when the table has no
        # ``value_<column>``: a link or a badge would reach the workbook as markup. Here the
        # export falls back to the column's own value instead; a ``value_<column>`` says
        # otherwise where the value needs words.
        for name, bound_column in self.columns.columns.items():
            if hasattr(self, f"render_{name}") and not hasattr(self, f"value_{name}"):
                bound_column.value = bound_column.column.value


class PlainRowsTable(ListTable):
    """A ``ListTable`` whose body is written in Python, for long lists of plain cells.

    django-tables2 renders every cell through a template (its attributes, its value, its
    ``render_*`` called through a signature check): about 0.1 ms a cell, 85 ms for a page
    of 50 rows of 17 columns. Here each cell of the page is its ``render_<column>(value,
    record)`` or its value (the column's ``default`` when empty), escaped unless marked
    safe, joined once per row (the rows are dicts). The header, the sort, the paging and the export are
    ``ListTable``'s. Only for tables whose cells need nothing else (no ``attrs`` on cells,
    no ``linkify``, ``render_*`` taking ``value`` and ``record`` by name).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", "core/table_plain_rows.html")
        super().__init__(*args, **kwargs)

    def plain_rows(self):
        columns = [
            (
                str(bound.accessor),
                bound.column.empty_values,
                bound.default,
                getattr(self, f"render_{bound.name}", None),
            )
            for bound in self.columns
        ]
        plain_ints = not settings.USE_THOUSAND_SEPARATOR
        rows = []
        for row in self.page.object_list if self.page else self.rows:
            record = row.record
            cells = []
            for accessor, empty_values, default, render_cell in columns:
                value = record.get(accessor)
                if value in empty_values:
                    cell = default
                elif render_cell is not None:
                    cell = render_cell(value=value, record=record)
                else:
                    cell = value
                # What a template's {{ cell }} writes (local time, localized, escaped),
                # the common cases by C calls only: a call of a Python function per cell
                # is what this table is written to avoid.
                if isinstance(cell, SafeString):
                    pass
                elif type(cell) is str:
                    cell = cell.translate(_HTML_ESCAPES)
                elif type(cell) is int and plain_ints:
                    cell = str(cell)
                else:
                    cell = str(conditional_escape(localize(template_localtime(cell))))
                cells.append(cell)
            rows.append(mark_safe("<tr><td>" + "</td><td>".join(cells) + "</td></tr>"))  # noqa: S308 - escaped above
        return rows

    def plain_header(self):
        """The header's cells written in Python too, as core/table.html writes them: each
        sortable column a link that keeps the query, sorts by the column (the other way
        when it already sorts) and goes to page 1; the sort state in ``aria-sort``, a sign
        and words for screen readers."""
        query = dict(self.request.GET)
        sort_field, page_field = self.prefixed_order_by_field, self.prefixed_page_field
        cells = []
        for column in self.columns:
            ordered = column.is_ordered
            descending = ordered and column.order_by_alias.is_descending
            if not ordered:
                aria, mark, hint = "", "", gettext("（点击排序）")
            elif descending:
                aria, mark, hint = "descending", " ▼", gettext("（降序，点击改为升序）")
            else:
                aria, mark, hint = "ascending", " ▲", gettext("（升序，点击改为降序）")
            if column.orderable:
                link = {**query, sort_field: column.order_by_alias.next, page_field: 1}
                content = format_html(
                    '<a href="{}" hx-boost="false">{}<span class="sort-mark" aria-hidden="true">'
                    '{}</span><span class="visually-hidden">{}</span></a>',
                    "?" + urlencode(link, doseq=True),
                    column.header,
                    mark,
                    hint,
                )
            else:
                content = conditional_escape(column.header)
            cells.append(
                format_html(
                    '<th {} scope="col"{}>{}</th>',
                    column.attrs["th"].as_html(),
                    format_html(' aria-sort="{}"', aria) if aria else "",
                    content,
                )
            )
        return mark_safe("".join(cells))  # noqa: S308 - each cell escaped above


# django.utils.html.escape's replacements, for str.translate.
_HTML_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


def shown_date(value):
    """A date (or a moment's local date) as people read it: 2026年9月18日."""
    return date_format(as_date(value), "DATE_FORMAT")


def shown_moment(value):
    """A moment in Asia/Shanghai time as people read it: 2026年9月18日 14:05."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def sheet_moment(value):
    """A moment for an Excel cell: the local time without a zone (Excel has none); None
    stays None."""
    return None if value is None else timezone.localtime(value).replace(tzinfo=None)


class DateColumn(tables.Column):
    """A date as people read it (2026年9月18日); a date cell in Excel."""

    def render(self, value):
        return shown_date(value)

    def value(self, value):
        return value


class DateTimeColumn(tables.Column):
    """A moment in Asia/Shanghai time (2026年9月18日 14:05); a date-time cell in Excel."""

    def render(self, value):
        return shown_moment(value)

    def value(self, value):
        return sheet_moment(value)


class DateInput(forms.DateInput):
    """The browser's own date picker; the value in the ISO form it expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateFromFilter(django_filters.DateFilter):
    """The first day of a date range (``<x>_from``); on a date-time field, its local date."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("widget", DateInput)
        super().__init__(*args, **kwargs)


class DateToFilter(django_filters.DateFilter):
    """The last day of a date range (``<x>_to``), included."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "lte")
        kwargs.setdefault("widget", DateInput)
        super().__init__(*args, **kwargs)


class ListFilterForm(BootstrapFormMixin, forms.Form):
    """The filters' form: every date is an ``<input type=date>``, every select written in
    Python (``PlainSelect``: a list page renders its filters on every request), and a range
    whose end comes before its start (``<x>_from`` after ``<x>_to``) is refused in a
    sentence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
                field.widget = DateInput(attrs=field.widget.attrs)
            elif type(field.widget) is forms.Select:
                field.widget = PlainSelect.like(field.widget)

    def clean(self):
        data = super().clean()
        for name in self.fields:
            if not name.endswith("_from"):
                continue
            end_name = name.removesuffix("_from") + "_to"
            start, end = data.get(name), data.get(end_name)
            if start and end and end < start:
                self.add_error(end_name, gettext_lazy("结束日期不能早于开始日期。"))
        return data


class ListFilter(django_filters.FilterSet):
    """The base of every list's filters: the form's fields keep their labels (read aloud and
    shown), dates are picked with the browser's date input, and an unknown or stale choice
    (or a range that ends before it starts) is reported on the form instead of emptying the
    list: that filter is left out, the others still apply.

    The filters are always bound, to an empty query too, so a filter with a default
    (``include_inactive`` unticked shows the active rows only) applies on the first visit.
    """

    def get_form_class(self):
        return type(f"{type(self).__name__}Form", (ListFilterForm, super().get_form_class()), {})


def _page_size(request):
    value = request.GET.get("per_page", "")
    return int(value) if value.isdigit() and int(value) in PAGE_SIZES else PAGE_SIZE


def _paginate(table, request):
    # Like Paginator.get_page: a page number out of range (the list shrank since the link was
    # made) shows the last page; anything not a number shows the first.
    per_page = _page_size(request)
    number = request.GET.get("page", "1")
    try:
        table.paginate(page=int(number) if number.isdigit() else 1, per_page=per_page)
    except InvalidPage:
        table.paginate(page=table.paginator.num_pages, per_page=per_page)


def export_rows(table):
    """The header row, then one row per record the table holds, sorted as shown; cells hold
    values (dates as dates, numbers as numbers), never markup."""
    rows = table.as_values()
    headers = next(rows)
    return headers, rows


def xlsx_response(table, *, filename, title):
    headers, rows = export_rows(table)
    response = HttpResponse(write_xlsx(headers, rows, title=title), content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}-{stamp}.xlsx")
    return response


def list_page(
    request,
    *,
    rows,
    table_class,
    template,
    title,
    filterset_class=None,
    export_name="",
    context=None,
    fragment_template="partials/list.html",
    filterset_kwargs=None,
    table_kwargs=None,
):
    """Render a list page, or its Excel export when ``?export=xlsx`` asks for it.

    ``rows`` is the queryset the user may see, already narrowed by permission. The filters
    narrow it further, the table sorts it (``?sort=``) and pages it (``?page=``, ``?per_page=``
    among ``PAGE_SIZES``). An htmx request (the filter form changing) gets the list part only.
    """
    filterset = None
    if filterset_class is not None:
        filterset = filterset_class(
            request.GET, queryset=rows, request=request, **(filterset_kwargs or {})
        )
        rows = filterset.qs
    table = table_class(rows, **(table_kwargs or {}))
    table.request = request
    order_by = request.GET.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by
    if export_name and request.GET.get(EXPORT_PARAMETER) == "xlsx":
        return xlsx_response(table, filename=export_name, title=title)
    _paginate(table, request)
    values = {
        "title": title,
        "table": table,
        "filter": filterset,
        "export_name": export_name,
        **(context or {}),
    }
    chosen = (
        fragment_template
        if getattr(request, "htmx", False) and not request.htmx.boosted
        else template
    )
    return render(request, chosen, values)


def as_date(value):
    """For ``value_*`` methods: a datetime as the local date, anything else unchanged."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def choice_label(choices, value):
    """The label of ``value`` among ``choices`` (for exports of enum columns)."""
    return dict(choices).get(value, value)

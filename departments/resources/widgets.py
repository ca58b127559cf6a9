"""How one cell becomes a value: text, dates, 是/否, choices, and rows named by a key.

Every refusal (a formula among them) is a ``ValueError`` with a sentence
about the cell in the language of the request; ``RosterResource`` puts it
under the column's header.
What a file holds (是/否, the Chinese labels of choices) is Chinese whatever
that language is; a message quotes it as it is.
"""

import datetime
import re
from functools import cached_property

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from core.i18n import join_items
from core.spreadsheets import FormulaCell, date_from_serial, formula_unescape


def cell_text(value):
    """A cell as the text a person typed: numbers without a trailing .0, no outer spaces.

    A formula with no value (``FormulaCell``) is refused with a ``ValueError``.
    """
    if value.__class__ is str:  # most cells: the quick way
        text = value.strip()
        return formula_unescape(text) if text[:1] == "'" else text
    if value is None:
        return ""
    if isinstance(value, FormulaCell):
        raise ValueError(value.refusal())
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return formula_unescape(str(value).strip())


def describe_department(department):
    """心内科（A01）: how the preview and its messages name a department, in any language.

    The preview's rows are compared when an import is confirmed, so nothing
    in them may depend on the language of the request.
    """
    return f"{department.name}（{department.code}）"


def describe_person(person):
    """张三（E001）, like ``describe_department``."""
    return f"{person.name}（{person.employee_number}）"


class TextWidget(widgets.Widget):
    def __init__(self, *, max_length):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if len(text) > self.max_length:
            raise ValueError(
                _("内容有 %(length)s 个字，超过上限 %(limit)s 个字")
                % {"length": len(text), "limit": self.max_length}
            )
        return text


_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateWidget(widgets.Widget):
    """A date typed as 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 or 20240301, or a date cell.

    A number such as 45000 (a date cell that lost its date format) is an Excel
    serial and stands for its date (2023-03-15).
    """

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        serial = date_from_serial(text)
        if serial is not None:
            return serial
        match = _DATE.match(text) or _COMPACT_DATE.match(text)
        if match is None:
            raise ValueError(
                _("“%(text)s”不是有效的日期，请按 2024-03-01 的格式填写") % {"text": text}
            )
        year, month, day = (int(part) for part in match.groups())
        if not 1900 <= year <= 2100:
            raise ValueError(_("日期“%(text)s”的年份不在 1900—2100 之间") % {"text": text})
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(_("日期“%(text)s”不存在") % {"text": text}) from None

    def render(self, value, obj=None, **kwargs):
        return value  # a date cell in .xlsx; the CSV writer writes ISO dates


_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "×", "✗"}


class YesNoWidget(widgets.Widget):
    """是/否 (also Y/N, 1/0, TRUE/FALSE). A blank cell means ``blank``."""

    def __init__(self, *, blank):
        super().__init__()
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if not text:
            return self.blank
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError(_("“%(text)s”无法识别，请填写“是”或“否”") % {"text": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """One of ``choices``, written as its Chinese label (临床) or its code (clinical).

    Roster files are Chinese whatever the language of the page, so the labels
    are read and written in Chinese (the choices' labels are lazy translations).
    ``invalid`` is the refusal, a lazy sentence with ``%(value)s`` and ``%(allowed)s``.
    """

    def __init__(self, *, choices, invalid):
        super().__init__()
        self.choices = choices
        self.invalid = invalid

    @cached_property
    def _labels(self):
        with translation.override(settings.LANGUAGE_CODE):
            labels = [(value, str(label)) for value, label in self.choices.choices]
        by_text = {label: value for value, label in labels}
        by_text.update({value.lower(): value for value, _label in labels})
        return labels, by_text

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        labels, by_text = self._labels
        try:
            return by_text.get(text) or by_text[text.lower()]
        except KeyError:
            allowed = join_items(label for _value, label in labels)
            raise ValueError(self.invalid % {"value": text, "allowed": allowed}) from None

    def render(self, value, obj=None, **kwargs):
        return dict(self._labels[0]).get(value, "") if value else ""


class LookupWidget(widgets.Widget):
    """A related row named by a natural key (a code, a name, an employee number).

    The rows come from ``load`` (once per import), never from a query per cell.
    ``missing`` is the refusal of an unknown key, a lazy sentence with ``%(key)s``.
    """

    def __init__(self, *, key_attr, missing, describe=str):
        super().__init__()
        self.key_attr = key_attr
        self.missing = missing
        self.describe = describe
        self.by_key = {}
        self.by_id = {}

    def load(self, objects):
        for obj in objects:
            self.add(obj)

    def add(self, obj):
        self.by_key[getattr(obj, self.key_attr)] = obj
        self.by_id[obj.pk] = obj

    def clean(self, value, row=None, **kwargs):
        key = cell_text(value)
        if not key:
            return None
        try:
            return self.by_key[key]
        except KeyError:
            raise ValueError(self.missing % {"key": key}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.key_attr)

    def describe_id(self, pk):
        obj = self.by_id.get(pk)
        return "" if obj is None else self.describe(obj)

"""How one cell becomes a value: text, dates, 是/否, choices, and rows named by a key.

Every refusal is a ``ValueError`` with a Chinese sentence about the cell;
``RosterResource`` puts it under the column's header.
"""

import datetime
import re
from functools import cached_property

from django.conf import settings
from django.utils import translation
from import_export import widgets

from core.spreadsheets import formula_unescape


def cell_text(value):
    """A cell as the text a person typed: numbers without a trailing .0, no outer spaces."""
    if value.__class__ is str:  # most cells: the quick way
        text = value.strip()
        return formula_unescape(text) if text[:1] == "'" else text
    if value is None:
        return ""
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
    return f"{department.name}（{department.code}）"


class TextWidget(widgets.Widget):
    def __init__(self, *, max_length):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if len(text) > self.max_length:
            raise ValueError(f"内容有 {len(text)} 个字，超过上限 {self.max_length} 个字")
        return text


_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateWidget(widgets.Widget):
    """A date typed as 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 or 20240301, or a date cell."""

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
        match = _DATE.match(text) or _COMPACT_DATE.match(text)
        if match is None:
            raise ValueError(f"“{text}”不是有效的日期，请按 2024-03-01 的格式填写")
        year, month, day = (int(part) for part in match.groups())
        if not 1900 <= year <= 2100:
            raise ValueError(f"日期“{text}”的年份不在 1900—2100 之间")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(f"日期“{text}”不存在") from None

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
        raise ValueError(f"“{cell_text(value)}”无法识别，请填写“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """One of ``choices``, written as its Chinese label (临床) or its code (clinical).

    Roster files are Chinese whatever the language of the page, so the labels
    are read and written in Chinese (the choices' labels are lazy translations).
    """

    def __init__(self, *, choices, noun):
        super().__init__()
        self.choices = choices
        self.noun = noun

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
            allowed = "、".join(label for _value, label in labels)
            raise ValueError(f"{self.noun}“{text}”无效，应为{allowed}之一") from None

    def render(self, value, obj=None, **kwargs):
        return dict(self._labels[0]).get(value, "") if value else ""


class LookupWidget(widgets.Widget):
    """A related row named by a natural key (a code, a name, an employee number).

    The rows come from ``load`` (once per import), never from a query per cell.
    """

    def __init__(self, *, key_attr, noun, describe=str):
        super().__init__()
        self.key_attr = key_attr
        self.noun = noun
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
            raise ValueError(f"{self.noun}“{key}”不存在") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.key_attr)

    def describe_id(self, pk):
        obj = self.by_id.get(pk)
        return "" if obj is None else self.describe(obj)

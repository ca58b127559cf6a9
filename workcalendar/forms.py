from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin

from .models import DayKind


class NewYearForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("依据"),
        required=False,
        max_length=200,
        help_text=_("国务院办公厅放假通知的文号，例如：国办发明电〔2026〕5号"),
    )


class DayForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("类型"), choices=DayKind.choices)
    name = forms.CharField(label=_("节日"), max_length=50, required=False)


class ClearDayForm(forms.Form):
    date = forms.DateField()


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("撤销确认的理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )

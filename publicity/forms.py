from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


class PublicityOpenForm(BootstrapFormMixin, forms.Form):
    """The party office's choice of start date and contact; the service computes the period."""

    starts_on = forms.DateField(
        label=_("公示开始日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("公示截止日期按法定工作日历自动计算（含调休上班日，不含节假日）。"),
    )
    contact = forms.CharField(
        label=_("异议受理"),
        max_length=200,
        required=False,
        help_text=_("例如：纪检监察室，电话 8888。留空则使用系统默认。"),
    )

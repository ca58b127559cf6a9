from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analysis.enums import QUARTERS
from analysis.figures import quarter_of
from core.forms import BootstrapFormMixin


class DraftForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        coerce=int,
        choices=[(q, _("第%(quarter)s季度") % {"quarter": q}) for q in QUARTERS],
    )
    reason = forms.CharField(
        label=_("重新印发理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("该季度已印发时必填：说明为何重新起草。"),
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("year", today.year)
        initial.setdefault("quarter", quarter_of(today))
        super().__init__(*args, **kwargs)


class CommentaryForm(BootstrapFormMixin, forms.Form):
    commentary = forms.CharField(
        label=_("党办分析意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("对本季度形势的分析、存在的问题和下一步工作建议。"),
    )


class ConclusionsForm(BootstrapFormMixin, forms.Form):
    meeting_on = forms.DateField(
        label=_("党委会议日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    conclusions = forms.CharField(
        label=_("党委研判意见"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

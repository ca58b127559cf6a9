from django import forms
from django.utils.translation import gettext_lazy as _

from appraisal.enums import TitleStatus
from core.forms import BootstrapFormMixin
from veto.enums import RecheckResult, RectificationState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("整改报告"), help_text=_("PDF、图片、Word 或 Excel，不超过 20 MB。")
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("验收意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：经院党委会2027年第3次会议研究，整改到位，同意验收。"),
    )


class ExtendForm(BootstrapFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("新的整改截止日期"), widget=DATE)
    reason = forms.CharField(label=_("延长理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RectificationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *RectificationState.choices]
    )


class RevocationFilterForm(BootstrapFormMixin, forms.Form):
    revoked_from = forms.DateField(label=_("撤销日期自"), required=False, widget=DATE)
    revoked_to = forms.DateField(label=_("至"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("revoked_from"), data.get("revoked_to")
        if start and end and end < start:
            self.add_error("revoked_to", _("结束日期不能早于开始日期。"))
        return data


class TitleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name}（{obj.year}年度，{obj.certificate_number}）"


class RecheckForm(BootstrapFormMixin, forms.Form):
    title = TitleChoiceField(label=_("复核的清廉科室"), queryset=None, empty_label=_("请选择"))
    checked_on = forms.DateField(label=_("复核日期"), widget=DATE)
    result = forms.ChoiceField(
        label=_("结果"), choices=RecheckResult.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(label=_("复核情况"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        from appraisal.models import Title

        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = (
            Title.objects.filter(status=TitleStatus.HELD)
            .select_related("unit")
            .order_by("-year", "unit__code")
        )

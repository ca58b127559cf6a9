from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appraisal.enums import TitleStatus
from appraisal.models import Title
from core.forms import BootstrapFormMixin
from departments.models import Department
from veto.enums import (
    RECTIFICATION_MAX_MONTHS,
    RECTIFICATION_MIN_MONTHS,
    RecheckResult,
)


class IndicatorForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("指标内容"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence_basis = forms.CharField(label=_("审核依据"), max_length=200)
    responsible_offices = forms.CharField(
        label=_("责任部门"), max_length=200, help_text=_("多个部门用“、”分隔，例如：党政办、公卫科")
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("责任部门（科室）"),
        queryset=Department.objects.filter(active=True).order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("这些科室的人员可以报告本指标下的否决事项；纪检监察室始终可以报告。"),
    )


class RetireForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("停用理由"), widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.text}"


class ReportForm(BootstrapFormMixin, forms.Form):
    """A veto event; the evidence files are read from request.FILES ("evidence")."""

    indicator = IndicatorChoiceField(label=_("否决性指标"), queryset=None, empty_label=_("请选择"))
    unit = forms.ModelChoiceField(
        label=_("科室"),
        queryset=Department.objects.filter(active=True).order_by("code"),
        empty_label=_("请选择"),
    )
    employee_number = forms.CharField(
        label=_("涉及人员工号（可选）"),
        max_length=50,
        required=False,
        help_text=_("事项涉及科室的某位人员时填写。"),
    )
    occurred_on = forms.DateField(
        label=_("发生日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=_("事实描述"), widget=forms.Textarea(attrs={"rows": 6}))
    recheck = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # A fresh random key per blank form (see VetoEvent.submission_key).
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class VerifyForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("核实情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DismissForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("不予认定理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        # Shown beside the confirmation form, whose “reason” would share the id.
        kwargs.setdefault("auto_id", "id_dismiss_%s")
        super().__init__(*args, **kwargs)


MONTH_CHOICES = [
    (str(n), format_lazy("{} {}", n, _("个月")))
    for n in range(RECTIFICATION_MIN_MONTHS, RECTIFICATION_MAX_MONTHS + 1)
]


class ConfirmForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("确认意见"), widget=forms.Textarea(attrs={"rows": 3}))
    rectification_months = forms.TypedChoiceField(
        label=_("整改期"),
        choices=[("", _("请选择")), *MONTH_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )


class AnnouncementForm(BootstrapFormMixin, forms.Form):
    """The mid-level cadre meeting's announcement of a revocation; the service checks it."""

    announced_on = forms.DateField(
        label=_("通报日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("召开中层干部会议、通报撤销称号的日期，不早于撤销日期，不晚于今天。"),
    )
    meeting = forms.CharField(
        label=_("会议"), max_length=200, help_text=_("例如：2026年第9次中层干部会议")
    )


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RectificationReportForm(BootstrapFormMixin, forms.Form):
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
        return gettext("%(unit)s（%(year)s年度，%(number)s）") % {
            "unit": obj.unit.name,
            "year": obj.year,
            "number": obj.certificate_number,
        }


class RecheckForm(BootstrapFormMixin, forms.Form):
    title = TitleChoiceField(label=_("复核的清廉科室"), queryset=None, empty_label=_("请选择"))
    checked_on = forms.DateField(label=_("复核日期"), widget=DATE)
    result = forms.ChoiceField(
        label=_("结果"), choices=RecheckResult.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(label=_("复核情况"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = (
            Title.objects.filter(status=TitleStatus.HELD)
            .select_related("unit")
            .order_by("-year", "unit__code")
        )

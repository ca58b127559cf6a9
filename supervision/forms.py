from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from departments.models import Department
from supervision.enums import VisitKind, VisitMethod, VisitOrganizer


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class VisitPlanForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("类别"), choices=VisitKind.choices)
    organizer = forms.ChoiceField(label=_("组织方"), choices=VisitOrganizer.choices)
    lead_office = forms.ModelChoiceField(
        label=_("牵头部门"),
        queryset=Department.objects.filter(active=True).order_by("code"),
        required=False,
        empty_label=_("（由工作专班组织时不填）"),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("调研科室"),
        queryset=Department.objects.filter(active=True).order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("可选择多个科室。"),
    )
    planned_on = forms.DateField(label=_("计划日期"), widget=_date_input())
    members = forms.CharField(
        label=_("调研人员"), max_length=300, help_text=_("例如：纪检监察室王某、党委办公室李某")
    )
    # A fresh random key per blank form (see Visit.submission_key).
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)


class VisitCompleteForm(BootstrapFormMixin, forms.Form):
    visited_on = forms.DateField(label=_("调研日期"), widget=_date_input())
    members = forms.CharField(label=_("调研人员"), max_length=300)
    methods = forms.MultipleChoiceField(
        label=_("调研方式"),
        choices=VisitMethod.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("调研情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class VisitCancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("取消理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_cancel_%s")
        super().__init__(*args, **kwargs)


class FindingForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("科室"), queryset=None, empty_label=_("请选择"))
    finding = forms.CharField(label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 3}))
    employee_number = forms.CharField(
        label=_("整改责任人工号"), max_length=32, help_text=_("须是该科室的人员。")
    )
    due_on = forms.DateField(label=_("整改期限"), widget=_date_input(), help_text=_("须是工作日。"))
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, visit, **kwargs):
        kwargs.setdefault("auto_id", "id_finding_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visit.departments.order_by("code")


class RectifyForm(BootstrapFormMixin, forms.Form):
    """What was done; the evidence files are read from request.FILES ("evidence")."""

    text = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 4}))
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class CloseForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("核查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_close_%s")
        super().__init__(*args, **kwargs)


class SendBackForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_send_back_%s")
        super().__init__(*args, **kwargs)

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.lists import DateInput
from risks.enums import HoldingEnd, RiskGrade


class PersonChoiceField(forms.ModelChoiceField):
    """The unit's people (and its clean teams'); anyone else is refused by name of the rule
    (the service says it again, naming the person, whoever calls it)."""

    default_error_messages = {
        "invalid_choice": _("只能选择本科室（含所属清廉团队）的在职人员。"),
    }

    def label_from_instance(self, obj):
        return _("%(name)s（%(number)s，%(department)s）") % {
            "name": obj.name,
            "number": obj.employee_number,
            "department": obj.department.name,
        }


class RiskPointForm(BootstrapFormMixin, forms.Form):
    post = forms.CharField(
        label=_("岗位"), max_length=100, help_text=_("例如：药品采购、设备采购、收费、处方")
    )
    risk = forms.CharField(label=_("风险描述"), widget=forms.Textarea(attrs={"rows": 3}))
    grade = forms.ChoiceField(label=_("风险等级"), choices=RiskGrade.choices)
    measure = forms.CharField(label=_("防控措施"), widget=forms.Textarea(attrs={"rows": 3}))
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class RiskPointEditForm(BootstrapFormMixin, forms.Form):
    post = forms.CharField(label=_("岗位"), max_length=100)
    risk = forms.CharField(label=_("风险描述"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.CharField(label=_("防控措施"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(BootstrapFormMixin, forms.Form):
    reviewed_on = forms.DateField(label=_("复核日期"), widget=DateInput)
    grade = forms.ChoiceField(
        label=_("复核后等级"), choices=RiskGrade.choices, help_text=_("维持或调整风险等级。")
    )
    outcome = forms.CharField(label=_("复核意见"), widget=forms.Textarea(attrs={"rows": 3}))
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class RetireForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("停用理由"), widget=forms.Textarea(attrs={"rows": 2}))


class HoldingForm(BootstrapFormMixin, forms.Form):
    person = PersonChoiceField(label=_("在岗人员"), queryset=None, empty_label=_("请选择"))
    post = forms.ModelChoiceField(
        label=_("重点岗位"), queryset=None, required=False, empty_label=_("请选择")
    )
    new_post = forms.CharField(
        label=_("或新增岗位名称"),
        max_length=50,
        required=False,
        help_text=_("列表中没有的岗位，填写后加入重点岗位列表。"),
    )
    since = forms.DateField(label=_("上岗日期"), widget=DateInput)
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["post"].queryset = posts


class RotateForm(BootstrapFormMixin, forms.Form):
    successor = PersonChoiceField(label=_("接任人员"), queryset=None, empty_label=_("请选择"))
    on = forms.DateField(label=_("轮岗日期"), widget=DateInput)
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = people


class EndForm(BootstrapFormMixin, forms.Form):
    until = forms.DateField(label=_("离岗日期"), widget=DateInput)
    kind = forms.ChoiceField(
        label=_("离岗原因"),
        choices=[(value, label) for value, label in HoldingEnd.choices if value != "rotated"],
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

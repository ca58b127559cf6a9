from django import forms

from core.forms import BootstrapFormMixin

from .models import Department, DepartmentKind, PartyBranch


class DepartmentFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="名称或编码", required=False)
    kind = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *DepartmentKind.choices]
    )
    unit_kind = forms.ChoiceField(
        label="单元",
        required=False,
        choices=[("", "科室与清廉团队"), ("department", "科室"), ("clean_team", "清廉团队")],
    )
    branch = forms.ModelChoiceField(
        label="党支部",
        required=False,
        queryset=PartyBranch.objects.filter(active=True),
        empty_label="全部党支部",
    )
    include_inactive = forms.BooleanField(label="含停用", required=False)


class PersonFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="姓名或工号", required=False)
    department = forms.ModelChoiceField(
        label="科室",
        required=False,
        queryset=Department.objects.filter(active=True),
        empty_label="全部科室",
    )
    party_member = forms.ChoiceField(
        label="党员", required=False, choices=[("", "全部"), ("yes", "党员"), ("no", "非党员")]
    )
    include_inactive = forms.BooleanField(label="含离职", required=False)

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin

from .models import Department, DepartmentKind, PartyBranch


class DepartmentFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("名称或编码"), required=False)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *DepartmentKind.choices]
    )
    unit_kind = forms.ChoiceField(
        label=_("单元"),
        required=False,
        choices=[
            ("", _("科室与清廉团队")),
            ("department", _("科室")),
            ("clean_team", _("清廉团队")),
        ],
    )
    branch = forms.ModelChoiceField(
        label=_("党支部"),
        required=False,
        queryset=PartyBranch.objects.filter(active=True),
        empty_label=_("全部党支部"),
    )
    include_inactive = forms.BooleanField(label=_("含停用"), required=False)


class PersonFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名或工号"), required=False)
    department = forms.ModelChoiceField(
        label=_("科室"),
        required=False,
        queryset=Department.objects.filter(active=True),
        empty_label=_("全部科室"),
    )
    party_member = forms.ChoiceField(
        label=_("党员"),
        required=False,
        choices=[("", _("全部")), ("yes", _("党员")), ("no", _("非党员"))],
    )
    include_inactive = forms.BooleanField(label=_("含离职"), required=False)

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from departments.models import Department, RosterImport

from .models import AccountBatch
from .selectors import imports_of_people


class _ImportChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("第 %(number)s 号：%(name)s") % {"number": obj.pk, "name": obj.original_name}


class AccountOpeningForm(BootstrapFormMixin, forms.Form):
    scope = forms.ChoiceField(
        label=_("开通范围"),
        choices=[
            (AccountBatch.Scope.ALL, AccountBatch.Scope.ALL.label),
            (AccountBatch.Scope.DEPARTMENT, AccountBatch.Scope.DEPARTMENT.label),
            (AccountBatch.Scope.ROSTER_IMPORT, AccountBatch.Scope.ROSTER_IMPORT.label),
        ],
        widget=forms.RadioSelect,
        initial=AccountBatch.Scope.ALL,
    )
    department = forms.ModelChoiceField(
        label=_("科室"),
        queryset=Department.objects.filter(parent__isnull=True).order_by("code"),
        required=False,
        empty_label=_("（选择科室）"),
    )
    roster_import = _ImportChoice(
        label=_("名册导入"),
        queryset=RosterImport.objects.none(),
        required=False,
        empty_label=_("（选择一次导入）"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roster_import"].queryset = RosterImport.objects.filter(
            pk__in=[item.pk for item in imports_of_people()]
        ).defer("preview")


class PasswordResetForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("重置原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：本人忘记密码，持工作证到信息科申请。"),
    )

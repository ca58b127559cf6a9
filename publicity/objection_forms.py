from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


class ListedDepartmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.unit.name


class ObjectionForm(BootstrapFormMixin, forms.Form):
    """The department objected to and the content; files are read from request.FILES."""

    application = ListedDepartmentField(
        label=_("被提出异议的科室"), queryset=None, empty_label=_("请选择")
    )
    content = forms.CharField(
        label=_("异议内容"),
        widget=forms.Textarea(attrs={"rows": 8, "data-char-count": "objection-count"}),
        help_text=_("请写明事实和理由，便于调查核实。"),
    )

    # A fresh random key per blank form (see Objection.submission_key).
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications


class SettleForm(BootstrapFormMixin, forms.Form):
    """One of the two settle forms of the page (upheld / dismissed), told apart by ``upheld``."""

    upheld = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
    findings = forms.CharField(
        label=_("调查结论"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("调查结论将告知被异议科室，请勿写入异议人的姓名或其他身份信息。"),
    )

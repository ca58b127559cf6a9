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
    findings = forms.CharField(label=_("调查结论"), widget=forms.Textarea(attrs={"rows": 5}))

    # Who objection_settle (publicity/services/objection_handling.py) tells, in
    # each outcome: the help must say exactly that. The department objected to
    # is never told who objected (docs/architecture.md, objector privacy).
    HELP = {
        True: _(
            "异议成立：调查结论连同受理编号通知被异议科室的申报人和科室负责人，"
            "并记入该科室申报的办理记录；同时通知异议人和党办（属于被异议科室的人员除外）。"
            "被异议科室只知道结论，不会得知异议人是谁，"
            "请勿写入异议人的姓名、工号、科室或其他能识别其身份的信息。"
        ),
        False: _(
            "异议不成立：调查结论只通知异议人和党办（属于被异议科室的人员除外），"
            "不通知被异议科室。"
            "请勿写入异议人的姓名、工号、科室或其他能识别其身份的信息。"
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        self.fields["findings"].help_text = self.HELP[source.get("upheld") == "yes"]

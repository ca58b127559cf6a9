from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.lists import DateInput
from responsibility.enums import HolderReason, ItemKind


class HoldersAddForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"))
    reason = forms.ChoiceField(label=_("类别"), choices=HolderReason.choices)
    employee_numbers = forms.CharField(
        label=_("工号"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "每行一个工号，可从 Excel 复制整列粘贴；也可直接粘贴“重点岗位轮岗名单”导出表的“在岗人员”列（姓名 工号）。"
        ),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField()


class HolderRemoveForm(BootstrapFormMixin, forms.Form):
    removed_on = forms.DateField(
        label=_("移出日期"), widget=DateInput, help_text=_("自该日起不再计入名单。")
    )
    reason = forms.CharField(label=_("移出原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=ItemKind.choices)
    text = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("查找出的问题，或本人承担的清廉建设责任。"),
    )
    measures = forms.CharField(label=_("措施"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("完成时限"), widget=DateInput)


class ReviseForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("修订原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ScanForm(BootstrapFormMixin, forms.Form):
    scan = forms.FileField(
        label=_("签名扫描件"),
        required=False,
        help_text=_("本人签名的清单扫描件：PDF、JPG 或 PNG，不超过 20 MB。"),
    )


class ProgressForm(BootstrapFormMixin, forms.Form):
    done = forms.TypedChoiceField(
        label=_("进展"),
        choices=(("1", _("已完成")), ("0", _("未完成"))),
        coerce=lambda value: value == "1",
    )
    on = forms.DateField(label=_("日期"), widget=DateInput)
    note = forms.CharField(
        label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

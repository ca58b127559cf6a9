import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from departments.models import Department
from workplan.matching import Roster


def _offices():
    return Department.objects.filter(active=True).order_by("code")


class PlanCreateForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("名称"),
        max_length=200,
        required=False,
        help_text=_("留空则为“某年廉洁医院建设工作计划表”"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class AddForm(BootstrapFormMixin, forms.Form):
    """A form that adds a row: a fresh random key per blank form, so that a double
    click adds one row (``services.plans._require_new``)."""

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    @classmethod
    def blank(cls, **kwargs):
        return cls(initial={"submission_key": uuid.uuid4()}, **kwargs)


class TaskForm(AddForm):
    title = forms.CharField(label=_("重点任务"), max_length=300)
    target_outcome = forms.CharField(
        label=_("目标成效"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    leaders = forms.CharField(
        label=_("责任领导"),
        required=False,
        max_length=300,
        help_text=_("人员名册中的姓名或工号，多人用“、”分隔"),
    )
    lead_office = forms.ModelChoiceField(label=_("牵头科室"), queryset=_offices())
    cooperating_offices = forms.ModelMultipleChoiceField(
        label=_("配合科室"),
        queryset=_offices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def clean_leaders(self):
        people, problems = Roster.load().people(self.cleaned_data["leaders"])
        if problems:
            raise forms.ValidationError(problems)
        return people

    @staticmethod
    def initial_of(task):
        return {
            "title": task.title,
            "target_outcome": task.target_outcome,
            "leaders": "、".join(person.name for person in task.responsible_leaders.all()),
            "lead_office": task.lead_office_id,
            "cooperating_offices": [office.pk for office in task.cooperating_offices.all()],
        }


class MeasureForm(AddForm):
    text = forms.CharField(label=_("具体措施"), widget=forms.Textarea(attrs={"rows": 3}))
    schedule_text = forms.CharField(
        label=_("进度安排"),
        required=False,
        max_length=300,
        help_text=_("例如“2026年3月底前”；新增措施时其中的日期会成为进度节点"),
    )


class NodeForm(AddForm):
    due_on = forms.DateField(label=_("完成时限"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("进度安排"), max_length=300)


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("工作计划表（.xlsx）"),
        help_text=_("每条具体措施一行，同一重点任务的单元格可合并；只能上传 Excel 工作簿（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

"""The integrity records' forms. The person pickers offer the unit's members but accept
anyone on the roster, so that a person of another department reaches the service and is
refused there in a sentence naming them (integrity/services/common.py)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.lists import DateInput
from departments.models import Person


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class RecordForm(BootstrapFormMixin, forms.Form):
    """A record's form: a fresh one-time key per blank form."""

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, members=(), **kwargs):
        if not args or args[0] is None:
            kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for name in self.person_fields:
            field = self.fields[name]
            choices = [(person.pk, field.label_from_instance(person)) for person in self.members]
            if isinstance(field, PersonChoiceField):
                choices = [("", _("请选择")), *choices]
            field.widget.choices = choices

    person_fields = ()


class CommitmentForm(RecordForm):
    person = PersonChoiceField(label=_("签署人"), queryset=Person.objects.all())
    signed_on = forms.DateField(label=_("签署日期"), widget=DateInput)
    scan = forms.FileField(
        label=_("承诺书扫描件"), help_text=_("签署后的承诺书，PDF、JPG 或 PNG，不超过 20 MB。")
    )
    received_by = PersonChoiceField(
        label=_("接收人（科室负责人签署时填写）"),
        queryset=Person.objects.filter(active=True),
        required=False,
        help_text=_(
            "科室负责人与医院签订承诺书：填写代表医院接收的人（工号）。职工与科室负责人签订，无需填写。"
        ),
        widget=forms.TextInput,
        to_field_name="employee_number",
    )

    person_fields = ("person",)


class TalkForm(RecordForm):
    talker = PersonChoiceField(label=_("约谈人"), queryset=Person.objects.all())
    person = PersonChoiceField(label=_("约谈对象"), queryset=Person.objects.all())
    talked_on = forms.DateField(label=_("约谈日期"), widget=DateInput)
    note = forms.CharField(label=_("约谈情况"), widget=forms.Textarea(attrs={"rows": 4}))

    person_fields = ("talker", "person")


class SessionForm(RecordForm):
    held_on = forms.DateField(label=_("学习日期"), widget=DateInput)
    topic = forms.CharField(label=_("学习主题"), max_length=200)
    attendees = PeopleChoiceField(
        label=_("参加人员"),
        queryset=Person.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=_("学习记录"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    file = forms.FileField(
        label=_("学习记录照片或扫描件"),
        required=False,
        help_text=_("可选：PDF、JPG 或 PNG，不超过 20 MB。未填写学习记录时必须上传。"),
    )

    person_fields = ("attendees",)


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500)


class ConfirmForm(BootstrapFormMixin, forms.Form):
    agree = forms.BooleanField(label=_("我已阅读并承诺遵守以上内容"))

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.i18n import join_items
from core.spreadsheets import ALLOWED_EXTENSIONS, allowed_formats_text, file_extension

from .models import UNIT_POSTS, Department, PartyBranch, Person, Post, Roster


def megabytes(size):
    """10485760 -> "10", 52428800 -> "50", 1572864 -> "1.5"."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def too_large_message(size=None):
    """Why a file over the upload limit was refused; with its ``size`` when it is known."""
    limit = megabytes(settings.IMPORT_MAX_UPLOAD_BYTES)
    if size:
        return gettext(
            "文件大小约 %(size)s MB，超过了 %(limit)s MB 的上限，未读取。"
            "请删除多余的工作表和图片，或拆分成几个文件后分批导入。"
        ) % {"size": megabytes(size), "limit": limit}
    return gettext(
        "文件超过了 %(limit)s MB 的上限，未读取。"
        "请删除多余的工作表和图片，或拆分成几个文件后分批导入。"
    ) % {"limit": limit}


class RosterImportForm(BootstrapFormMixin, forms.Form):
    roster = forms.ChoiceField(label=_("名册"), choices=Roster.choices, initial=Roster.PEOPLE)
    file = forms.FileField(
        label=_("表格文件"),
        error_messages={
            "required": _("请选择要导入的表格文件。"),
            "empty": _("文件是空的（0 字节），请选择填好数据的表格文件。"),
            "invalid": _("没有收到文件，请重新选择后上传。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "支持 %(formats)s 格式；第 1 行为列名，列的顺序不限。"
        ) % {"formats": allowed_formats_text()}
        self.fields["file"].widget.attrs.update(
            {
                "accept": ",".join(ALLOWED_EXTENSIONS),
                "data-max-bytes": settings.IMPORT_MAX_UPLOAD_BYTES,
                "data-too-large": too_large_message(),
            }
        )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if file_extension(uploaded.name) not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                gettext(
                    "“%(name)s”不是可导入的表格，只能导入 %(formats)s 格式的文件"
                    "（旧版 .xls 请在 Excel 中另存为 .xlsx）。"
                )
                % {"name": uploaded.name, "formats": allowed_formats_text()}
            )
        if uploaded.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_large_message(uploaded.size))
        return uploaded


# --- appointments -----------------------------------------------------------------------


class PersonField(forms.CharField):
    """A person named by employee number (工号) or, when only one has it, by name."""

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        person = Person.objects.select_related("user").filter(employee_number=text).first()
        if person is not None:
            return person
        namesakes = list(Person.objects.select_related("user", "department").filter(name=text)[:10])
        if not namesakes:
            raise forms.ValidationError(
                gettext("名册上没有工号或姓名为“%(text)s”的人员。") % {"text": text}
            )
        if len(namesakes) > 1:
            raise forms.ValidationError(
                gettext("名册上有不止一位“%(text)s”，请改填工号：%(people)s。")
                % {
                    "text": text,
                    "people": join_items(
                        gettext("%(number)s（%(department)s）")
                        % {"number": p.employee_number, "department": p.department.name}
                        for p in namesakes
                    ),
                }
            )
        return namesakes[0]


class AppointForm(BootstrapFormMixin, forms.Form):
    """Appoint someone to any post; the service says which place each post needs."""

    post = forms.ChoiceField(label=_("职务"), choices=Post.choices)
    person = PersonField(
        label=_("人员"),
        max_length=50,
        help_text=_("填写工号；姓名在名册上唯一时也可填姓名。"),
        error_messages={"required": _("请填写要任命人员的工号或姓名。")},
    )
    department = forms.ModelChoiceField(
        label=_("科室"),
        required=False,
        queryset=Department.objects.filter(active=True).order_by("code"),
        empty_label=_("（科室负责人、科室联络员须选择）"),
    )
    party_branch = forms.ModelChoiceField(
        label=_("党支部"),
        required=False,
        queryset=PartyBranch.objects.filter(active=True),
        empty_label=_("（党支部书记须选择）"),
    )
    reason = forms.CharField(label=_("任命依据"), max_length=200, required=False)


class DepartmentAppointForm(BootstrapFormMixin, forms.Form):
    """Appoint the head or a contact of one department (its page says which)."""

    post = forms.ChoiceField(
        label=_("职务"), choices=[(post.value, post.label) for post in UNIT_POSTS]
    )
    person = AppointForm.base_fields["person"]
    reason = forms.CharField(label=_("任命依据"), max_length=200, required=False)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitOpenedForm(BootstrapFormMixin, forms.Form):
    """The day a unit was set up (``departments.services.unit_opened_on_set`` checks it)."""

    opened_on = forms.DateField(label=_("设立日期"), widget=_date_input())
    reason = forms.CharField(
        label=_("依据或原因"),
        max_length=200,
        required=False,
        help_text=_("如院党委会议纪要、设立文件的文号。"),
    )

    def __init__(self, *args, **kwargs):
        # Its page has the closing form too: ids of their own, the same field names.
        kwargs.setdefault("auto_id", "opened-%s")
        super().__init__(*args, **kwargs)


class UnitCloseForm(BootstrapFormMixin, forms.Form):
    """A unit closed or merged into another (``departments.services.unit_close`` checks it)."""

    closed_on = forms.DateField(label=_("撤销或并入日期"), widget=_date_input())
    merged_into = forms.ModelChoiceField(
        label=_("并入"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("不并入（撤销）"),
        help_text=_("并入其他科室时选择：本单元的称号随之计入合并后的科室的覆盖情况。"),
    )
    reason = forms.CharField(
        label=_("依据或原因"),
        max_length=200,
        required=False,
        help_text=_("如院党委会议纪要、撤并文件的文号。"),
    )

    def __init__(self, *args, unit, **kwargs):
        kwargs.setdefault("auto_id", "close-%s")
        super().__init__(*args, **kwargs)
        # Open units other than this one and its own clean teams; the service checks again.
        self.fields["merged_into"].queryset = (
            Department.objects.filter(active=True, closed_on__isnull=True)
            .exclude(pk=unit.pk)
            .exclude(parent=unit.pk)
            .order_by("code")
        )

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from hospital.enums import IssuerRole


class HospitalSettingsForm(BootstrapFormMixin, forms.Form):
    """The settings page's one form. Its values are checked by
    ``hospital.services.hospital_settings_save``, which names the field it refuses."""

    name = forms.CharField(label=_("医院名称"), required=False, max_length=200)
    title_wording = forms.CharField(
        label=_("称号名称"),
        required=False,
        max_length=40,
        help_text=_(
            "印在公示、表扬通报、荣誉证书、公示栏和荣誉榜上，如“清廉科室”或“清廉示范科室”。"
        ),
    )
    objection_contact = forms.CharField(
        label=_("异议受理"),
        required=False,
        max_length=200,
        help_text=_("印在公示通知和公示栏上：职工向谁提出异议，如“纪检监察室，电话 8888”。"),
    )
    # The year-round work (docs/yearwork.md): checked again by the service.
    report_day = forms.IntegerField(
        label=_("月度报告报送日"),
        required=False,
        help_text=_("每月几日前报送月度报告（1–28）；遇节假日顺延至其后第一个工作日。"),
    )
    report_reminder_working_days = forms.IntegerField(
        label=_("提前提醒（工作日）"),
        required=False,
        help_text=_("报送截止前几个工作日提醒科室（0–10，0 为只在截止当天提醒）。"),
    )
    key_post_rotation_years = forms.IntegerField(
        label=_("重点岗位轮岗年限"),
        required=False,
        help_text=_("重点岗位任职满几年须轮岗（3–5 年）。"),
    )
    # Coverage toward the target (docs/coverage.md): checked again by the service.
    coverage_start_year = forms.IntegerField(
        label=_("全覆盖起算年度"),
        required=False,
        help_text=_("自该年度起获得的称号计入全覆盖，如 2023。"),
    )
    coverage_target_year = forms.IntegerField(
        label=_("全覆盖目标年度"),
        required=False,
        help_text=_("到该年度末，每个科室和清廉团队至少获评一次（院党委文件：2026）。"),
    )
    reason = forms.CharField(
        label=_("修改原因"),
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for role in IssuerRole:
            self.fields[f"{role}_name"] = forms.CharField(
                label=_("发文机关全称"),
                required=False,
                max_length=200,
                help_text=_("红头上印的全称，如“中共某某医院委员会”。"),
            )
            self.fields[f"{role}_prefix"] = forms.CharField(
                label=_("机关代字"), required=False, max_length=40
            )
            self.fields[f"{role}_next"] = forms.IntegerField(
                label=_("本年度下一文号"), required=False, min_value=1
            )
            # Added after the mixin styled the fields of the class.
            for suffix in ("name", "prefix", "next"):
                self.fields[f"{role}_{suffix}"].widget.attrs["class"] = "form-control"

    def issuer_fields(self):
        """``[(role label, role, name field, prefix field, next field)]`` for the template."""
        return [
            (
                role.label,
                role.value,
                self[f"{role}_name"],
                self[f"{role}_prefix"],
                self[f"{role}_next"],
            )
            for role in IssuerRole
        ]

    def issuers(self):
        data = self.cleaned_data
        return {
            role: {
                "name": data[f"{role}_name"],
                "number_prefix": data[f"{role}_prefix"],
                "next_number": data[f"{role}_next"],
            }
            for role in IssuerRole
        }

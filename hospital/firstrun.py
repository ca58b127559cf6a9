"""The first-run step this app owns: 医院设置 (core.firstrun)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.firstrun import FirstRunStep, register_step
from hospital.models import SINGLETON_PK, HospitalSettings
from hospital.rules import CHANGE
from hospital.selectors import hospital_profile


def settings_saved():
    """Done once an administrator has saved the settings (the row exists only then)."""
    return HospitalSettings.objects.filter(pk=SINGLETON_PK).exists()


def settings_progress():
    """What is set, in one or two sentences."""
    profile = hospital_profile()
    values = {
        "name": profile.name,
        "title": profile.title_wording,
        "party": profile.party_committee.number_prefix,
        "discipline": profile.discipline_commission.number_prefix,
        "contact": profile.objection_contact,
    }
    if not profile.saved:
        return (
            _(
                "尚未保存：现用安装时的默认值（%(name)s，称号“%(title)s”，"
                "机关代字 %(party)s、%(discipline)s）。请核对发文机关全称、机关代字和下一文号后保存。"
            )
            % values
        )
    return (
        _(
            "已设置：%(name)s，称号“%(title)s”，院党委代字 %(party)s，院纪委代字 %(discipline)s，"
            "异议受理 %(contact)s。"
        )
        % values
    )


def register():
    register_step(
        FirstRunStep(
            key="hospital_settings",
            order=10,
            title=gettext_lazy("医院设置"),
            url_name="hospital:settings",
            perm=CHANGE,
            is_done=settings_saved,
            progress=settings_progress,
        )
    )

"""The year-round settings on the hospital's settings page: the report day, the
reminder lead in working days and the key posts' rotation limit, each checked,
recorded as a change and read through ``hospital_profile()``."""

import pytest
from django.urls import reverse

from core.errors import DomainError
from hospital.enums import SettingsItem
from hospital.models import HospitalSettings, SettingsChange
from hospital.selectors import hospital_profile, profile_from_database
from tests.hospital.helpers import save_settings

pytestmark = pytest.mark.django_db

PAGE = reverse("hospital:settings")


def test_the_defaults_stand_until_saved():
    profile = hospital_profile()
    assert (
        profile.report_day,
        profile.report_reminder_working_days,
        profile.key_post_rotation_years,
    ) == (12, 3, 5)


def test_saving_leaves_them_alone_unless_given(admin_user):
    save_settings(admin_user)
    row = HospitalSettings.objects.get()
    assert (row.report_day, row.report_reminder_working_days, row.key_post_rotation_years) == (
        12,
        3,
        5,
    )


def test_each_change_is_recorded_with_its_old_and_new_value(admin_user):
    save_settings(admin_user)
    save_settings(
        admin_user,
        report_day=10,
        report_reminder_working_days=2,
        key_post_rotation_years=3,
        reason="党委会议决定",
    )
    changes = {
        c.item: (c.old_value, c.new_value)
        for c in SettingsChange.objects.exclude(item=SettingsItem.INITIAL)
    }
    assert changes == {
        SettingsItem.REPORT_DAY: ("12", "10"),
        SettingsItem.REPORT_REMINDER_WORKING_DAYS: ("3", "2"),
        SettingsItem.KEY_POST_ROTATION_YEARS: ("5", "3"),
    }
    profile = hospital_profile()
    assert (
        profile.report_day,
        profile.report_reminder_working_days,
        profile.key_post_rotation_years,
    ) == (10, 2, 3)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("report_day", 29, "月度报告报送日须为 1 至 28 之间的整数。"),
        ("report_day", 0, "月度报告报送日须为 1 至 28 之间的整数。"),
        ("report_reminder_working_days", 11, "提前提醒的工作日数须为 0 至 10 之间的整数。"),
        ("key_post_rotation_years", 6, "重点岗位轮岗年限须为 3 至 5 年。"),
        ("key_post_rotation_years", 2, "重点岗位轮岗年限须为 3 至 5 年。"),
    ],
)
def test_out_of_range_is_refused_on_its_field(admin_user, field, value, message):
    save_settings(admin_user)
    before = list(SettingsChange.objects.values_list("pk", flat=True))
    with pytest.raises(DomainError) as refused:
        save_settings(admin_user, **{field: value})
    assert (refused.value.field, str(refused.value)) == (field, message)
    assert list(SettingsChange.objects.values_list("pk", flat=True)) == before


def test_a_reminder_lead_of_zero_is_allowed(admin_user):
    save_settings(admin_user, report_reminder_working_days=0)
    assert hospital_profile().report_reminder_working_days == 0


def test_the_page_shows_and_saves_them(persona_client):
    client = persona_client("admin_user")
    page = client.get(PAGE)
    assert page.context["form"]["report_day"].value() == 12
    assert "每月 12 日（遇节假日顺延）" in page.content.decode()
    data = {
        "name": "示范人民医院",
        "title_wording": "清廉科室",
        "objection_contact": "纪检监察室",
        "party_committee_name": "中共示范人民医院委员会",
        "party_committee_prefix": "院党",
        "party_committee_next": "1",
        "discipline_commission_name": "中共示范人民医院纪律检查委员会",
        "discipline_commission_prefix": "院纪",
        "discipline_commission_next": "1",
        "report_day": "15",
        "report_reminder_working_days": "5",
        "key_post_rotation_years": "4",
        "reason": "首次启用",
    }
    assert client.post(reverse("hospital:save"), data).status_code == 302
    assert profile_from_database().report_day == 15
    refused = client.post(reverse("hospital:save"), data | {"report_day": "31"})
    assert refused.status_code == 200
    assert "月度报告报送日须为 1 至 28 之间的整数。" in refused.content.decode()

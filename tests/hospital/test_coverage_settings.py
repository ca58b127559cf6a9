"""The coverage's years on the hospital's settings page (docs/coverage.md): the start
year titles count from and the target year, each checked, recorded as a change and read
through ``hospital_profile()``."""

import pytest
from django.urls import reverse

from core.errors import DomainError
from hospital.enums import SettingsItem
from hospital.models import SettingsChange
from hospital.selectors import hospital_profile, profile_from_database
from tests.hospital.helpers import save_settings

pytestmark = pytest.mark.django_db


def test_the_defaults_are_2023_and_the_seed_s_2026():
    profile = hospital_profile()
    assert (profile.coverage_start_year, profile.coverage_target_year) == (2023, 2026)


def test_a_change_is_recorded_and_read(admin_user):
    save_settings(admin_user)
    save_settings(admin_user, coverage_start_year=2022, coverage_target_year=2027)
    changes = {
        c.item: (c.old_value, c.new_value)
        for c in SettingsChange.objects.exclude(item=SettingsItem.INITIAL)
    }
    assert changes == {
        SettingsItem.COVERAGE_START_YEAR: ("2023", "2022"),
        SettingsItem.COVERAGE_TARGET_YEAR: ("2026", "2027"),
    }
    profile = hospital_profile()
    assert (profile.coverage_start_year, profile.coverage_target_year) == (2022, 2027)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"coverage_start_year": 1999},
            "coverage_start_year",
            "年度须为 2000 至 2100 之间的四位数年份。",
        ),
        (
            {"coverage_target_year": "明年"},
            "coverage_target_year",
            "年度须为 2000 至 2100 之间的四位数年份。",
        ),
        (
            {"coverage_target_year": 2022},
            "coverage_target_year",
            "全覆盖目标年度（2022年）不能早于起算年度（2023年）。",
        ),
        (
            {"coverage_start_year": 2027},
            "coverage_target_year",
            "全覆盖目标年度（2026年）不能早于起算年度（2027年）。",
        ),
    ],
)
def test_a_bad_year_is_refused_and_nothing_is_written(admin_user, changes, field, message):
    save_settings(admin_user)
    before = list(SettingsChange.objects.values_list("pk", flat=True))
    with pytest.raises(DomainError) as refused:
        save_settings(admin_user, **changes)
    assert (refused.value.field, str(refused.value)) == (field, message)
    assert list(SettingsChange.objects.values_list("pk", flat=True)) == before
    assert hospital_profile().coverage_target_year == 2026


def test_the_page_shows_and_saves_them(persona_client):
    client = persona_client("admin_user")
    page = client.get(reverse("hospital:settings"))
    assert page.context["form"]["coverage_target_year"].value() == 2026
    assert "2023年起获得的称号计入，目标：2026年底前全覆盖" in page.content.decode()
    data = {
        "name": "示范人民医院",
        "title_wording": "清廉科室",
        "objection_contact": "纪检监察室",
        "party_committee_name": "中共示范人民医院委员会",
        "party_committee_prefix": "院党",
        "discipline_commission_name": "中共示范人民医院纪律检查委员会",
        "discipline_commission_prefix": "院纪",
        "coverage_start_year": "2024",
        "coverage_target_year": "2028",
        "reason": "党委会议调整目标",
    }
    assert client.post(reverse("hospital:save"), data).status_code == 302
    assert profile_from_database().coverage_start_year == 2024
    refused = client.post(reverse("hospital:save"), data | {"coverage_target_year": "2020"})
    assert refused.status_code == 200
    assert "全覆盖目标年度（2020年）不能早于起算年度（2024年）。" in refused.content.decode()

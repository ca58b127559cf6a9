"""hospital.services.hospital_settings_save: every rule, and nothing written on a refusal."""

import pytest
from django.core.cache import cache
from django.db import transaction

from core.errors import DomainError
from documents.models import DocumentNumber
from documents.numbers import document_number_next, document_number_set_next
from hospital.enums import SettingsItem
from hospital.models import HospitalSettings, IssuingBody, SettingsChange
from hospital.selectors import hospital_profile
from publicity.services.board import BOARD_CACHE_KEY
from tests.hospital.helpers import DISCIPLINE, PARTY, save_settings

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(HospitalSettings.objects.values()),
        list(IssuingBody.objects.order_by("role").values()),
        list(SettingsChange.objects.order_by("pk").values()),
        list(DocumentNumber.objects.order_by("prefix", "year").values()),
    )


def _take(issuer, count, year=2026):
    with transaction.atomic():
        return [document_number_next(year=year, issuer=issuer) for _ in range(count)]


# --- before the first save -----------------------------------------------------------------


def test_before_any_save_the_environment_variables_stand_in(settings):
    settings.HOSPITAL_NAME = "某某县人民医院"
    settings.TITLE_WORDING = "清廉示范科室"
    settings.PUBLICITY_CONTACT = "院纪委办公室"
    settings.NOTICE_ISSUING_BODY = "中共某某县人民医院委员会"
    settings.NOTICE_NUMBER_PREFIX = "县医党"
    settings.RECTIFICATION_ISSUING_BODY = "中共某某县人民医院纪律检查委员会"
    settings.RECTIFICATION_NUMBER_PREFIX = "县医纪"
    profile = hospital_profile()
    assert (profile.name, profile.title_wording, profile.objection_contact, profile.saved) == (
        "某某县人民医院",
        "清廉示范科室",
        "院纪委办公室",
        False,
    )
    assert (profile.party_committee.name, profile.party_committee.number_prefix) == (
        "中共某某县人民医院委员会",
        "县医党",
    )
    assert (profile.discipline_commission.name, profile.discipline_commission.number_prefix) == (
        "中共某某县人民医院纪律检查委员会",
        "县医纪",
    )
    assert not HospitalSettings.objects.exists()  # a read writes nothing


# --- saving --------------------------------------------------------------------------------


def test_first_save_creates_the_settings_and_records_who_when_why(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = save_settings(admin_user, reason="首次启用，按院办提供的名称填写")
    assert (row.name, row.saved_by) == ("示范人民医院", admin_user)
    (change,) = SettingsChange.objects.all()
    assert (change.item, change.by, change.new_value, change.reason) == (
        SettingsItem.INITIAL,
        admin_user,
        "示范人民医院",
        "首次启用，按院办提供的名称填写",
    )
    assert hospital_profile().saved
    assert set(IssuingBody.objects.values_list("role", "number_prefix")) == {
        (PARTY, "院党"),
        (DISCIPLINE, "院纪"),
    }


def test_each_value_changed_is_one_change_with_its_old_and_new_value(
    admin_user, django_capture_on_commit_callbacks
):
    save_settings(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        save_settings(
            admin_user,
            name="某某市第一人民医院",
            title_wording="清廉示范科室",
            objection_contact="纪检监察室，电话 8888",
            discipline_name="中共某某市第一人民医院纪律检查委员会",
            reason="医院更名（院党〔2026〕5号）",
        )
    changes = list(
        SettingsChange.objects.exclude(item=SettingsItem.INITIAL)
        .order_by("pk")
        .values_list("item", "issuer", "old_value", "new_value", "reason")
    )
    reason = "医院更名（院党〔2026〕5号）"
    assert changes == [
        (SettingsItem.NAME, "", "示范人民医院", "某某市第一人民医院", reason),
        (SettingsItem.TITLE_WORDING, "", "清廉科室", "清廉示范科室", reason),
        (SettingsItem.OBJECTION_CONTACT, "", "纪检监察室", "纪检监察室，电话 8888", reason),
        (
            SettingsItem.ISSUER_NAME,
            DISCIPLINE,
            "中共示范人民医院纪律检查委员会",
            "中共某某市第一人民医院纪律检查委员会",
            reason,
        ),
    ]
    profile = hospital_profile()
    assert (profile.name, profile.title_wording) == ("某某市第一人民医院", "清廉示范科室")
    assert profile.discipline_commission.name == "中共某某市第一人民医院纪律检查委员会"


def test_a_change_renews_the_cached_settings_once_it_commits(
    admin_user, django_capture_on_commit_callbacks
):
    save_settings(admin_user)
    assert hospital_profile().name == "示范人民医院"  # now kept in the cache
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save_settings(admin_user, name="某某市第一人民医院")
    assert hospital_profile().name == "示范人民医院"  # not before the commit
    for callback in callbacks:
        callback()
    assert hospital_profile().name == "某某市第一人民医院"


def test_a_change_clears_the_board_which_prints_the_title(
    admin_user, django_capture_on_commit_callbacks
):
    cache.set(BOARD_CACHE_KEY, {"current": [], "archive": []})
    with django_capture_on_commit_callbacks(execute=True):
        save_settings(admin_user, title_wording="清廉示范科室")
    assert cache.get(BOARD_CACHE_KEY) is None


def test_values_are_saved_with_their_spaces_tidied(admin_user):
    row = save_settings(
        admin_user, name="  某某 市第一  人民医院 ", title_wording=" 清廉 示范科室 "
    )
    assert (row.name, row.title_wording) == ("某某 市第一 人民医院", "清廉示范科室")


# --- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["party_office", "party_committee", "discipline_office", "staff"]
)
def test_only_the_administrator_may_change_the_settings(request, persona):
    user = request.getfixturevalue(persona)
    before = _snapshot()
    with pytest.raises(DomainError, match="只有系统管理员可以修改医院设置。"):
        save_settings(user, name="某某市第一人民医院")
    assert _snapshot() == before


# --- bad input: a clear message, nothing changed -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "请填写医院名称。"),
        ({"name": "医" * 101}, "name", "不能超过 100 个字。"),
        ({"title_wording": ""}, "title_wording", "称号名称须为 2 至 20 个汉字"),
        ({"title_wording": "Clean科室"}, "title_wording", "称号名称须为 2 至 20 个汉字"),
        ({"title_wording": "“清廉科室”"}, "title_wording", "称号名称须为 2 至 20 个汉字"),
        ({"objection_contact": ""}, "objection_contact", "请填写受理异议的部门或联系人。"),
        ({"party_name": ""}, "party_committee_name", "请填写院党委的发文机关全称。"),
        ({"discipline_name": " "}, "discipline_commission_name", "请填写院纪委的发文机关全称。"),
        ({"party_prefix": ""}, "party_committee_prefix", "院党委的机关代字只能由"),
        ({"party_prefix": "院 党"}, "party_committee_prefix", "院党委的机关代字只能由"),
        ({"party_prefix": "院党〔"}, "party_committee_prefix", "院党委的机关代字只能由"),
        ({"discipline_prefix": "<b>纪"}, "discipline_commission_prefix", "院纪委的机关代字只能由"),
        (
            {"discipline_prefix": "纪" * 11},
            "discipline_commission_prefix",
            "院纪委的机关代字只能由",
        ),
        (
            {"discipline_prefix": "院党"},
            "discipline_commission_prefix",
            "两个发文机关不能使用同一机关代字",
        ),
        ({"party_next": 0}, "party_committee_next", "下一文号须为 1 至 99999 之间的整数。"),
        ({"discipline_next": 100000}, "discipline_commission_next", "下一文号须为 1 至 99999"),
        ({"reason": " "}, "reason", "请填写修改原因。"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_changes(admin_user, changes, field, message):
    save_settings(admin_user)
    before = _snapshot()
    with pytest.raises(DomainError, match=message) as refusal:
        # A valid change beside the bad one: it is not written either.
        save_settings(admin_user, **{"objection_contact": "院纪委办公室", **changes})
    assert refusal.value.field == field
    assert _snapshot() == before


def test_a_save_that_changes_nothing_is_refused(admin_user):
    save_settings(admin_user)
    before = _snapshot()
    with pytest.raises(DomainError, match="没有修改任何设置。"):
        save_settings(admin_user, reason="再保存一次")
    assert _snapshot() == before


# --- the next number -----------------------------------------------------------------------


def test_next_number_moves_the_issuers_sequence_forward(admin_user):
    _take(PARTY, 3)
    save_settings(admin_user, party_next=41, reason="补记线下已发的文号")
    change = SettingsChange.objects.get(item=SettingsItem.NEXT_NUMBER)
    assert (change.issuer, change.year, change.old_value, change.new_value) == (
        PARTY,
        2026,
        "院党〔2026〕4号",
        "院党〔2026〕41号",
    )
    assert _take(PARTY, 1) == ["院党〔2026〕41号"]
    assert _take(DISCIPLINE, 1) == ["院纪〔2026〕1号"]  # the other sequence is untouched


def test_next_number_equal_to_the_next_changes_nothing_about_numbers(admin_user):
    _take(PARTY, 3)
    save_settings(admin_user, party_next=4, name="某某市第一人民医院")
    assert not SettingsChange.objects.filter(item=SettingsItem.NEXT_NUMBER).exists()
    assert _take(PARTY, 1) == ["院党〔2026〕4号"]


@pytest.mark.parametrize("next_number", [1, 2, 3])
def test_next_number_never_goes_backwards(admin_user, next_number):
    save_settings(admin_user)
    _take(DISCIPLINE, 3)
    before = _snapshot()
    with pytest.raises(DomainError) as refusal:
        save_settings(admin_user, name="某某市第一人民医院", discipline_next=next_number)
    assert refusal.value.message == (
        "院纪委的院纪〔2026〕3号已经发出，下一文号须大于 3：文号不能倒退。"
    )
    assert refusal.value.field == "discipline_commission_next"
    assert _snapshot() == before
    assert _take(DISCIPLINE, 1) == ["院纪〔2026〕4号"]


def test_the_numbering_hook_refuses_a_number_taken_meanwhile(admin_user):
    """The service's check reads the sequence before its lock; the hook checks again
    under it, so a number taken between the two is never issued twice."""
    _take(PARTY, 5)
    with (
        pytest.raises(DomainError, match="院党〔2026〕5号已经发出，下一文号须大于 5"),
        transaction.atomic(),
    ):
        document_number_set_next(prefix="院党", year=2026, next_number=5)
    assert _take(PARTY, 1) == ["院党〔2026〕6号"]


def test_a_new_prefix_starts_its_own_sequence_and_the_old_numbers_stay(admin_user):
    assert _take(PARTY, 2) == ["院党〔2026〕1号", "院党〔2026〕2号"]
    save_settings(admin_user, party_prefix="示医党", reason="启用新的机关代字")
    assert _take(PARTY, 1) == ["示医党〔2026〕1号"]
    assert DocumentNumber.objects.get(prefix="院党", year=2026).last == 2
    # Back to the old prefix: its sequence goes on where it stood.
    save_settings(admin_user, party_prefix="院党", reason="恢复原机关代字")
    assert _take(PARTY, 1) == ["院党〔2026〕3号"]


def test_a_new_prefix_and_its_next_number_are_checked_against_its_own_sequence(admin_user):
    _take(PARTY, 7)
    save_settings(admin_user, party_prefix="示医党", party_next=2)
    assert _take(PARTY, 1) == ["示医党〔2026〕2号"]


def test_next_numbers_apply_to_the_year_given(admin_user):
    _take(PARTY, 9, year=2026)
    save_settings(admin_user, party_next=5, year=2027)
    assert _take(PARTY, 1, year=2027) == ["院党〔2027〕5号"]
    assert _take(PARTY, 1, year=2026) == ["院党〔2026〕10号"]

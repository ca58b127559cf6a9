"""The hospital's settings page: what it shows, the form, refusals on their field, the history."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.numbers import document_number_next
from hospital.enums import SettingsItem
from hospital.models import HospitalSettings, SettingsChange
from tests.hospital.helpers import DISCIPLINE, PARTY, save_settings

pytestmark = pytest.mark.django_db

PAGE = reverse("hospital:settings")
SAVE = reverse("hospital:save")


def _form(**changes):
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
        "reason": "首次启用",
    }
    return data | changes


def test_the_page_shows_the_defaults_until_an_administrator_saves(persona_client):
    page = persona_client("admin_user").get(PAGE).content.decode()
    assert 'id="not-saved"' in page
    assert "中共示范人民医院纪律检查委员会 · 机关代字 院纪" in page
    assert 'id="settings-form"' in page
    assert "年中改用新的机关代字，新代字从本年度第 1 号起另行编号" in page
    assert "尚无变更。" in page


def test_the_page_shows_this_years_numbers_per_issuer(persona_client):
    year = timezone.localdate().year
    with transaction.atomic():
        for _ in range(3):
            document_number_next(year=year, issuer=PARTY)
    page = persona_client("admin_user").get(PAGE).content.decode()
    assert f"{year}年已用至 院党〔{year}〕3号，下一文号第 4 号" in page
    assert f"{year}年尚未发文，下一文号第 1 号" in page
    assert 'name="party_committee_next" value="4"' in page


def test_the_party_office_reads_the_settings_without_the_form(persona_client, admin_user):
    save_settings(admin_user, title_wording="清廉示范科室", reason="按院党委决定")
    page = persona_client("party_office").get(PAGE).content.decode()
    assert "清廉示范科室" in page
    assert "按院党委决定" in page  # the history too
    assert 'id="settings-form"' not in page


def test_an_administrator_saves_and_reads_the_change_in_the_history(persona_client, admin_user):
    client = persona_client("admin_user")
    response = client.post(
        SAVE,
        _form(title_wording="清廉示范科室", reason="依据院党〔2026〕3号文件"),
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain == [(PAGE, 302)]
    assert "医院设置已保存，此后生成的公文和页面按新设置显示。" in page
    row = HospitalSettings.objects.get()
    assert (row.title_wording, row.saved_by) == ("清廉示范科室", admin_user)
    changes = SettingsChange.objects.order_by("pk")
    assert [c.item for c in changes] == [SettingsItem.INITIAL, SettingsItem.TITLE_WORDING]
    assert page.count('<tr class="change">') == 2
    assert "<td>系统管理员</td>" in page
    assert "<td>称号名称</td>" in page
    assert "<td>依据院党〔2026〕3号文件</td>" in page
    assert 'id="last-saved"' in page


def test_a_refusal_is_shown_on_its_field_and_nothing_is_saved(persona_client):
    response = persona_client("admin_user").post(SAVE, _form(party_committee_prefix="院党/"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "院党委的机关代字只能由 1 至 10 个汉字、字母或数字组成" in page
    assert 'value="院党/"' in page  # what was typed stays in the form
    assert not HospitalSettings.objects.exists()
    assert not SettingsChange.objects.exists()


def test_a_number_going_backwards_is_refused_on_its_field(persona_client, admin_user):
    year = timezone.localdate().year
    save_settings(admin_user, year=year)
    with transaction.atomic():
        for _ in range(2):
            document_number_next(year=year, issuer=DISCIPLINE)
    response = persona_client("admin_user").post(
        SAVE, _form(discipline_commission_next="2", name="某某市第一人民医院", reason="改名")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"院纪委的院纪〔{year}〕2号已经发出，下一文号须大于 2：文号不能倒退。" in page
    assert HospitalSettings.objects.get().name == "示范人民医院"


def test_the_party_office_may_not_save(persona_client):
    response = persona_client("party_office").post(SAVE, _form())
    assert response.status_code == 403
    assert not HospitalSettings.objects.exists()


def test_the_history_query_count_does_not_grow(persona_client, admin_user):
    client = persona_client("admin_user")
    save_settings(admin_user)
    client.get(PAGE)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE)
    for name in ("某某市第一人民医院", "某某市中心医院", "某某市人民医院"):
        save_settings(admin_user, name=name, objection_contact=f"{name}纪检监察室")
    assert SettingsChange.objects.count() == 7
    with CaptureQueriesContext(connection) as many:
        client.get(PAGE)
    assert len(many) == len(one)


def test_the_navigation_links_the_page_for_its_readers(persona_client):
    assert f'href="{PAGE}"' in persona_client("admin_user").get(reverse("home")).content.decode()
    assert f'href="{PAGE}"' not in persona_client("staff").get(reverse("home")).content.decode()

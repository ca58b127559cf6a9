"""The veto indicators: the ten of fixtures/, linked to their offices by name,
edited and retired by the administrator, never deleted; events keep their wording."""

import pytest
from django.urls import reverse

from core.errors import DomainError
from tests.factories import DepartmentFactory, office_person, reported_veto_event, veto_indicator
from veto.models import VetoIndicator
from veto.services import indicators as services

pytestmark = pytest.mark.django_db


def test_migration_loads_the_ten_indicators_of_the_fixture():
    indicators = list(VetoIndicator.objects.order_by("number"))
    assert [i.number for i in indicators] == list(range(1, 11))
    assert indicators[6].responsible_offices == "医务科、质管科、公卫科、院感科"
    assert indicators[9].text == "有学术不端行为，经上级有关部门或院学术委员会认定属实"
    assert indicators[9].evidence_basis == "会议纪要、文件"
    assert all(i.retired_at is None for i in indicators)


def test_load_defaults_links_departments_by_name_and_is_idempotent():
    medical = DepartmentFactory(code="YWK", name="医务科", kind="administrative")
    quality = DepartmentFactory(code="ZGK", name="质管科", kind="administrative")
    assert services.indicators_load_defaults() == (0, 4)  # 7: 医务科 质管科; 8, 9: 医务科
    assert services.indicators_load_defaults() == (0, 0)
    linked = {
        i.number: sorted(d.name for d in i.responsible_departments.all())
        for i in VetoIndicator.objects.prefetch_related("responsible_departments")
    }
    assert linked[7] == ["医务科", "质管科"]
    assert linked[8] == ["医务科"]
    assert linked[9] == ["医务科"]
    assert linked[1] == []  # 党政办 has no department here: the text keeps the name
    assert VetoIndicator.objects.get(number=1).responsible_offices == "党政办"
    assert {medical.pk, quality.pk} == set(
        VetoIndicator.objects.get(number=7).responsible_departments.values_list("pk", flat=True)
    )


def test_load_defaults_creates_a_missing_indicator_by_number():
    VetoIndicator.objects.filter(number=10).delete()
    assert services.indicators_load_defaults() == (1, 0)
    assert VetoIndicator.objects.get(number=10).responsible_offices == "科教科"
    assert VetoIndicator.objects.count() == 10


def test_demo_hospital_links_the_indicators_to_its_offices():
    from home.demo import load_demo_hospital

    load_demo_hospital()
    indicator = VetoIndicator.objects.get(number=2)
    assert sorted(d.name for d in indicator.responsible_departments.all()) == ["党政办", "公卫科"]


def test_edit_changes_the_indicator_but_an_event_keeps_its_wording(
    admin_user, discipline_office, department_a
):
    indicator = veto_indicator()
    event = reported_veto_event(department_a, discipline_office)
    services.indicator_edit(
        indicator=indicator,
        by=admin_user,
        text="新的表述",
        evidence_basis="处分决定",
        responsible_offices="纪检监察室",
    )
    indicator.refresh_from_db()
    event.refresh_from_db()
    assert (indicator.text, indicator.evidence_basis) == ("新的表述", "处分决定")
    assert event.indicator_text.startswith("违反中央八项规定精神")
    assert event.indicator_evidence_basis == "相关记录、文件"
    assert event.indicator_number == 4


def test_edit_refused_for_anyone_but_the_administrator(discipline_office):
    with pytest.raises(DomainError, match="只有系统管理员可以修改否决性指标"):
        services.indicator_edit(
            indicator=veto_indicator(),
            by=discipline_office,
            text="x",
            evidence_basis="x",
            responsible_offices="x",
        )


def test_edit_refused_with_an_empty_field(admin_user):
    with pytest.raises(DomainError, match="请填写指标内容、审核依据和责任部门"):
        services.indicator_edit(
            indicator=veto_indicator(),
            by=admin_user,
            text=" ",
            evidence_basis="x",
            responsible_offices="x",
        )


def test_retire_keeps_the_row_and_records_the_reason(admin_user, discipline_office, department_a):
    reported_veto_event(department_a, discipline_office)
    indicator = services.indicator_retire(
        indicator=veto_indicator(), by=admin_user, reason="并入第5项"
    )
    assert indicator.retired_at is not None
    assert VetoIndicator.objects.filter(number=4).exists()
    latest = indicator.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "停用：并入第5项")


def test_retire_requires_a_reason(admin_user):
    with pytest.raises(DomainError, match="停用指标须说明理由"):
        services.indicator_retire(indicator=veto_indicator(), by=admin_user, reason="  ")


def test_retire_twice_refused(admin_user):
    services.indicator_retire(indicator=veto_indicator(), by=admin_user, reason="x")
    with pytest.raises(DomainError, match="该指标已经停用"):
        services.indicator_retire(indicator=veto_indicator(), by=admin_user, reason="x")


def test_retired_indicator_refuses_new_reports(admin_user, discipline_office, department_a):
    services.indicator_retire(indicator=veto_indicator(), by=admin_user, reason="x")
    with pytest.raises(DomainError, match="该否决性指标已停用"):
        reported_veto_event(department_a, discipline_office, indicator=veto_indicator())


def test_add_gives_the_next_number(admin_user, department_a):
    indicator = services.indicator_add(
        by=admin_user,
        text="新增指标",
        evidence_basis="文件",
        responsible_offices="心内科",
        departments=[department_a],
    )
    assert indicator.number == 11
    assert list(indicator.responsible_departments.all()) == [department_a]


def test_no_delete_is_offered():
    from django.contrib import admin

    model_admin = admin.site._registry.get(VetoIndicator)
    assert model_admin is None or model_admin.has_delete_permission(None) is False
    assert "indicator_delete" not in str(reverse("veto:indicators"))


# --- pages ---------------------------------------------------------------------------------


def test_indicator_list_shows_the_ten_with_edit_links_for_the_administrator(persona_client):
    response = persona_client("admin_user").get(reverse("veto:indicators"))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('id="indicator-') == 10
    assert reverse("veto:indicator_edit", args=[veto_indicator().pk]) in content


def test_indicator_list_is_read_only_for_the_discipline_office(persona_client):
    response = persona_client("discipline_office").get(reverse("veto:indicators"))
    assert response.status_code == 200
    assert reverse("veto:indicator_edit", args=[veto_indicator().pk]) not in (
        response.content.decode()
    )


def test_indicator_edit_page_saves(persona_client, department_a):
    indicator = veto_indicator()
    response = persona_client("admin_user").post(
        reverse("veto:indicator_edit", args=[indicator.pk]),
        {
            "text": "改写后的指标",
            "evidence_basis": "文件",
            "responsible_offices": "心内科",
            "departments": [department_a.pk],
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.text == "改写后的指标"
    assert list(indicator.responsible_departments.all()) == [department_a]


def test_indicator_retire_page_retires(persona_client):
    indicator = veto_indicator()
    response = persona_client("admin_user").post(
        reverse("veto:indicator_retire", args=[indicator.pk]), {"reason": "不再适用"}
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.is_retired


def test_indicator_add_page_adds(persona_client):
    response = persona_client("admin_user").post(
        reverse("veto:indicator_add"),
        {"text": "新增的指标", "evidence_basis": "文件", "responsible_offices": "党政办"},
    )
    assert response.status_code == 302
    assert VetoIndicator.objects.get(number=11).text == "新增的指标"


def test_indicator_list_queries_do_not_grow_with_rows(
    persona_client, django_assert_num_queries, department_a
):
    client = persona_client("admin_user")
    url = reverse("veto:indicators")
    VetoIndicator.objects.exclude(number=1).delete()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    services.indicators_load_defaults()
    for indicator in VetoIndicator.objects.all():
        indicator.responsible_departments.add(department_a)
    office_person("医务科", "yiwu")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert VetoIndicator.objects.count() == 10
    assert len(many) == len(one)


def test_indicator_list_offers_adding_only_to_who_may_add(persona_client):
    add = reverse("veto:indicator_add")
    assert add in persona_client("admin_user").get(reverse("veto:indicators")).content.decode()
    client = persona_client("discipline_office")
    assert add not in client.get(reverse("veto:indicators")).content.decode()

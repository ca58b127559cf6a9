"""The staff bonus list (医德考评加分, seed 001 七.1): members of a commended department
in it for at least one year at the confirmation date, from the roster as it stood
that day; the page, the Excel file and its query count."""

import datetime
import io

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.bonus import (
    RosterHistoryTooShortError,
    bonus_list,
    bonus_workbook,
    full_years,
)
from appraisal.enums import TitleStatus
from appraisal.models import Campaign, Title
from core.history import changed_by
from departments.models import Department, Person
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    confirmable_campaign,
    confirmed_campaign,
)

pytestmark = pytest.mark.django_db

CONFIRMED_ON = datetime.date(2025, 6, 30)


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _backdate_roster(day):
    """The roster changes made since ``day`` (09:00 Asia/Shanghai) are moved to just
    before it, in the order they were made."""
    moment = _moment(day)
    for model in (Person, Department):
        model.history.filter(history_date__gt=moment).update(
            history_date=F("history_date") - (timezone.now() - moment)
        )


@pytest.fixture
def cardiology(db):
    return DepartmentFactory(code="K01", name="心内科")


@pytest.fixture
def orthopaedics(db):
    return DepartmentFactory(code="K02", name="骨科")


@pytest.fixture
def commended(party_office, party_committee, cardiology, orthopaedics):
    """Cardiology and orthopaedics commended; the confirmation dated 2025-06-30 and
    the roster so far entered on 2025-01-02. Only the people each test adds are
    on the units' rosters (the factories' heads are moved away first)."""
    campaign, _apps = confirmed_campaign(party_office, party_committee, [cardiology, orthopaedics])
    Campaign.objects.filter(pk=campaign.pk).update(confirmed_on=CONFIRMED_ON)
    campaign.refresh_from_db()
    elsewhere = DepartmentFactory(code="Z99", name="其他科室")
    for person in Person.objects.filter(department__in=[cardiology, orthopaedics]):
        person.department = elsewhere
        person.save()
    _backdate_roster(datetime.date(2025, 1, 2))
    return campaign


def _person(unit, number, joined, **fields):
    return PersonFactory(
        department=unit, employee_number=number, joined_department_on=joined, **fields
    )


def _listed(campaign):
    return [(r.employee_number, r.unit.code, r.years) for r in bonus_list(campaign)]


# --- the rule ---------------------------------------------------------------------------


def test_full_years_counts_whole_years_only():
    assert full_years(datetime.date(2020, 7, 1), datetime.date(2025, 6, 30)) == 4
    assert full_years(datetime.date(2020, 6, 30), datetime.date(2025, 6, 30)) == 5
    assert full_years(datetime.date(2025, 7, 1), datetime.date(2025, 6, 30)) == -1


def test_full_years_of_a_29_february_join_end_on_28_february():
    assert full_years(datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)) == 1
    assert full_years(datetime.date(2024, 2, 29), datetime.date(2025, 2, 27)) == 0
    assert full_years(datetime.date(2024, 2, 29), datetime.date(2028, 2, 28)) == 3
    assert full_years(datetime.date(2024, 2, 29), datetime.date(2028, 2, 29)) == 4


def test_bonus_includes_exactly_one_year_and_excludes_one_day_short(commended, cardiology):
    _person(cardiology, "E1001", datetime.date(2024, 6, 30))
    _person(cardiology, "E1002", datetime.date(2024, 7, 1))
    _person(cardiology, "E1003", datetime.date(2015, 3, 1))
    _backdate_roster(datetime.date(2025, 1, 2))
    assert _listed(commended) == [("E1001", "K01", 1), ("E1003", "K01", 10)]


def test_bonus_of_a_29_february_join(commended, cardiology):
    _person(cardiology, "E2001", datetime.date(2024, 2, 29))
    _person(cardiology, "E2002", datetime.date(2024, 3, 1))
    _backdate_roster(datetime.date(2025, 1, 2))
    Campaign.objects.filter(pk=commended.pk).update(confirmed_on=datetime.date(2025, 2, 28))
    commended.refresh_from_db()
    assert _listed(commended) == [("E2001", "K01", 1)]
    Campaign.objects.filter(pk=commended.pk).update(confirmed_on=datetime.date(2025, 2, 27))
    commended.refresh_from_db()
    assert _listed(commended) == []


def test_bonus_lists_a_person_who_moved_after_the_confirmation(commended, cardiology, orthopaedics):
    mover = _person(cardiology, "E3001", datetime.date(2020, 1, 1))
    _backdate_roster(datetime.date(2025, 1, 2))
    mover.department = orthopaedics
    mover.joined_department_on = datetime.date(2025, 8, 1)
    changed_by(mover, by=None, reason="调岗").save()
    assert _listed(commended) == [("E3001", "K01", 5)]


def test_bonus_leaves_out_a_person_who_arrived_after_the_confirmation(
    commended, cardiology, orthopaedics
):
    # Joined long ago on paper, but entered on the roster after the confirmation.
    _person(orthopaedics, "E4001", datetime.date(2018, 5, 1))
    assert _listed(commended) == []


def test_bonus_leaves_out_people_inactive_at_the_confirmation(commended, cardiology):
    _person(cardiology, "E5001", datetime.date(2019, 1, 1), active=False)
    leaver = _person(cardiology, "E5002", datetime.date(2019, 1, 1))
    _backdate_roster(datetime.date(2025, 1, 2))
    leaver.active = False
    leaver.save()  # left after the confirmation: still earned it
    assert _listed(commended) == [("E5002", "K01", 6)]


def test_bonus_leaves_out_units_whose_title_was_revoked(commended, cardiology, orthopaedics):
    _person(cardiology, "E6001", datetime.date(2019, 1, 1))
    _person(orthopaedics, "E6002", datetime.date(2019, 1, 1))
    _backdate_roster(datetime.date(2025, 1, 2))
    Title.objects.filter(unit=orthopaedics).update(
        status=TitleStatus.REVOKED, revoked_on=datetime.date(2025, 9, 1)
    )
    assert _listed(commended) == [("E6001", "K01", 6)]


def test_bonus_of_an_unconfirmed_campaign_is_empty(party_office, cardiology):
    campaign, _apps, _publicity = confirmable_campaign(party_office, [cardiology])
    PersonFactory(department=cardiology, joined_department_on=datetime.date(2010, 1, 1))
    assert bonus_list(campaign) == []


# --- the Excel file -----------------------------------------------------------------------


def _sheet_rows(content):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_bonus_workbook_rows_read_back(commended, cardiology, orthopaedics):
    _person(cardiology, "E7001", datetime.date(2020, 1, 1), name="张三")
    _person(orthopaedics, "E7002", datetime.date(2024, 6, 30), name='=HYPERLINK("x")')
    _backdate_roster(datetime.date(2025, 1, 2))
    assert _sheet_rows(bonus_workbook(commended)) == [
        ["工号", "姓名", "科室", "在本科室年限（年）", "医德考评加分", "所在清廉团队"],
        ["E7001", "张三", "心内科", 5, 2, None],
        ["E7002", '\'=HYPERLINK("x")', "骨科", 1, 2, None],
    ]


def test_bonus_export_answers_the_file(commended, cardiology, persona_client):
    _person(cardiology, "E8001", datetime.date(2020, 1, 1), name="李四")
    _backdate_roster(datetime.date(2025, 1, 2))
    response = persona_client("party_office").get(
        reverse("appraisal:bonus_export", args=[commended.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{commended.year}-bonus-'
    )
    assert _sheet_rows(response.content)[1] == ["E8001", "李四", "心内科", 5, 2, None]


def test_bonus_export_of_an_unconfirmed_campaign_is_refused(
    party_office, cardiology, persona_client
):
    campaign, _apps, _publicity = confirmable_campaign(party_office, [cardiology])
    response = persona_client("party_office").get(
        reverse("appraisal:bonus_export", args=[campaign.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisal:bonus_list", args=[campaign.pk])


# --- the page ------------------------------------------------------------------------------


def test_bonus_page_previews_the_list(commended, cardiology, orthopaedics, persona_client):
    _person(cardiology, "E9001", datetime.date(2020, 1, 1), name="王五")
    _backdate_roster(datetime.date(2025, 1, 2))
    Title.objects.filter(unit=orthopaedics).update(status=TitleStatus.REVOKED)
    response = persona_client("party_office").get(
        reverse("appraisal:bonus_list", args=[commended.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>E9001</td><td>王五</td><td>心内科</td><td>5</td><td>+2</td>" in page
    assert "共 1 人" in page
    assert "称号已撤销、不计加分的科室：骨科" in page
    assert f'href="{reverse("appraisal:bonus_export", args=[commended.pk])}"' in page


def test_bonus_page_of_an_unconfirmed_campaign_says_so(party_office, cardiology, persona_client):
    campaign, _apps, _publicity = confirmable_campaign(party_office, [cardiology])
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:bonus_list", args=[campaign.pk]))
        .content.decode()
    )
    assert "名单经党委确认后才有医德考评加分名单。" in page
    assert reverse("appraisal:bonus_export", args=[campaign.pk]) not in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_bonus_page_query_count_does_not_grow(commended, cardiology, orthopaedics, persona_client):
    client = persona_client("party_office")
    url = reverse("appraisal:bonus_list", args=[commended.pk])
    _person(cardiology, "E9101", datetime.date(2020, 1, 1))
    _backdate_roster(datetime.date(2025, 1, 2))
    one = _queries(client, url)
    for n in range(2, 5):
        _person(cardiology if n % 2 else orthopaedics, f"E910{n}", datetime.date(2020, 1, 1))
    _backdate_roster(datetime.date(2025, 1, 2))
    assert len(bonus_list(commended)) == 4
    assert _queries(client, url) == one


# --- clean teams (清廉团队) and a roster history that does not reach back -------------------


def _team(parent, code, name):
    return DepartmentFactory(code=code, name=name, parent=parent)


def test_bonus_includes_the_people_of_the_departments_clean_teams(commended, cardiology):
    nursing = _team(cardiology, "K01-T1", "护理清廉小组")
    _person(cardiology, "E6001", datetime.date(2020, 1, 1))
    _person(nursing, "E6002", datetime.date(2022, 3, 1))
    _person(nursing, "E6003", datetime.date(2025, 3, 1))  # four months: no bonus
    _backdate_roster(datetime.date(2025, 1, 2))

    rows = bonus_list(commended)

    assert [(r.employee_number, r.unit.code, r.team, r.years) for r in rows] == [
        ("E6001", "K01", "", 5),
        ("E6002", "K01", "护理清廉小组", 3),
    ]


def test_bonus_leaves_out_a_team_formed_under_the_department_after_the_confirmation(
    commended, cardiology
):
    """A team set up under cardiology after the confirmation day was not its team then:
    its people are counted where they were that day (here nowhere commended)."""
    elsewhere = DepartmentFactory(code="Z98", name="门诊部")
    person = _person(elsewhere, "E6101", datetime.date(2020, 1, 1))
    team = DepartmentFactory(code="T-NEW", name="新建清廉小组")
    _backdate_roster(datetime.date(2025, 1, 2))
    team.parent = cardiology
    team.save()
    person.department = team
    person.save()

    assert _listed(commended) == []


def test_bonus_refuses_when_the_roster_history_starts_after_the_confirmation(commended, cardiology):
    """The history was switched on (or the roster imported) in 2025-08: who was in the
    units on 2025-06-30 is unknown, so there is no list rather than an empty one."""
    _person(cardiology, "E6201", datetime.date(2020, 1, 1))
    moment = _moment(datetime.date(2025, 8, 1))
    for model in (Person, Department):
        model.history.filter(history_date__lt=moment).update(history_date=moment)

    with pytest.raises(RosterHistoryTooShortError) as refused:
        bonus_list(commended)

    assert refused.value.message == (
        "人员名册（科室与人员）变动记录从2025年8月1日才开始，"
        "查不到党委确认日（2025年6月30日）当天的名册，"
        "无法判断当天谁在受表扬科室及其清廉团队、是否满一年，"
        "因此不生成医德考评加分名单。请系统管理员补录当天的名册后再试。"
    )
    with pytest.raises(RosterHistoryTooShortError):
        bonus_workbook(commended)


def test_bonus_refuses_without_any_roster_history(commended):
    Person.history.all().delete()

    with pytest.raises(RosterHistoryTooShortError, match="目前没有任何变动记录"):
        bonus_list(commended)


def test_bonus_page_refuses_with_the_message_not_an_empty_list(
    commended, cardiology, persona_client
):
    Person.history.all().delete()
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:bonus_list", args=[commended.pk]))
        .content.decode()
    )
    assert 'id="roster-history-refusal">人员名册（科室与人员）目前没有任何变动记录' in page
    assert 'id="bonus-rows"' not in page
    assert "没有符合条件的人员。" not in page
    assert reverse("appraisal:bonus_export", args=[commended.pk]) not in page


def test_bonus_export_refuses_with_the_message(commended, persona_client):
    Person.history.all().delete()
    client = persona_client("party_office")
    response = client.get(reverse("appraisal:bonus_export", args=[commended.pk]), follow=True)
    assert response.redirect_chain == [(reverse("appraisal:bonus_list", args=[commended.pk]), 302)]
    assert "目前没有任何变动记录" in response.content.decode()


def test_bonus_page_shows_the_team_and_says_teams_count(commended, cardiology, persona_client):
    nursing = _team(cardiology, "K01-T1", "护理清廉小组")
    _person(nursing, "E6301", datetime.date(2020, 1, 1), name="赵六")
    _backdate_roster(datetime.date(2025, 1, 2))
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:bonus_list", args=[commended.pk]))
        .content.decode()
    )
    assert '<td>心内科<div class="small text-muted">清廉团队：护理清廉小组</div></td>' in page
    assert "受表扬科室下设的清廉团队（清廉小组）的人员也是该科室职工，一并列入" in page

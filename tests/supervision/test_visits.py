"""Visits (调研指导): planned by the party office or the discipline office, twice a year
by the working group or ad hoc; done or cancelled with who, when and why."""

import datetime
import uuid

import pytest

from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from notifications.models import Notification
from supervision.enums import VisitKind, VisitMethod, VisitOrganizer, VisitState
from supervision.models import Visit, VisitEvent
from supervision.services import visits
from tests.factories import DepartmentFactory
from tests.supervision.factories import VISITED_ON, done_visit, planned_visit

pytestmark = pytest.mark.django_db


def test_plan_records_the_visit_its_event_and_tells_the_department(
    discipline_office, department_a, applicant_a, head_a
):
    visit = planned_visit(discipline_office, [department_a])

    assert visit.state == VisitState.PLANNED
    assert list(visit.departments.all()) == [department_a]
    assert visit.year == 2026
    assert visit.planned_on == VISITED_ON
    event = VisitEvent.objects.get(subject=visit)
    assert (event.transition, event.actor, event.to_state) == ("plan", discipline_office, "planned")
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"applicant_a", "head_a"}
    assert Notification.objects.filter(subject="2026年5月15日将对心内科开展调研指导").count() == 2


def test_plan_by_a_lead_office_ad_hoc(party_office, department_a):
    office = DepartmentFactory(code="YWK", name="医务科", kind="administrative")
    visit = planned_visit(
        party_office,
        [department_a],
        kind=VisitKind.AD_HOC,
        organizer=VisitOrganizer.LEAD_OFFICE,
        lead_office=office,
        planned_on=datetime.date(2026, 9, 10),
    )
    assert (visit.organizer, visit.lead_office) == (VisitOrganizer.LEAD_OFFICE, office)


def test_plan_by_the_working_group_keeps_no_lead_office(party_office, department_a):
    office = DepartmentFactory(code="YWK", name="医务科", kind="administrative")
    visit = planned_visit(party_office, [department_a], lead_office=office)
    assert visit.lead_office is None


def test_plan_refused_to_anyone_but_the_offices(applicant_a, leading_group, department_a):
    for user in (applicant_a, leading_group):
        with pytest.raises(DomainError, match="只有党委办公室和纪检监察室可以计划和记录调研指导"):
            planned_visit(user, [department_a])
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"departments": []}, "请至少选择一个调研科室"),
        ({"organizer": VisitOrganizer.LEAD_OFFICE, "kind": VisitKind.AD_HOC}, "须写明牵头部门"),
        ({"planned_on": datetime.date(2027, 3, 1), "year": 2026}, "计划日期须在 2026 年内"),
        ({"planned_on": datetime.date(2026, 8, 3)}, "上半年定期调研指导的计划日期须在该半年内"),
        ({"members": "  "}, "请填写调研人员"),
    ],
)
def test_plan_refusals(party_office, department_a, options, message):
    values = {
        "by": party_office,
        "year": 2026,
        "kind": VisitKind.FIRST_HALF,
        "organizer": VisitOrganizer.WORKING_GROUP,
        "departments": [department_a],
        "planned_on": VISITED_ON,
        "members": "王某",
        **options,
    }
    with pytest.raises(DomainError, match=message):
        visits.visit_plan(**values)
    assert not Visit.objects.exists()


def test_half_year_visits_are_the_working_groups(party_office, department_a):
    office = DepartmentFactory(code="YWK", name="医务科", kind="administrative")
    with pytest.raises(DomainError, match="定期调研指导由工作专班统一组织"):
        planned_visit(
            party_office, [department_a], organizer=VisitOrganizer.LEAD_OFFICE, lead_office=office
        )


def test_second_half_visit_in_the_second_half(party_office, department_a):
    visit = planned_visit(
        party_office,
        [department_a],
        kind=VisitKind.SECOND_HALF,
        planned_on=datetime.date(2026, 7, 1),
    )
    assert visit.kind == VisitKind.SECOND_HALF
    with pytest.raises(DomainError, match="下半年定期调研指导的计划日期须在该半年内"):
        planned_visit(
            party_office,
            [department_a],
            kind=VisitKind.SECOND_HALF,
            planned_on=datetime.date(2026, 6, 30),
        )


def test_plan_refuses_a_retired_department(party_office, department_a):
    department_a.active = False
    department_a.save(update_fields=["active"])
    with pytest.raises(DomainError, match="科室已停用，不能调研：心内科"):
        planned_visit(party_office, [department_a])


def test_plan_posted_twice_makes_one_visit(party_office, discipline_office, department_a):
    key = uuid.uuid4()
    first = planned_visit(party_office, [department_a], submission_key=key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        planned_visit(party_office, [department_a], submission_key=key)
    assert repeat.value.existing == first
    with pytest.raises(DomainError, match="表单已失效"):
        planned_visit(discipline_office, [department_a], submission_key=key)
    assert Visit.objects.count() == 1


def test_complete_records_what_was_done(discipline_office, department_a):
    visit = done_visit(discipline_office, [department_a])
    assert visit.state == VisitState.DONE
    assert visit.visited_on == VISITED_ON
    assert visit.method_labels() == ["听取汇报", "查阅资料"]
    assert VisitEvent.objects.filter(subject=visit, transition="complete").count() == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"visited_on": datetime.date(2026, 5, 16)}, "调研日期不能晚于今天"),
        ({"methods": []}, "请至少选择一种调研方式"),
        ({"methods": ["nap"]}, "调研方式不正确：nap"),
        ({"members": ""}, "请填写调研人员"),
        ({"visited_on": datetime.date(2025, 12, 30)}, "调研日期须在 2026 年内"),
    ],
)
def test_complete_refusals(discipline_office, department_a, options, message):
    visit = planned_visit(discipline_office, [department_a])
    values = {
        "visit": visit,
        "by": discipline_office,
        "visited_on": VISITED_ON,
        "members": "王某",
        "methods": [VisitMethod.VISIT],
        "today": VISITED_ON,
        **options,
    }
    with pytest.raises(DomainError, match=message):
        visits.visit_complete(**values)
    visit.refresh_from_db()
    assert visit.state == VisitState.PLANNED


def test_complete_refused_to_the_department(discipline_office, applicant_a, department_a):
    visit = planned_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="只有党委办公室和纪检监察室"):
        visits.visit_complete(
            visit=visit,
            by=applicant_a,
            visited_on=VISITED_ON,
            members="王某",
            methods=[VisitMethod.VISIT],
            today=VISITED_ON,
        )


def test_cancel_keeps_the_reason_and_tells_the_department(party_office, department_a, applicant_a):
    visit = planned_visit(party_office, [department_a])
    with pytest.raises(DomainError, match="取消调研指导须说明理由"):
        visits.visit_cancel(visit=visit, by=party_office, reason=" ")
    visit = visits.visit_cancel(visit=visit, by=party_office, reason="科室承担疫情防控任务。")
    assert visit.state == VisitState.CANCELLED
    event = VisitEvent.objects.get(subject=visit, transition="cancel")
    assert (event.actor, event.reason) == (party_office, "科室承担疫情防控任务。")
    assert Notification.objects.filter(
        recipient=applicant_a, subject="原定2026年5月15日对心内科的调研指导已取消"
    ).exists()


def test_a_cancelled_visit_is_not_completed(party_office, department_a):
    visit = planned_visit(party_office, [department_a])
    visits.visit_cancel(visit=visit, by=party_office, reason="改期。")
    with pytest.raises(StaleStateError, match="已取消"):
        visits.visit_complete(
            visit=visit,
            by=party_office,
            visited_on=VISITED_ON,
            members="王某",
            methods=[VisitMethod.VISIT],
            today=VISITED_ON,
        )

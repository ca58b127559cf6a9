"""The rectification ledger (整改台账): a finding of a done visit becomes an item with
its responsible person and due date; the department rectifies with evidence; the office
closes it or sends it back."""

import datetime
import uuid

import pytest

from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from notifications.models import Notification
from supervision.enums import LedgerState, ReminderKind
from supervision.models import (
    LedgerEvidence,
    LedgerItem,
    LedgerItemEvent,
    LedgerRectification,
    LedgerReminder,
)
from supervision.services import ledger
from tests.factories import PersonFactory, pdf_upload, text_upload
from tests.supervision.factories import (
    DUE_ON,
    VISITED_ON,
    done_visit,
    ledger_item_of,
    planned_visit,
    rectified,
)
from workcalendar.workdays import SHANGHAI

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("statutory_calendar", "media_root")]


@pytest.fixture
def item_a(discipline_office, department_a, head_a, applicant_a):
    return ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)


def _record(visit, by, unit, responsible, **options):
    values = {
        "visit": visit,
        "by": by,
        "unit": unit,
        "finding": "学习记录不全。",
        "responsible": responsible,
        "due_on": DUE_ON,
        "today": VISITED_ON,
        **options,
    }
    return ledger.finding_record(**values)


# --- recording a finding -------------------------------------------------------------------


def test_a_finding_becomes_an_open_item_with_its_reminders(item_a, head_a, applicant_a):
    assert item_a.state == LedgerState.OPEN
    assert (item_a.responsible, item_a.due_on) == (head_a.person, DUE_ON)
    assert LedgerItemEvent.objects.get(subject=item_a).transition == "record"
    reminders = dict(LedgerReminder.objects.values_list("kind", "due_at"))
    # 3 working days before Monday 15 June 2026: Wednesday 10 June, 08:00.
    assert reminders == {
        ReminderKind.BEFORE_DUE: datetime.datetime(2026, 6, 10, 8, tzinfo=SHANGHAI),
        ReminderKind.OVERDUE: datetime.datetime(2026, 6, 16, 0, tzinfo=SHANGHAI),
    }
    told = set(
        Notification.objects.filter(subject__contains="请于").values_list("recipient", flat=True)
    )
    assert told == {head_a.pk, applicant_a.pk}


def test_reminder_lead_follows_the_hospitals_setting(
    discipline_office, department_a, head_a, settings, monkeypatch
):
    from hospital import selectors as hospital_selectors

    profile = hospital_selectors.hospital_profile()
    monkeypatch.setattr(
        "supervision.services.ledger.hospital_profile",
        lambda: type(profile)(**{**profile.__dict__, "report_reminder_working_days": 5}),
    )
    ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)
    before = LedgerReminder.objects.get(kind=ReminderKind.BEFORE_DUE)
    # Five working days before Monday 15 June: Monday 8 June.
    assert before.due_at == datetime.datetime(2026, 6, 8, 8, tzinfo=SHANGHAI)


def test_a_finding_on_a_visit_not_done_is_refused(discipline_office, department_a, head_a):
    visit = planned_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="调研指导当前为“已计划”，完成调研后才能记录"):
        _record(visit, discipline_office, department_a, head_a.person)
    assert not LedgerItem.objects.exists()


def test_a_finding_about_a_department_not_visited_is_refused(
    discipline_office, department_a, department_b, head_a
):
    visit = done_visit(discipline_office, [department_a])
    person_b = PersonFactory(department=department_b, name="乙科医生")
    with pytest.raises(DomainError, match="该科室不在本次调研指导的科室中"):
        _record(visit, discipline_office, department_b, person_b)


def test_a_responsible_person_of_another_department_is_refused(
    discipline_office, department_a, department_b
):
    visit = done_visit(discipline_office, [department_a])
    person_b = PersonFactory(department=department_b, name="乙科医生")
    with pytest.raises(DomainError, match="乙科医生不是“心内科”的在职人员"):
        _record(visit, discipline_office, department_a, person_b)
    assert not LedgerItem.objects.exists()


def test_a_person_of_a_clean_team_of_the_department_may_be_responsible(
    discipline_office, department_a
):
    from tests.factories import DepartmentFactory

    team = DepartmentFactory(code="A01-T1", name="导管室清廉团队", parent=department_a)
    nurse = PersonFactory(department=team, name="导管室护士")
    visit = done_visit(discipline_office, [department_a])
    assert _record(visit, discipline_office, department_a, nurse).responsible == nurse


def test_a_person_who_left_is_refused(discipline_office, department_a):
    gone = PersonFactory(department=department_a, name="已离职医生", active=False)
    visit = done_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="已离职医生不是“心内科”的在职人员"):
        _record(visit, discipline_office, department_a, gone)


def test_the_due_date_must_be_a_working_day(discipline_office, department_a, head_a):
    visit = done_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="2026年6月13日不是工作日"):
        _record(
            visit, discipline_office, department_a, head_a.person, due_on=datetime.date(2026, 6, 13)
        )
    # Dragon Boat Festival, Friday 19 June 2026.
    with pytest.raises(DomainError, match="2026年6月19日不是工作日"):
        _record(
            visit, discipline_office, department_a, head_a.person, due_on=datetime.date(2026, 6, 19)
        )


def test_an_adjusted_working_weekend_is_a_due_date(discipline_office, department_a, head_a):
    visit = done_visit(discipline_office, [department_a])
    # Sunday 20 September 2026 is worked (National Day adjustment; the calendar, docs/architecture.md, "Publicity deadline").
    item = _record(
        visit, discipline_office, department_a, head_a.person, due_on=datetime.date(2026, 9, 20)
    )
    assert item.due_on == datetime.date(2026, 9, 20)


def test_a_due_date_in_a_year_nobody_entered_is_refused_by_the_calendar(
    discipline_office, department_a, head_a
):
    visit = done_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="2027 年的法定节假日和调休安排尚未录入"):
        _record(
            visit, discipline_office, department_a, head_a.person, due_on=datetime.date(2027, 3, 1)
        )
    assert not LedgerItem.objects.exists()


def test_a_due_date_before_the_visit_or_today_is_refused(discipline_office, department_a, head_a):
    visit = done_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="整改期限须晚于调研日期"):
        _record(visit, discipline_office, department_a, head_a.person, due_on=VISITED_ON)
    with pytest.raises(DomainError, match="不早于今天"):
        _record(
            visit,
            discipline_office,
            department_a,
            head_a.person,
            due_on=datetime.date(2026, 5, 20),
            today=datetime.date(2026, 5, 21),
        )


def test_a_finding_is_recorded_by_the_offices_only(
    discipline_office, department_a, head_a, applicant_a
):
    visit = done_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="只有党委办公室和纪检监察室可以记录调研发现的问题"):
        _record(visit, applicant_a, department_a, head_a.person)


def test_a_finding_posted_twice_makes_one_item(discipline_office, department_a, head_a):
    visit = done_visit(discipline_office, [department_a])
    key = uuid.uuid4()
    first = _record(visit, discipline_office, department_a, head_a.person, submission_key=key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        _record(visit, discipline_office, department_a, head_a.person, submission_key=key)
    assert repeat.value.existing == first
    assert LedgerItem.objects.count() == 1
    assert LedgerReminder.objects.count() == 2


def test_a_finding_needs_its_text(discipline_office, department_a, head_a):
    visit = done_visit(discipline_office, [department_a])
    with pytest.raises(DomainError, match="请填写发现的问题"):
        _record(visit, discipline_office, department_a, head_a.person, finding="  ")


# --- the department's rectification ----------------------------------------------------------


def test_the_contact_rectifies_with_evidence(item_a, applicant_a, party_office, discipline_office):
    item = rectified(item_a, applicant_a)
    assert item.state == LedgerState.RECTIFIED
    rectification = LedgerRectification.objects.get(item=item)
    assert (rectification.text, rectification.submitted_by) == ("已补齐学习记录。", applicant_a)
    evidence = LedgerEvidence.objects.get()
    assert (evidence.original_name, evidence.kind) == ("整改.pdf", "pdf")
    assert evidence.file.name.startswith(f"supervision/{rectification.pk}/")
    told = set(
        Notification.objects.filter(subject="心内科提交了整改情况，请核查").values_list(
            "recipient", flat=True
        )
    )
    assert told == {party_office.pk, discipline_office.pk}


def test_the_head_rectifies_too(item_a, head_a):
    assert rectified(item_a, head_a).state == LedgerState.RECTIFIED


def test_another_department_may_not_rectify(item_a, applicant_b, discipline_office):
    for user in (applicant_b, discipline_office):
        with pytest.raises(DomainError, match="只有“心内科”的科室负责人或联络员可以提交整改情况"):
            rectified(item_a, user)
    assert not LedgerRectification.objects.exists()


def test_evidence_of_the_wrong_kind_is_refused_naming_what_is_allowed(item_a, applicant_a):
    with pytest.raises(DomainError) as refusal:
        ledger.ledger_rectify(
            item=item_a, by=applicant_a, text="已整改。", uploads=[text_upload("说明.txt")]
        )
    assert (
        "「说明.txt」的内容不是允许的文件类型。只能上传 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx） 文件"
        in str(refusal.value)
    )
    item_a.refresh_from_db()
    assert item_a.state == LedgerState.OPEN
    assert not LedgerRectification.objects.exists()
    assert not LedgerEvidence.objects.exists()


def test_a_rectification_needs_evidence_and_text(item_a, applicant_a):
    with pytest.raises(DomainError, match="请上传整改佐证材料"):
        ledger.ledger_rectify(item=item_a, by=applicant_a, text="已整改。", uploads=[])
    with pytest.raises(DomainError, match="请填写整改情况"):
        ledger.ledger_rectify(item=item_a, by=applicant_a, text=" ", uploads=[pdf_upload()])


def test_too_many_files_are_refused(item_a, applicant_a):
    with pytest.raises(DomainError, match="每次最多上传 10 个佐证文件，您选择了 11 个"):
        ledger.ledger_rectify(
            item=item_a, by=applicant_a, text="已整改。", uploads=[pdf_upload() for _ in range(11)]
        )


def test_a_rectification_posted_twice_is_one(item_a, applicant_a):
    key = uuid.uuid4()
    ledger.ledger_rectify(
        item=item_a, by=applicant_a, text="已整改。", uploads=[pdf_upload()], submission_key=key
    )
    with pytest.raises((AlreadySubmittedError, StaleStateError)):
        ledger.ledger_rectify(
            item=item_a, by=applicant_a, text="已整改。", uploads=[pdf_upload()], submission_key=key
        )
    assert LedgerRectification.objects.count() == 1


def test_a_rectification_key_already_used_after_a_send_back_is_the_same_submission(
    item_a, applicant_a, discipline_office
):
    key = uuid.uuid4()
    ledger.ledger_rectify(
        item=item_a, by=applicant_a, text="已整改。", uploads=[pdf_upload()], submission_key=key
    )
    ledger.ledger_send_back(item=item_a, by=discipline_office, reason="照片不清楚。")
    with pytest.raises(AlreadySubmittedError, match="该整改情况已经提交过") as repeat:
        ledger.ledger_rectify(
            item=item_a, by=applicant_a, text="已整改。", uploads=[pdf_upload()], submission_key=key
        )
    assert repeat.value.existing == item_a
    assert LedgerRectification.objects.count() == 1


def test_a_rectified_item_waits_for_the_check(item_a, applicant_a):
    rectified(item_a, applicant_a)
    with pytest.raises(StaleStateError, match="已整改，待核查"):
        rectified(item_a, applicant_a)


# --- the office's check --------------------------------------------------------------------


def test_closing_on_or_before_the_due_date_is_on_time(item_a, applicant_a, discipline_office):
    rectified(item_a, applicant_a)
    item = ledger.ledger_close(
        item=item_a,
        by=discipline_office,
        note="整改到位。",
        now=datetime.datetime(2026, 6, 15, 23, 30, tzinfo=SHANGHAI),
    )
    assert item.state == LedgerState.CLOSED
    assert (item.closed_by, item.closed_on, item.closed_on_time) == (
        discipline_office,
        DUE_ON,
        True,
    )
    event = LedgerItemEvent.objects.get(subject=item, transition="close")
    assert (event.actor, event.reason) == (discipline_office, "整改到位。")
    assert Notification.objects.filter(
        recipient=applicant_a, subject="心内科的整改事项已销号"
    ).exists()


def test_closing_after_the_due_date_is_late(item_a, applicant_a, party_office):
    rectified(item_a, applicant_a)
    # 00:30 on 16 June in Shanghai is still 15 June in UTC: the local day counts.
    item = ledger.ledger_close(
        item=item_a, by=party_office, now=datetime.datetime(2026, 6, 16, 0, 30, tzinfo=SHANGHAI)
    )
    assert (item.closed_on, item.closed_on_time) == (datetime.date(2026, 6, 16), False)


def test_only_a_rectified_item_is_checked(item_a, discipline_office):
    with pytest.raises(StaleStateError, match="待整改"):
        ledger.ledger_close(item=item_a, by=discipline_office)
    with pytest.raises(StaleStateError, match="待整改"):
        ledger.ledger_send_back(item=item_a, by=discipline_office, reason="未整改。")


def test_the_check_is_the_offices(item_a, applicant_a, leading_group, head_a):
    rectified(item_a, applicant_a)
    for user in (applicant_a, leading_group):
        with pytest.raises(DomainError, match="只有党委办公室和纪检监察室可以核查整改情况"):
            ledger.ledger_close(item=item_a, by=user)


def test_an_office_member_of_the_department_stays_out(item_a, applicant_a, discipline_office_of_a):
    rectified(item_a, applicant_a)
    with pytest.raises(DomainError, match="须回避，不能核查本科室的整改台账"):
        ledger.ledger_close(item=item_a, by=discipline_office_of_a)
    with pytest.raises(DomainError, match="须回避"):
        ledger.ledger_send_back(item=item_a, by=discipline_office_of_a, reason="不行。")


def test_sent_back_with_a_reason_then_rectified_again_then_closed(
    item_a, applicant_a, discipline_office
):
    rectified(item_a, applicant_a)
    with pytest.raises(DomainError, match="退回须说明理由"):
        ledger.ledger_send_back(item=item_a, by=discipline_office, reason="")
    item = ledger.ledger_send_back(item=item_a, by=discipline_office, reason="签到表缺少二月。")
    assert item.state == LedgerState.SENT_BACK
    assert Notification.objects.filter(
        recipient=applicant_a, subject="心内科的整改情况被退回，请重新整改"
    ).exists()
    rectified(item, applicant_a, text="已补齐二月签到表。")
    item = ledger.ledger_close(item=item, by=discipline_office)
    assert item.state == LedgerState.CLOSED
    assert list(item.events.values_list("transition", "reason")) == [
        ("record", ""),
        ("rectify", "已补齐学习记录。"),
        ("send_back", "签到表缺少二月。"),
        ("rectify", "已补齐二月签到表。"),
        ("close", ""),
    ]
    # Nothing is deleted: both rectifications and their evidence stay.
    assert LedgerRectification.objects.filter(item=item).count() == 2
    assert LedgerEvidence.objects.count() == 2


def test_is_overdue_until_closed(item_a):
    assert not item_a.is_overdue(DUE_ON)
    assert item_a.is_overdue(DUE_ON + datetime.timedelta(days=1))

"""Objections (异议) during publicity: the rules of publicity/services/objections.py."""

import datetime
import threading
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from appraisal.enums import ApplicationState
from appraisal.models import Application, ApplicationEvent
from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from notifications.models import Notification
from publicity.enums import ObjectionState, PublicityState
from publicity.models import Objection, ObjectionAttachment, Publicity, PublicityEvent
from publicity.objection_forms import SettleForm
from publicity.services import objection_handling as services
from publicity.services.board import BOARD_CACHE_KEY
from tests.conftest import needs_postgresql
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    decided_campaign,
    listed_publicity,
    objection_of,
    objector,
    pdf_upload,
    text_upload,
)

pytestmark = pytest.mark.django_db

SHANGHAI_DAY = datetime.date(2026, 9, 18)


def at(day, hour, minute=0, second=0):
    """An aware moment in Asia/Shanghai (the project's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


@pytest.fixture
def listed(party_office, department_a, department_b, applicant_a, head_a):
    """An open publicity (started today, ends in five days) listing departments A and B."""
    publicity, (a, b) = listed_publicity(party_office, [department_a, department_b])
    Notification.objects.all().delete()  # those of the application steps
    return publicity, a, b


@pytest.fixture
def raiser(department_b):
    return objector("raiser", name="钟晓珣", department=department_b, employee_number="E99173")


def subjects(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


# --- submit -----------------------------------------------------------------------------


def test_submit_records_the_objection_with_a_receipt_number(listed, raiser):
    publicity, a, _ = listed
    objection = objection_of(publicity, a, raiser, content="  科室收受红包。  ")
    year = timezone.localdate().year
    assert objection.receipt_number == f"YY{year}-0001"
    assert objection.state == ObjectionState.SUBMITTED
    assert objection.content == "科室收受红包。"
    assert objection.objector == raiser
    event = objection.events.get()
    assert (event.transition, event.from_state, event.to_state, event.actor) == (
        "submit",
        "",
        "submitted",
        raiser,
    )


def test_submit_receipt_numbers_run_on_within_the_year(listed, raiser):
    publicity, a, b = listed
    first = objection_of(publicity, a, raiser)
    second = objection_of(publicity, b, raiser)
    year = timezone.localdate().year
    assert (first.receipt_number, second.receipt_number) == (
        f"YY{year}-0001",
        f"YY{year}-0002",
    )


def test_submit_notifies_objector_and_offices_never_the_department(
    listed, raiser, applicant_a, head_a, party_office, discipline_office
):
    publicity, a, _ = listed
    objection = objection_of(publicity, a, raiser)
    number = objection.receipt_number
    assert subjects(raiser) == [f"您的异议已登记，受理编号 {number}"]
    assert subjects(discipline_office) == [f"收到对“心内科”的异议（{number}）"]
    assert subjects(party_office) == [f"收到对“心内科”的异议（{number}）"]
    assert subjects(applicant_a) == []
    assert subjects(head_a) == []
    office_note = Notification.objects.get(recipient=discipline_office)
    assert "钟晓珣" not in office_note.body
    assert office_note.url == f"/publicity/objections/{objection.pk}/"


@pytest.fixture
def offices_of_a(party_office_of_a, discipline_office_of_a, department_a):
    """The two offices' members who work in department A or in its clean team."""
    from accounts.roles import Role

    team = DepartmentFactory(code="A01-T1", name="心内科导管室团队", parent=department_a)
    in_team = []
    for username, role in (
        ("party_office_team_a", Role.PARTY_OFFICE),
        ("discipline_office_team_a", Role.DISCIPLINE_OFFICE),
    ):
        user = UserFactory(username=username, roles=[role])
        PersonFactory(user=user, department=team)
        in_team.append(user)
    return [party_office_of_a, discipline_office_of_a, *in_team]


def test_submit_never_notifies_the_offices_members_of_the_department(
    listed, raiser, offices_of_a, party_office, discipline_office
):
    publicity, a, b = listed
    about_a = objection_of(publicity, a, raiser)
    about_b = objection_of(publicity, b, raiser)
    for user in offices_of_a:
        assert subjects(user) == [f"收到对“骨科”的异议（{about_b.receipt_number}）"], user
    for user in (party_office, discipline_office):
        assert sorted(subjects(user)) == [
            f"收到对“心内科”的异议（{about_a.receipt_number}）",
            f"收到对“骨科”的异议（{about_b.receipt_number}）",
        ]


def test_submit_refused_when_publicity_closed(listed, raiser):
    publicity, a, _ = listed
    Publicity.objects.filter(pk=publicity.pk).update(state=PublicityState.CLOSED)
    with pytest.raises(DomainError, match="该公示当前不在公示期内，不能提出异议。"):
        objection_of(publicity, a, raiser)
    assert Objection.objects.count() == 0


def test_submit_refused_when_publicity_closed_pending(listed, raiser):
    publicity, a, _ = listed
    Publicity.objects.filter(pk=publicity.pk).update(state=PublicityState.CLOSED_PENDING)
    with pytest.raises(DomainError, match="不在公示期内"):
        objection_of(publicity, a, raiser)


def test_submit_refused_before_the_publicity_starts(
    party_office, department_a, applicant_a, head_a, raiser
):
    publicity, (a,) = listed_publicity(
        party_office,
        [department_a],
        starts_on=SHANGHAI_DAY,
        ends_at=at(SHANGHAI_DAY + datetime.timedelta(days=6), 0),
    )
    with pytest.raises(DomainError, match=r"^公示将于2026年9月18日开始，开始后方可提出异议。$"):
        objection_of(
            publicity, a, raiser, now=at(SHANGHAI_DAY - datetime.timedelta(days=1), 23, 59)
        )
    # From 00:00 Asia/Shanghai of the first day it is open.
    assert objection_of(publicity, a, raiser, now=at(SHANGHAI_DAY, 0)).pk


def test_submit_refused_at_the_deadline(party_office, department_a, applicant_a, head_a, raiser):
    ends_at = at(SHANGHAI_DAY + datetime.timedelta(days=6), 0)
    publicity, (a,) = listed_publicity(
        party_office, [department_a], starts_on=SHANGHAI_DAY, ends_at=ends_at
    )
    assert objection_of(publicity, a, raiser, now=ends_at - datetime.timedelta(seconds=1)).pk
    with pytest.raises(DomainError, match="不在公示期内"):
        objection_of(publicity, a, raiser, now=ends_at)


def test_submit_refused_for_a_department_not_on_the_list(listed, raiser):
    publicity, a, _ = listed
    Application.objects.filter(pk=a.pk).update(state=ApplicationState.REMOVED)
    a.refresh_from_db()
    with pytest.raises(DomainError, match="该科室不在本次公示名单上，不能对其提出异议。"):
        objection_of(publicity, a, raiser)


def test_submit_refused_for_an_application_of_another_campaign(
    listed, raiser, party_office, department_a
):
    publicity, _, _ = listed
    _, (elsewhere,) = decided_campaign(party_office, [department_a], title="另一批次")
    with pytest.raises(DomainError, match="不在本次公示名单上"):
        objection_of(publicity, elsewhere, raiser)


def test_submit_refused_without_content(listed, raiser):
    publicity, a, _ = listed
    with pytest.raises(DomainError, match="请填写异议内容。"):
        objection_of(publicity, a, raiser, content=" \n ")


def test_submit_refused_when_content_too_long(listed, raiser):
    publicity, a, _ = listed
    with pytest.raises(DomainError, match="异议内容最多 2000 字，现为 2001 字。"):
        objection_of(publicity, a, raiser, content="字" * 2001)


def test_submit_stores_attachments_privately(listed, raiser, media_root):
    publicity, a, _ = listed
    objection = objection_of(publicity, a, raiser, uploads=[pdf_upload("照片说明.pdf")])
    attachment = objection.attachments.get()
    assert (attachment.original_name, attachment.kind, attachment.size) == (
        "照片说明.pdf",
        "pdf",
        200,
    )
    assert attachment.file.name.startswith(f"objections/{publicity.pk}/")
    assert "照片说明" not in attachment.file.name
    assert len(attachment.sha256) == 64


def test_submit_wrong_file_type_says_what_is_allowed(listed, raiser, media_root):
    publicity, a, _ = listed
    with pytest.raises(DomainError) as refused:
        objection_of(publicity, a, raiser, uploads=[pdf_upload(), text_upload("说明.txt")])
    assert str(refused.value) == (
        "「说明.txt」的内容不是允许的文件类型。只能上传 PDF、JPG、PNG、Word（.docx） 文件"
        "（按文件内容判断，改扩展名无效）。"
    )
    assert Objection.objects.count() == 0
    assert ObjectionAttachment.objects.count() == 0


def test_submit_refused_with_too_many_attachments(listed, raiser, media_root):
    publicity, a, _ = listed
    with pytest.raises(DomainError, match="每条异议最多附 5 个文件，您选择了 6 个。"):
        objection_of(publicity, a, raiser, uploads=[pdf_upload() for _ in range(6)])


def test_submit_sixth_of_a_shanghai_day_refused_next_day_allowed(
    party_office, department_a, applicant_a, head_a, raiser
):
    publicity, (a,) = listed_publicity(
        party_office,
        [department_a],
        starts_on=SHANGHAI_DAY,
        ends_at=at(SHANGHAI_DAY + datetime.timedelta(days=6), 0),
    )
    # 07:30 in Shanghai is 23:30 UTC of the day before: the day is Shanghai's.
    morning = at(SHANGHAI_DAY, 7, 30)
    for _ in range(5):
        objection_of(publicity, a, raiser, now=morning)
    Objection.objects.update(submitted_at=morning)
    with pytest.raises(DomainError) as refused:
        objection_of(publicity, a, raiser, now=at(SHANGHAI_DAY, 23, 59, 59))
    assert str(refused.value) == "每人每天最多提出 5 条异议，您今天已提出 5 条。请明天再提。"
    assert objection_of(publicity, a, raiser, now=at(SHANGHAI_DAY + datetime.timedelta(days=1), 0))
    assert Objection.objects.count() == 6


def test_submit_limit_is_per_person(listed, raiser, department_b):
    publicity, a, _ = listed
    for _ in range(5):
        objection_of(publicity, a, raiser)
    other = objector("other_raiser", department=department_b)
    assert objection_of(publicity, a, other).objector == other


def test_submit_refused_to_an_inactive_user(listed, raiser):
    publicity, a, _ = listed
    raiser.is_active = False
    raiser.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="请先登录"):
        objection_of(publicity, a, raiser)


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_concurrent_submissions_never_pass_the_daily_limit(
    party_office, department_a, department_b, applicant_a, head_a
):
    publicity, (a,) = listed_publicity(party_office, [department_a])
    raiser = objector("racer", department=department_b)
    for _ in range(4):
        objection_of(publicity, a, raiser)
    outcomes = []
    barrier = threading.Barrier(2)

    def submit():
        barrier.wait()
        try:
            objection_of(publicity, a, raiser)
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Objection.objects.filter(objector=raiser).count() == 5


# --- take up ----------------------------------------------------------------------------


@pytest.fixture
def objection(listed, raiser):
    publicity, a, _ = listed
    return objection_of(publicity, a, raiser)


def test_take_up_records_the_handler(objection, discipline_office):
    taken = services.objection_take_up(objection=objection, by=discipline_office)
    assert taken.state == ObjectionState.TAKEN_UP
    assert taken.handler == discipline_office
    assert taken.taken_up_at is not None
    assert list(taken.events.values_list("transition", "actor")) == [
        ("submit", objection.objector_id),
        ("take_up", discipline_office.pk),
    ]


def test_take_up_refused_to_the_party_office(objection, party_office):
    with pytest.raises(DomainError, match="只有纪检监察室可以受理和办结异议。"):
        services.objection_take_up(objection=objection, by=party_office)


def test_take_up_refused_to_the_discipline_office_of_the_department(
    objection, discipline_office, department_a
):
    from accounts.roles import Role

    colleague = UserFactory(username="jijian_a", roles=[Role.DISCIPLINE_OFFICE])
    PersonFactory(user=colleague, department=department_a)
    with pytest.raises(
        DomainError, match="您是被异议科室的人员，须回避，不能处理针对本科室的异议。"
    ):
        services.objection_take_up(objection=objection, by=colleague)


def test_take_up_refused_to_the_discipline_office_of_a_clean_team_of_the_department(
    objection, offices_of_a
):
    in_team = offices_of_a[3]
    with pytest.raises(DomainError, match="须回避"):
        services.objection_take_up(objection=objection, by=in_team)
    assert Objection.objects.get(pk=objection.pk).state == ObjectionState.SUBMITTED


def test_take_up_twice_is_stale(objection, discipline_office):
    services.objection_take_up(objection=objection, by=discipline_office)
    with pytest.raises(StaleStateError, match="调查中"):
        services.objection_take_up(objection=objection, by=discipline_office)


# --- settle -----------------------------------------------------------------------------


@pytest.fixture
def taken_up(objection, discipline_office):
    return services.objection_take_up(objection=objection, by=discipline_office)


def test_settle_refused_without_findings(taken_up, discipline_office):
    with pytest.raises(DomainError, match="请填写调查结论。"):
        services.objection_settle(
            objection=taken_up, by=discipline_office, upheld=False, findings="  "
        )


def test_settle_refused_before_take_up(objection, discipline_office):
    with pytest.raises(StaleStateError, match="待受理"):
        services.objection_settle(
            objection=objection, by=discipline_office, upheld=False, findings="查无实据"
        )


def test_settle_refused_to_the_party_office(taken_up, party_office):
    with pytest.raises(DomainError, match="只有纪检监察室"):
        services.objection_settle(objection=taken_up, by=party_office, upheld=True, findings="属实")


def test_settle_refused_to_the_discipline_office_of_the_department(taken_up, department_a):
    from accounts.roles import Role

    colleague = UserFactory(username="jijian_a", roles=[Role.DISCIPLINE_OFFICE])
    PersonFactory(user=colleague, department=department_a)
    with pytest.raises(DomainError, match="须回避"):
        services.objection_settle(objection=taken_up, by=colleague, upheld=True, findings="属实")


def test_settle_upheld_takes_the_department_off_the_list(
    taken_up,
    discipline_office,
    party_office,
    applicant_a,
    head_a,
    raiser,
    django_capture_on_commit_callbacks,
):
    cache.set(BOARD_CACHE_KEY, "the old board")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        settled = services.objection_settle(
            objection=taken_up, by=discipline_office, upheld=True, findings="经核实，情况属实。"
        )
    number = settled.receipt_number
    assert settled.state == ObjectionState.UPHELD
    assert (settled.settled_by, settled.findings) == (discipline_office, "经核实，情况属实。")
    application = Application.objects.get(pk=taken_up.application_id)
    assert application.state == ApplicationState.REMOVED
    event = ApplicationEvent.objects.get(subject=application, transition="remove_from_list")
    assert (event.actor, event.from_state, event.to_state) == (
        discipline_office,
        "approved",
        "removed",
    )
    assert event.reason == f"异议 {number} 成立：经核实，情况属实。"
    assert cache.get(BOARD_CACHE_KEY) is None
    assert OfficialDocument.objects.filter(key=f"publicity:{taken_up.publicity_id}").exists()
    removed = "异议成立，“心内科”撤出公示名单"
    assert subjects(applicant_a) == [removed]
    assert subjects(head_a) == [removed]
    assert subjects(party_office) == [f"{removed}（{number}）"]
    assert subjects(raiser) == [f"您的异议 {number} 已办结：异议成立"]
    for note in Notification.objects.filter(recipient__in=[applicant_a, head_a]):
        assert "钟晓珣" not in note.body + note.subject
        assert "raiser" not in note.body + note.subject
        assert "E99173" not in note.body + note.subject
        assert "经核实，情况属实。" in note.body


def test_settle_dismissed_changes_nothing_on_the_list(
    taken_up, discipline_office, party_office, applicant_a, head_a, raiser
):
    Notification.objects.all().delete()
    settled = services.objection_settle(
        objection=taken_up, by=discipline_office, upheld=False, findings="查无实据。"
    )
    number = settled.receipt_number
    assert settled.state == ObjectionState.DISMISSED
    assert Application.objects.get(pk=taken_up.application_id).state == ApplicationState.APPROVED
    assert not ApplicationEvent.objects.filter(transition="remove_from_list").exists()
    assert not OfficialDocument.objects.filter(kind=DocumentKind.PUBLICITY).exists()
    assert subjects(raiser) == [f"您的异议 {number} 已办结：异议不成立"]
    assert subjects(party_office) == [f"对“心内科”的异议不成立（{number}）"]
    assert subjects(applicant_a) == []
    assert subjects(head_a) == []
    assert settled.events.last().reason == "查无实据。"


@pytest.mark.parametrize("upheld", [True, False])
def test_settle_never_notifies_the_offices_members_of_the_department(
    taken_up, discipline_office, party_office, offices_of_a, upheld
):
    Notification.objects.all().delete()
    services.objection_settle(
        objection=taken_up, by=discipline_office, upheld=upheld, findings="经核实。"
    )
    for user in offices_of_a:
        assert subjects(user) == [], user
    assert len(subjects(party_office)) == 1


def test_settle_leaves_an_open_publicity_open(taken_up, discipline_office):
    services.objection_settle(
        objection=taken_up, by=discipline_office, upheld=False, findings="查无实据。"
    )
    assert Publicity.objects.get(pk=taken_up.publicity_id).state == PublicityState.OPEN
    assert not PublicityEvent.objects.exists()


def test_settle_closes_a_pending_publicity_only_with_the_last_open_objection(
    listed, raiser, discipline_office, party_office
):
    publicity, a, b = listed
    first = services.objection_take_up(
        objection=objection_of(publicity, a, raiser), by=discipline_office
    )
    second = objection_of(publicity, b, raiser)
    Publicity.objects.filter(pk=publicity.pk).update(state=PublicityState.CLOSED_PENDING)
    Notification.objects.all().delete()
    services.objection_settle(
        objection=first, by=discipline_office, upheld=False, findings="查无实据。"
    )
    assert Publicity.objects.get(pk=publicity.pk).state == PublicityState.CLOSED_PENDING
    second = services.objection_take_up(objection=second, by=discipline_office)
    services.objection_settle(objection=second, by=discipline_office, upheld=True, findings="属实")
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED
    event = PublicityEvent.objects.get(subject=publicity)
    assert (event.transition, event.from_state, event.to_state, event.actor) == (
        "settle",
        "closed_pending",
        "closed",
        discipline_office,
    )
    assert f"{publicity.campaign.title}公示结束，异议均已办结" in subjects(party_office)


# --- the same form submitted twice (drills) -----------------------------------------------


def test_second_submission_of_one_form_makes_no_second_objection(listed, raiser):
    publicity, a, _ = listed
    key = uuid.uuid4()
    first = objection_of(publicity, a, raiser, submission_key=key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        objection_of(publicity, a, raiser, submission_key=key)
    assert repeat.value.existing == first
    assert repeat.value.message == (
        f"这条异议已经提交过，受理编号 {first.receipt_number}，没有重复登记。"
    )
    assert Objection.objects.filter(objector=raiser).count() == 1


def test_form_key_of_another_objector_is_refused_without_naming_it(listed, raiser):
    publicity, a, _ = listed
    key = uuid.uuid4()
    objection_of(publicity, a, raiser, submission_key=key)
    other = objector("other")
    with pytest.raises(DomainError) as refusal:
        objection_of(publicity, a, other, submission_key=key)
    assert not isinstance(refusal.value, AlreadySubmittedError)
    assert refusal.value.message == "表单已失效，请重新打开页面后再提交。"
    assert not Objection.objects.filter(objector=other).exists()


@pytest.mark.parametrize("upheld", [True, False])
def test_settle_form_help_says_who_the_settlement_tells(
    taken_up, discipline_office, party_office, applicant_a, head_a, raiser, upheld
):
    """The settle form's help (publicity/objection_forms.py) is what objection_settle does:
    the department objected to hears only of an upheld objection, and never who objected."""
    help_text = str(
        SettleForm(initial={"upheld": "yes" if upheld else "no"}).fields["findings"].help_text
    )
    Notification.objects.all().delete()
    services.objection_settle(
        objection=taken_up, by=discipline_office, upheld=upheld, findings="经核实。"
    )

    department_told = Notification.objects.filter(recipient__in=[applicant_a, head_a])
    assert department_told.exists() is upheld
    assert ("通知被异议科室的申报人和科室负责人" in help_text) is upheld
    assert ("不通知被异议科室" in help_text) is not upheld
    assert subjects(raiser)
    assert subjects(party_office)
    assert "异议人" in help_text
    assert "党办" in help_text
    seen_by_department = [n.subject + n.body for n in department_told] + [
        e.reason for e in ApplicationEvent.objects.filter(subject=taken_up.application)
    ]
    for text in seen_by_department:
        for identity in ("钟晓珣", "raiser", "E99173"):
            assert identity not in text

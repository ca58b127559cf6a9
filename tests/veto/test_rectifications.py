"""Rectification (整改): the notice, the department's reports, the end of the
period (beat sweep), the party committee's acceptance or extension."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError
from documents import registry as builders
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.services import document_request
from notifications.models import Notification
from tests.factories import campaign_with_titles, pdf_upload, rectification_of
from tests.publicity.test_notices import _flowing_text, _poppler
from veto import tasks
from veto.documents import rectification_notice
from veto.enums import RectificationState
from veto.models import RectificationEvent, RectificationReport
from veto.services import rectifications as services

NOVEMBER_30 = datetime.date(2026, 11, 30)


@pytest.fixture
def titled_a(party_office, department_a):
    _campaign, (title,) = campaign_with_titles(party_office, [department_a], year=2025)
    return title


@pytest.fixture
def rectification_a(department_a, titled_a, applicant_a, head_a):
    rectification = rectification_of(
        department_a,
        title=titled_a,
        starts_on=NOVEMBER_30,
        occurred_on=datetime.date(2026, 10, 12),
        notice_number="院纪〔2026〕3号",
    )
    Notification.objects.all().delete()  # the campaign's own, before this test's
    return rectification


def _subjects(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


# --- the period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "months", "last_day"),
    [
        (NOVEMBER_30, 3, datetime.date(2027, 2, 28)),  # no 30 February: the month's last day
        (datetime.date(2026, 9, 18), 6, datetime.date(2027, 3, 18)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),  # a leap year
        (datetime.date(2026, 1, 15), 3, datetime.date(2026, 4, 15)),
    ],
)
def test_rectification_last_day_counts_months_as_the_civil_code(starts_on, months, last_day):
    assert services.rectification_last_day(starts_on, months) == last_day


# --- the notice --------------------------------------------------------------------------


def test_rectification_notice_text_round_trips(rectification_a, tmp_path, media_root):
    document = OfficialDocument.objects.create(
        key=f"{DocumentKind.RECTIFICATION}:{rectification_a.pk}",
        kind=DocumentKind.RECTIFICATION,
        rectification=rectification_a,
        requested_at=rectification_a.event.reported_at,
    )
    content, number = builders.document_content(document)
    path = tmp_path / "notice.pdf"
    path.write_bytes(content)
    lines = _poppler("pdftotext", path, "-").splitlines()
    text = _flowing_text(path)

    assert number == "院纪〔2026〕3号"
    assert lines[:2] == [settings.RECTIFICATION_ISSUING_BODY, "院纪〔2026〕3号"]
    assert "关于对心内科限期整改的通知心内科：" in text
    assert (
        "经核实，你科室于2026年10月12日发生否决性指标第4项所列情形："
        "违反中央八项规定精神及医疗卫生行业“九项准则”规定，被相关部门或医院处分。"
        "经院党委研究决定，取消你科室2025年度“清廉科室”称号，并给予3个月整改期。" in text
    )
    assert "整改期：2026年11月30日至2027年2月28日。" in text
    assert (
        "请你科室认真查摆问题，剖析原因，制定并落实整改措施，于2027年2月28日前通过清廉科室评选系统"
        "提交书面整改报告。整改期满经院党委验收通过后，可按程序重新申报“清廉科室”。" in text
    )
    assert f"{settings.RECTIFICATION_ISSUING_BODY}2026年11月30日" in text
    # The reporter is never named.
    assert "报告人" not in text
    assert builders.download_name(document, rectification_a) == "心内科整改通知书.pdf"


def test_rectification_notice_without_a_title_revokes_nothing(department_a):
    rectification = rectification_of(department_a, starts_on=NOVEMBER_30, months=6)

    paragraph = rectification_notice(rectification).body[0]

    assert paragraph.endswith("经院党委研究决定，给予你科室6个月整改期。")
    assert "称号" not in paragraph


# --- the department's report ---------------------------------------------------------------


def test_report_add_by_the_applicant_stores_it_and_tells_the_offices(
    rectification_a, applicant_a, party_office, discipline_office, media_root
):
    report = services.rectification_report_add(
        rectification=rectification_a,
        by=applicant_a,
        upload=pdf_upload("整改报告.pdf"),
        note="已整改",
    )

    assert (report.original_name, report.kind, report.note) == ("整改报告.pdf", "pdf", "已整改")
    assert report.file.read().startswith(b"%PDF-")
    event = RectificationEvent.objects.get(subject=rectification_a)
    assert (event.transition, event.actor, event.reason) == ("report", applicant_a, "已整改")
    assert _subjects(party_office) == ["心内科提交了整改报告"]
    assert _subjects(discipline_office) == ["心内科提交了整改报告"]


def test_report_add_by_the_head_is_accepted_while_due(department_a, head_a, media_root):
    rectification = rectification_of(department_a, state="due")

    report = services.rectification_report_add(
        rectification=rectification, by=head_a, upload=pdf_upload()
    )

    assert report.uploaded_by == head_a


@pytest.mark.parametrize("persona", ["applicant_b", "party_office", "discipline_office", "staff"])
def test_report_add_by_others_is_refused(request, rectification_a, persona, media_root):
    with pytest.raises(DomainError, match="只有“心内科”的申报人或科室负责人可以提交整改报告。"):
        services.rectification_report_add(
            rectification=rectification_a,
            by=request.getfixturevalue(persona),
            upload=pdf_upload(),
        )
    assert not RectificationReport.objects.exists()


def test_report_add_after_acceptance_is_refused(department_a, applicant_a, media_root):
    rectification = rectification_of(department_a, state="accepted")

    with pytest.raises(DomainError, match="整改已验收通过，不能再提交整改报告。"):
        services.rectification_report_add(
            rectification=rectification, by=applicant_a, upload=pdf_upload()
        )


def test_report_add_judges_the_file_by_content(rectification_a, applicant_a, media_root):
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(DomainError, match=r"「报告\.pdf」的内容不是允许的文件类型"):
        services.rectification_report_add(
            rectification=rectification_a, by=applicant_a, upload=fake
        )
    assert not RectificationReport.objects.exists()


def test_report_add_refuses_a_file_over_20_mb(rectification_a, applicant_a, media_root):
    with pytest.raises(DomainError, match="超过单个文件 20 MB 的上限"):
        services.rectification_report_add(
            rectification=rectification_a,
            by=applicant_a,
            upload=pdf_upload(size=services.MAX_REPORT_BYTES + 1),
        )


# --- the end of the period (beat sweep) -----------------------------------------------------


def test_sweep_leaves_a_period_that_has_not_ended(rectification_a):
    # 28 February is the last day: still running on it.
    assert services.end_due_rectifications(today=datetime.date(2027, 2, 28)) == []
    rectification_a.refresh_from_db()
    assert rectification_a.state == RectificationState.ACTIVE


def test_sweep_ends_a_period_the_day_after_its_last_day(
    rectification_a, party_office, discipline_office, applicant_a, head_a
):
    ended = services.end_due_rectifications(today=datetime.date(2027, 3, 1))

    rectification_a.refresh_from_db()
    assert ended == [rectification_a]
    assert rectification_a.state == RectificationState.DUE
    event = RectificationEvent.objects.get(subject=rectification_a)
    assert (event.transition, event.actor, event.from_state, event.to_state) == (
        "end",
        None,
        "active",
        "due",
    )
    assert _subjects(party_office) == ["心内科整改期已满，待院党委验收"]
    assert _subjects(discipline_office) == ["心内科整改期已满，待院党委验收"]
    assert _subjects(applicant_a) == ["心内科整改期已满"]
    assert _subjects(head_a) == ["心内科整改期已满"]


def test_sweep_twice_acts_once(rectification_a, party_office):
    services.end_due_rectifications(today=datetime.date(2027, 3, 1))
    again = services.end_due_rectifications(today=datetime.date(2027, 3, 1))

    assert again == []
    assert RectificationEvent.objects.filter(transition="end").count() == 1
    assert len(_subjects(party_office)) == 1


def test_sweep_that_runs_late_still_ends_the_period(rectification_a):
    ended = services.end_due_rectifications(today=datetime.date(2027, 6, 1))

    assert [r.pk for r in ended] == [rectification_a.pk]


def test_sweep_task_runs_the_service(rectification_a):
    rectification_a.__class__.objects.filter(pk=rectification_a.pk).update(
        ends_on=datetime.date(2020, 1, 1), starts_on=datetime.date(2019, 12, 1)
    )

    tasks.end_due_rectifications()

    rectification_a.refresh_from_db()
    assert rectification_a.state == RectificationState.DUE


def test_sweep_is_in_the_beat_schedule():
    assert settings.CELERY_BEAT_SCHEDULE["veto-end-due-rectifications"] == {
        "task": "veto.tasks.end_due_rectifications",
        "schedule": datetime.timedelta(minutes=15),
    }


# --- acceptance ----------------------------------------------------------------------------


def test_accept_a_due_rectification(department_a, party_committee, applicant_a, head_a):
    rectification = rectification_of(department_a, state="due")

    accepted = services.rectification_accept(
        rectification=rectification, by=party_committee, note="院党委会2027年第3次会议：整改到位。"
    )

    assert accepted.state == RectificationState.ACCEPTED
    assert accepted.accepted_by == party_committee
    assert accepted.accepted_at is not None
    event = RectificationEvent.objects.get(subject=rectification)
    assert (event.transition, event.actor, event.reason) == (
        "accept",
        party_committee,
        "院党委会2027年第3次会议：整改到位。",
    )
    assert _subjects(applicant_a) == ["心内科整改已验收通过"]
    assert Notification.objects.get(recipient=head_a).body == (
        "经院党委验收，整改通过，可按程序重新申报清廉科室。"
    )


def test_accept_while_the_period_runs_is_refused(rectification_a, party_committee):
    with pytest.raises(DomainError, match="整改期至2027年2月28日，期满后方可验收或延长。"):
        services.rectification_accept(
            rectification=rectification_a, by=party_committee, note="同意"
        )


@pytest.mark.parametrize("persona", ["party_office", "discipline_office", "applicant_a"])
def test_accept_by_anyone_but_the_party_committee_is_refused(request, department_a, persona):
    rectification = rectification_of(department_a, state="due")

    with pytest.raises(DomainError, match="只有院党委可以验收或延长整改。"):
        services.rectification_accept(
            rectification=rectification, by=request.getfixturevalue(persona), note="同意"
        )


def test_accept_needs_a_note(department_a, party_committee):
    rectification = rectification_of(department_a, state="due")

    with pytest.raises(DomainError, match="请填写验收意见。"):
        services.rectification_accept(rectification=rectification, by=party_committee, note=" ")


# --- extension ----------------------------------------------------------------------------


@pytest.fixture
def due_a(department_a, applicant_a, media_root):
    return rectification_of(department_a, starts_on=NOVEMBER_30, state="due")


def test_extend_sets_the_new_end_and_renders_the_notice_again(
    due_a, party_committee, applicant_a, tmp_path
):
    document_request(kind=DocumentKind.RECTIFICATION, subject=due_a, rectification=due_a)

    extended = services.rectification_extend(
        rectification=due_a,
        by=party_committee,
        reason="整改报告未落实到人，延长一个月。",
        ends_on=datetime.date(2027, 3, 31),
    )

    assert extended.state == RectificationState.ACTIVE
    assert extended.ends_on == datetime.date(2027, 3, 31)
    event = RectificationEvent.objects.get(subject=due_a)
    assert (event.transition, event.reason) == ("extend", "整改报告未落实到人，延长一个月。")
    document = OfficialDocument.objects.get(kind=DocumentKind.RECTIFICATION)
    assert document.revision == 2
    assert _subjects(applicant_a) == ["心内科整改期延长至2027年3月31日"]
    path = tmp_path / "extended.pdf"
    path.write_bytes(builders.document_content(document)[0])
    assert (
        "整改期：2026年11月30日至2027年3月31日。经院党委研究，整改期延长至2027年3月31日。"
        in _flowing_text(path)
    )


def test_extend_to_the_sixth_month_is_allowed(due_a, party_committee):
    extended = services.rectification_extend(
        rectification=due_a, by=party_committee, reason="延长", ends_on=datetime.date(2027, 5, 30)
    )

    assert extended.ends_on == datetime.date(2027, 5, 30)


def test_extend_beyond_six_months_is_refused(due_a, party_committee):
    with pytest.raises(
        DomainError,
        match="整改期最长 6 个月：自2026年11月30日起，截止日期不能晚于2027年5月30日。",
    ):
        services.rectification_extend(
            rectification=due_a,
            by=party_committee,
            reason="延长",
            ends_on=datetime.date(2027, 5, 31),
        )


@pytest.mark.parametrize("ends_on", [datetime.date(2027, 2, 28), datetime.date(2027, 2, 1)])
def test_extend_to_no_later_end_is_refused(due_a, party_committee, ends_on):
    with pytest.raises(DomainError, match="新的整改截止日期须晚于原截止日期（2027年2月28日）。"):
        services.rectification_extend(
            rectification=due_a, by=party_committee, reason="延长", ends_on=ends_on
        )


def test_extend_needs_a_reason(due_a, party_committee):
    with pytest.raises(DomainError, match="请填写延长整改期的理由。"):
        services.rectification_extend(
            rectification=due_a, by=party_committee, reason="", ends_on=datetime.date(2027, 3, 31)
        )


def test_extend_while_the_period_runs_is_refused(rectification_a, party_committee):
    with pytest.raises(DomainError, match="期满后方可验收或延长"):
        services.rectification_extend(
            rectification=rectification_a,
            by=party_committee,
            reason="延长",
            ends_on=datetime.date(2027, 3, 31),
        )


def test_extend_by_the_discipline_office_is_refused(due_a, discipline_office):
    with pytest.raises(DomainError, match="只有院党委可以验收或延长整改。"):
        services.rectification_extend(
            rectification=due_a,
            by=discipline_office,
            reason="延长",
            ends_on=datetime.date(2027, 3, 31),
        )

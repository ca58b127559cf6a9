"""reports.services.submissions: the office submits, the discipline office comments,
accepts or returns with a reason, the office resubmits; every refusal writes nothing."""

import datetime
import uuid

import pytest
from django.utils import timezone

from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from notifications.models import Notification
from reports.enums import ReportKind, ReportState
from reports.models import ReportComment, ReportEvent, ReportFile, ReportSubmission
from reports.services import submissions as services
from tests.reports.factories import (
    KeyTaskFactory,
    docx,
    monthly_report,
    pdf,
    png,
    summary_report,
    text_file,
)

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def task(department_a):
    return KeyTaskFactory(lead_office=department_a)


@pytest.fixture
def report(task):
    return monthly_report(task, due_on=datetime.date(2026, 9, 14))


def test_submit_on_time(report, applicant_a, discipline_office):
    submission = services.report_submit(
        report=report, by=applicant_a, text="  完成了警示教育。 ", now=at(2026, 9, 14, 17)
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.late is False
    assert (submission.number, submission.text, submission.late) == (1, "完成了警示教育。", False)
    assert ReportEvent.objects.get(subject=report).transition == "submit"
    assert Notification.objects.filter(recipient=discipline_office).count() == 1


def test_submit_after_the_due_date_is_late(report, head_a):
    services.report_submit(report=report, by=head_a, text="进展", now=at(2026, 9, 15, 9))
    report.refresh_from_db()
    assert report.late is True
    assert report.first_submitted_at == at(2026, 9, 15, 9)
    assert report.submissions.get().late is True


def test_a_cooperating_office_reports_on_its_task(department_a, department_b, applicant_b):
    task = KeyTaskFactory(lead_office=department_a, cooperating=[department_b])
    report = monthly_report(task, department_b)
    services.report_submit(report=report, by=applicant_b, text="配合完成")
    assert report.submissions.count() == 1


def test_another_offices_report_is_refused(report, applicant_b):
    with pytest.raises(DomainError) as refused:
        services.report_submit(report=report, by=applicant_b, text="进展")
    assert "不是您科室（党支部）的报告" in str(refused.value)
    assert ReportSubmission.objects.count() == 0


def test_the_discipline_office_does_not_submit_for_an_office(report, discipline_office):
    with pytest.raises(DomainError):
        services.report_submit(report=report, by=discipline_office, text="进展")


def test_empty_text_is_refused(report, applicant_a):
    with pytest.raises(DomainError) as refused:
        services.report_submit(report=report, by=applicant_a, text="   ")
    assert refused.value.field == "text"
    report.refresh_from_db()
    assert report.state == ReportState.DUE


def test_the_same_form_twice_submits_once(report, applicant_a):
    key = uuid.uuid4()
    services.report_submit(report=report, by=applicant_a, text="进展", submission_key=key)
    with pytest.raises(AlreadySubmittedError) as repeat:
        services.report_submit(report=report, by=applicant_a, text="进展", submission_key=key)
    assert repeat.value.existing == report
    assert ReportSubmission.objects.count() == 1


def test_a_key_of_someone_else_is_refused(report, applicant_a, head_a):
    key = uuid.uuid4()
    services.report_submit(report=report, by=applicant_a, text="进展", submission_key=key)
    with pytest.raises(DomainError) as refused:
        services.report_submit(report=report, by=head_a, text="进展", submission_key=key)
    assert not isinstance(refused.value, AlreadySubmittedError)
    assert "表单已失效" in str(refused.value)


def test_a_submitted_report_cannot_be_submitted_again(report, applicant_a):
    services.report_submit(report=report, by=applicant_a, text="进展")
    with pytest.raises(StaleStateError) as stale:
        services.report_submit(report=report, by=applicant_a, text="再报一次")
    assert "已报送，待审阅" in str(stale.value)
    assert ReportSubmission.objects.count() == 1


def test_attachments_are_kept(report, applicant_a, media_root):
    services.report_submit(report=report, by=applicant_a, text="进展", uploads=[pdf(), docx()])
    assert sorted(ReportFile.objects.values_list("kind", flat=True)) == ["docx", "pdf"]


def test_an_attachment_of_the_wrong_kind_is_refused(report, applicant_a, media_root):
    with pytest.raises(DomainError) as refused:
        services.report_submit(report=report, by=applicant_a, text="进展", uploads=[text_file()])
    assert "只能上传 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx） 文件" in str(refused.value)
    assert refused.value.field == "attachments"
    assert ReportSubmission.objects.count() == 0


# --- summaries -----------------------------------------------------------------------------------


def test_a_summary_needs_its_signed_scan(department_a, applicant_a, media_root):
    report = summary_report(office=department_a)
    with pytest.raises(DomainError) as refused:
        services.report_submit(report=report, by=applicant_a, text="半年总结")
    assert refused.value.field == "scan"
    assert "签字并加盖公章的扫描件" in str(refused.value)


def test_a_scan_of_the_wrong_kind_names_what_is_allowed(department_a, applicant_a, media_root):
    report = summary_report(office=department_a)
    with pytest.raises(DomainError) as refused:
        services.report_submit(report=report, by=applicant_a, text="半年总结", scan=docx())
    assert "只能上传 PDF、JPG、PNG 文件" in str(refused.value)
    assert refused.value.field == "scan"
    assert ReportSubmission.objects.count() == 0


def test_a_summary_with_its_scan(department_a, applicant_a, media_root):
    report = summary_report(office=department_a)
    services.report_submit(report=report, by=applicant_a, text="半年总结", scan=png())
    assert ReportFile.objects.get().is_scan is True


def test_a_branch_secretary_submits_the_branchs_summary(
    department_a, branch_secretary_a, applicant_a, media_root
):
    report = summary_report(branch=department_a.party_branch, kind=ReportKind.ANNUAL)
    services.report_submit(report=report, by=branch_secretary_a, text="年度总结", scan=pdf())
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    with pytest.raises(DomainError):
        services.report_submit(
            report=summary_report(branch=department_a.party_branch), by=applicant_a, text="x"
        )


# --- review --------------------------------------------------------------------------------------


@pytest.fixture
def waiting(report, applicant_a):
    services.report_submit(report=report, by=applicant_a, text="进展")
    report.refresh_from_db()
    return report


def test_accept(waiting, discipline_office, applicant_a):
    services.report_accept(report=waiting, by=discipline_office, note="很好")
    waiting.refresh_from_db()
    assert waiting.state == ReportState.ACCEPTED
    assert waiting.decided_by == discipline_office
    assert ReportEvent.objects.filter(transition="accept", reason="很好").exists()
    assert Notification.objects.filter(recipient=applicant_a, subject__contains="已通过").exists()


def test_only_the_discipline_office_accepts(waiting, party_office, applicant_a):
    for person in (party_office, applicant_a):
        with pytest.raises(DomainError):
            services.report_accept(report=waiting, by=person)
    waiting.refresh_from_db()
    assert waiting.state == ReportState.SUBMITTED


def test_return_needs_a_reason(waiting, discipline_office):
    with pytest.raises(DomainError) as refused:
        services.report_return(report=waiting, by=discipline_office, reason="  ")
    assert refused.value.field == "reason"
    waiting.refresh_from_db()
    assert waiting.state == ReportState.SUBMITTED


def test_return_then_resubmit_keeps_both_submissions(waiting, discipline_office, applicant_a):
    services.report_return(report=waiting, by=discipline_office, reason="请补充数据")
    waiting.refresh_from_db()
    assert (waiting.state, waiting.return_reason) == (ReportState.RETURNED, "请补充数据")
    assert Notification.objects.filter(recipient=applicant_a, body__contains="请补充数据").exists()

    services.report_submit(report=waiting, by=applicant_a, text="补充后的进展")
    waiting.refresh_from_db()
    assert waiting.state == ReportState.SUBMITTED
    assert list(waiting.submissions.values_list("number", "text")) == [
        (1, "进展"),
        (2, "补充后的进展"),
    ]
    assert list(ReportEvent.objects.values_list("transition", flat=True)) == [
        "submit",
        "return_report",
        "resubmit",
    ]


def test_deciding_twice_is_stale(waiting, discipline_office):
    services.report_accept(report=waiting, by=discipline_office)
    with pytest.raises(StaleStateError):
        services.report_return(report=waiting, by=discipline_office, reason="晚了")


def test_a_due_report_cannot_be_accepted(report, discipline_office):
    with pytest.raises(StaleStateError):
        services.report_accept(report=report, by=discipline_office)


def test_comments_are_kept(waiting, discipline_office, applicant_a):
    services.report_comment(report=waiting, by=discipline_office, text="第一条")
    services.report_comment(report=waiting, by=discipline_office, text="第二条")
    assert list(ReportComment.objects.values_list("text", flat=True)) == ["第一条", "第二条"]
    with pytest.raises(DomainError):
        services.report_comment(report=waiting, by=applicant_a, text="自己批注")
    with pytest.raises(DomainError):
        services.report_comment(report=waiting, by=discipline_office, text="")

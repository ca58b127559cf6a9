"""The reports app's rows of the permission matrix (tests/test_permission_matrix.py)."""

import uuid

from tests.matrix import (
    LOGIN,
    SIGNED_IN,
    Row,
    anonymous_login,
    hidden_except,
    only,
    only_posts,
)

WORKING_GROUP = ("party_office", "discipline_office", "leading_group", "party_committee")
# Department A leads the matrix task: its contact and its head report on it.
OFFICE_A = ("applicant_a", "head_a")
# Who opens the reports list: the working group, the roles that submit, and department A's head.
REPORT_USERS = (*WORKING_GROUP, "applicant_a", "applicant_b", "branch_secretary_a", "head_a")
MATERIAL_OFFICES = ("party_office", "discipline_office")
MATERIAL_USERS = (*MATERIAL_OFFICES, "applicant_a", "applicant_b", "branch_secretary_a", "head_a")
MATERIAL_SENDERS = ("applicant_a", "applicant_b", "branch_secretary_a", "head_a")


def _report(request, state="due"):
    """A monthly report of department A on a task it leads, in ``state``."""
    import datetime

    from django.utils import timezone

    from reports.models import Report, ReportSubmission
    from tests.reports.factories import KeyTaskFactory, WorkPlanFactory, monthly_report

    department_a = request.getfixturevalue("department_a")
    existing = Report.objects.filter(office=department_a).first()
    if existing is not None:
        return existing
    author = request.getfixturevalue("applicant_a")
    task = KeyTaskFactory(
        plan=WorkPlanFactory(year=2026, created_by=author), lead_office=department_a
    )
    report = monthly_report(task, due_on=datetime.date(2026, 9, 14), state=state)
    if state != "due":
        ReportSubmission.objects.create(
            report=report, number=1, text="进展", submitted_by=author, submitted_at=timezone.now()
        )
    return report


def _report_args(request):
    return [_report(request).pk]


def _submitted_args(request):
    return [_report(request, state="submitted").pk]


def _report_file_args(request):
    from reports.models import ReportFile
    from tests.reports.factories import pdf

    request.getfixturevalue("media_root")
    report = _report(request, state="submitted")
    submission = report.submissions.get()
    checked = _checked(pdf())
    record = ReportFile.create_from(
        checked, submission=submission, uploaded_by=submission.submitted_by
    )
    return [report.pk, record.pk]


def _checked(upload):
    from core.files import check_upload

    return check_upload(upload, max_bytes=1024 * 1024)


def _material(request):
    from reports.models import PublicityMaterial
    from tests.reports.factories import material

    department_a = request.getfixturevalue("department_a")
    existing = PublicityMaterial.objects.filter(unit=department_a).first()
    if existing is not None:
        return existing
    return material(department_a, request.getfixturevalue("applicant_a"))


def _material_args(request):
    return [_material(request).pk]


def _material_file_args(request):
    from reports.models import PublicityMaterialFile
    from tests.reports.factories import pdf

    request.getfixturevalue("media_root")
    row = _material(request)
    record = PublicityMaterialFile.create_from(
        _checked(pdf()), material=row, uploaded_by=row.submitted_by
    )
    return [row.pk, record.pk]


def _submit_data(request):
    return {"text": "九月份工作进展", "submission_key": str(uuid.uuid4())}


def _material_data(request):
    department_a = request.getfixturevalue("department_a")  # the data names department A
    return {
        "author": f"d{department_a.pk}",
        "title": "清廉文化进科室",
        "text": "内容",
        "submission_key": str(uuid.uuid4()),
    }


def _viewers_of_a(acting, *, status_else=200):
    """A post on department A's report: the ``acting`` send back (302); the others who
    see the report are told why not on its page (200); the rest get 404."""
    return {
        "anonymous": LOGIN,
        **{
            p: 302 if p in acting else status_else if p in (*WORKING_GROUP, *OFFICE_A) else 404
            for p in SIGNED_IN
        },
    }


ROWS = {
    "reports:list": Row(expect=only(REPORT_USERS)),
    "reports:overdue": Row(expect=only(WORKING_GROUP)),
    "reports:report": Row(build=_report_args, expect=hidden_except((*WORKING_GROUP, *OFFICE_A))),
    "reports:report_submit": Row(
        method="post", build=_report_args, data=_submit_data, expect=_viewers_of_a(OFFICE_A)
    ),
    "reports:report_comment": Row(
        method="post",
        build=_submitted_args,
        data={"text": "请补充数据"},
        expect=_viewers_of_a(("discipline_office",)),
    ),
    "reports:report_accept": Row(
        method="post",
        build=_submitted_args,
        data={"note": ""},
        expect=_viewers_of_a(("discipline_office",)),
    ),
    "reports:report_return": Row(
        method="post",
        build=_submitted_args,
        data={"reason": "请补充数据"},
        expect=_viewers_of_a(("discipline_office",)),
    ),
    "reports:report_file": Row(
        build=_report_file_args, expect=hidden_except((*WORKING_GROUP, *OFFICE_A))
    ),
    "reports:materials": Row(expect=only(MATERIAL_USERS)),
    "reports:material_new": Row(expect=only(MATERIAL_SENDERS)),
    "reports:material_counts": Row(expect=only(MATERIAL_OFFICES)),
    "reports:material": Row(
        build=_material_args, expect=hidden_except((*MATERIAL_OFFICES, *OFFICE_A))
    ),
    "reports:material_accept": Row(
        method="post", build=_material_args, expect=only_posts(("party_office",))
    ),
    "reports:material_return": Row(
        method="post",
        build=_material_args,
        data={"reason": "缺少照片"},
        expect=only_posts(("party_office",)),
    ),
    "reports:material_file": Row(
        build=_material_file_args, expect=hidden_except((*MATERIAL_OFFICES, *OFFICE_A))
    ),
}

FORM_POSTS = {
    # Department A's contact and head send for it; the others who may open the form send
    # for their own unit, which the data does not name: told why on the form (200).
    "reports:material_new": Row(
        method="post",
        data=_material_data,
        expect=anonymous_login(
            **{
                p: 302 if p in OFFICE_A else 200 if p in MATERIAL_SENDERS else 403
                for p in SIGNED_IN
            }
        ),
    ),
}

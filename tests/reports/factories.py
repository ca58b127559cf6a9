"""Factories of the reports tests: a plan with its tasks (the work plan's models, read
only here) and reports in a given state."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reports.enums import ReportKind, ReportState
from reports.models import PublicityMaterial, Report, ReportSubmission
from tests.factories import DepartmentFactory, UserFactory
from workplan.models import KeyTask, ScheduleNode, WorkPlan

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="扫描件.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="照片.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def text_file(name="说明.pdf"):
    """A text file dressed as a PDF: its content decides."""
    return SimpleUploadedFile(name, b"just some text", content_type="application/pdf")


def docx(name="总结.docx"):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan
        django_get_or_create = ("year",)

    year = 2026
    title = factory.LazyAttribute(lambda plan: f"{plan.year}年廉洁医院建设工作计划")
    created_by = factory.SubFactory(UserFactory)


class KeyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTask
        skip_postgeneration_save = True

    plan = factory.SubFactory(WorkPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"重点任务{n + 1}")
    lead_office = factory.SubFactory(DepartmentFactory, kind="administrative")

    @factory.post_generation
    def cooperating(self, create, extracted, **kwargs):
        if create and extracted:
            self.cooperating_offices.add(*extracted)

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible_leaders.add(*extracted)


def node(task, due_on, description="节点"):
    return ScheduleNode.objects.create(task=task, due_on=due_on, description=description)


def monthly_report(task, office=None, *, year=2026, month=9, due_on=None, state=ReportState.DUE):
    """A monthly report row as ``open_month`` leaves it, moved to ``state`` directly
    (the services are tested on their own)."""
    report = Report.objects.create(
        kind=ReportKind.MONTHLY,
        year=year,
        month=month,
        task=task,
        office=office or task.lead_office,
        due_on=due_on or datetime.date(year, month, 12),
    )
    if state != ReportState.DUE:
        Report.objects.filter(pk=report.pk).update(state=state)
        report.refresh_from_db()
    return report


def summary_report(*, office=None, branch=None, kind=ReportKind.HALF_YEAR, year=2026):
    return Report.objects.create(
        kind=kind,
        year=year,
        month=6 if kind == ReportKind.HALF_YEAR else 12,
        office=office,
        branch=branch,
        due_on=datetime.date(year, 7, 15),
    )


def submitted(report, by, *, text="本月工作进展。", late=False):
    """Record a submission row for a report put in a submitted state directly."""
    return ReportSubmission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        text=text,
        submitted_by=by,
        submitted_at=timezone.now(),
        late=late,
    )


def material(unit, by, *, year=2026, state="submitted", title="科室清廉文化建设亮点"):
    row = PublicityMaterial.objects.create(
        unit=unit,
        year=year,
        title=title,
        text="内容",
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    if state != "submitted":
        PublicityMaterial.objects.filter(pk=row.pk).update(state=state)
        row.refresh_from_db()
    return row

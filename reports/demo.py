"""The demo hospital's year of reports and publicity materials (docs/yearwork.md).

Runs after the work plan's demo (``workplan.demo.load_demo_year_round``): without a
plan for the year it creates nothing. Idempotent: the months are opened once, and
what was already submitted or sent is left as it is.

The story, for each office that has an account speaking for it (its head or its
contact; the demo hospital gives accounts to few administrative offices): monthly
reports from January up to last month submitted two days before they are due and
accepted, two months submitted late, one returned with a reason and resubmitted,
and last month's report on the first task left overdue. This month's reports stay
due. Offices without an account leave their reports due, as they would. A few
publicity materials from the clinical departments, some accepted, one returned.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from departments.models import Department
from departments.selectors import applicants_and_head
from reports.enums import MaterialState, ReportKind, ReportState
from reports.models import PublicityMaterial, Report
from reports.selectors import authors_of
from reports.services import materials, periods, submissions
from workcalendar.workdays import SHANGHAI
from workplan.models import WorkPlan

DISCIPLINE_USERNAME = "discipline"
PARTY_OFFICE_USERNAME = "po"
LATE_MONTHS = (3, 7)
RETURNED_MONTH = 5
MATERIALS = [
    ("XNK", "心内科开展“清廉门诊”创建活动", MaterialState.ACCEPTED),
    ("XNK", "心内科廉洁从医主题党日活动", MaterialState.ACCEPTED),
    ("JYK", "检验科廉政风险点排查工作亮点", MaterialState.ACCEPTED),
    ("HXK", "呼吸科拒收红包典型事迹", MaterialState.SUBMITTED),
    ("PWK", "普外科清廉文化墙建设", MaterialState.RETURNED),
]


def _moment(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def _submit(report, author, *, at, text):
    return submissions.report_submit(report=report, by=author, text=text, now=at)


def _run_month(report, author, keeper):
    month = report.month
    text = f"{report.year}年{month}月，{report.task.title}：按计划推进，完成了本月各项措施。"
    if month in LATE_MONTHS:
        _submit(report, author, at=_moment(report.due_on + datetime.timedelta(days=2)), text=text)
    else:
        _submit(report, author, at=_moment(report.due_on - datetime.timedelta(days=2)), text=text)
    decided = _moment(report.due_on + datetime.timedelta(days=4), 15)
    if month == RETURNED_MONTH:
        submissions.report_return(
            report=report, by=keeper, reason="请补充本月完成的具体数据和佐证材料。", now=decided
        )
        _submit(
            report,
            author,
            at=decided + datetime.timedelta(days=1),
            text=text + "补充：开展警示教育 2 场，覆盖 186 人次。",
        )
        decided += datetime.timedelta(days=2)
    submissions.report_accept(report=report, by=keeper, now=decided)


def _load_reports(plan, today, keeper):
    for month in range(1, today.month + 1):
        periods.open_month(year=plan.year, month=month)
    rows = (
        Report.objects.filter(kind=ReportKind.MONTHLY, year=plan.year, month__lt=today.month)
        .filter(state=ReportState.DUE, submissions__isnull=True)
        .select_related("office", "task")
        .order_by("month", "office__code", "task__order")
    )
    first_task = plan.tasks.order_by("order").first()
    for report in rows:
        authors = [user for user in authors_of(report) if user.is_active]
        if not authors:
            continue
        if report.month == today.month - 1 and report.task_id == first_task.pk:
            continue  # the one left overdue
        _run_month(report, authors[0], keeper)


def _load_materials(today):
    checker = User.objects.filter(username=PARTY_OFFICE_USERNAME).first()
    units = {d.code: d for d in Department.objects.filter(code__in=[m[0] for m in MATERIALS])}
    for code, title, state in MATERIALS:
        unit = units.get(code)
        if unit is None or PublicityMaterial.objects.filter(title=title).exists():
            continue
        authors = [user for user in applicants_and_head(unit) if user.is_active]
        if not authors:
            continue
        material = materials.material_submit(
            by=authors[0],
            unit=unit,
            title=title,
            text=f"{title}。科室围绕清廉医院建设，结合本科室工作亮点开展了系列活动。",
            now=_moment(today - datetime.timedelta(days=20)),
        )
        if checker is None:
            continue
        if state == MaterialState.ACCEPTED:
            materials.material_accept(material=material, by=checker)
        elif state == MaterialState.RETURNED:
            materials.material_return(material=material, by=checker, reason="请补充活动照片。")


def load_demo_year_round(today=None):
    """Add the year's demo reports and publicity materials; see the module's docstring.
    Returns the number of reports of the year (0 when the year has no plan)."""
    today = today or timezone.localdate()
    plan = WorkPlan.objects.filter(year=today.year).first()
    keeper = User.objects.filter(username=DISCIPLINE_USERNAME).first()
    if plan is None or keeper is None or not plan.tasks.exists():
        return 0
    with transaction.atomic():
        _load_reports(plan, today, keeper)
        _load_materials(today)
    return Report.objects.filter(year=plan.year).count()

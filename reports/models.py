"""Periodic reports and publicity materials (docs/yearwork.md, "Reports").

A ``Report`` row is opened ahead for each (office, task, month) of the year's plan,
and for each lead office and party branch at the half-year and the year's end,
with its due date (indexed). Each submission is a new ``ReportSubmission``;
comments, decisions and reminders are rows of their own; nothing is deleted.
See reports/enums.py for the states.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.models import DecisionEvent, StoredFile, choice_label
from reports.enums import MaterialState, ReminderKind, ReportKind, ReportState

S = ReportState
M = MaterialState


class Report(FSMModelMixin, models.Model):
    """One office's (or party branch's) report for one period. See enums.py."""

    kind = models.CharField(_("类别"), max_length=16, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    # The month of a monthly report; 6 for a half-year summary, 12 for an annual one.
    month = models.PositiveSmallIntegerField(_("月份"))
    task = models.ForeignKey(
        "workplan.KeyTask",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("重点任务"),
    )
    office = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("报送科室"),
    )
    branch = models.ForeignKey(
        "departments.PartyBranch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("报送党支部"),
    )
    due_on = models.DateField(_("报送截止日期"), db_index=True)
    state = FSMField(_("状态"), default=S.DUE, choices=S.choices, protected=True, db_index=True)
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审阅人"),
    )
    decided_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    opened_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["state"])

    class Meta:
        verbose_name = _("工作报告")
        verbose_name_plural = pgettext_lazy("plural", "工作报告")
        ordering = ["-year", "-month", "office__code", "task__order", "pk"]
        permissions = [
            ("submit_report", _("报送工作报告")),
            ("review_report", _("审阅工作报告")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(office__isnull=False, branch__isnull=True))
                | (Q(office__isnull=True, branch__isnull=False)),
                name="reports_report_one_author",
            ),
            models.CheckConstraint(
                condition=Q(kind=ReportKind.MONTHLY, task__isnull=False, office__isnull=False)
                | (~Q(kind=ReportKind.MONTHLY) & Q(task__isnull=True)),
                name="reports_report_monthly_has_task",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "month", "office", "task"],
                condition=Q(task__isnull=False),
                name="reports_report_one_per_task_month",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "month", "office"],
                condition=Q(task__isnull=True, office__isnull=False),
                name="reports_report_one_summary_per_office",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "month", "branch"],
                condition=Q(branch__isnull=False),
                name="reports_report_one_summary_per_branch",
            ),
        ]

    def __str__(self):
        if self.kind == ReportKind.MONTHLY:
            return gettext("%(author)s %(period)s月度报告") % {
                "author": self.author_name,
                "period": self.period_label,
            }
        return f"{self.author_name} {self.period_label}"

    @property
    def author_name(self):
        return self.office.name if self.office_id else self.branch.name

    @property
    def period_label(self):
        if self.kind == ReportKind.MONTHLY:
            return gettext("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}
        return gettext("%(year)s年%(kind)s") % {
            "year": self.year,
            "kind": choice_label(ReportKind, self.kind),
        }

    @property
    def is_summary(self):
        return self.kind != ReportKind.MONTHLY

    def is_overdue(self, today):
        return self.state == S.DUE and self.due_on < today

    @transition(field=state, source=S.DUE, target=S.SUBMITTED)
    def submit(self, *, at, late):
        self.first_submitted_at = at
        self.late = late

    @transition(field=state, source=S.RETURNED, target=S.SUBMITTED)
    def resubmit(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.ACCEPTED)
    def accept(self, *, decided_by, at):
        self.decided_by = decided_by
        self.decided_at = at

    @transition(field=state, source=S.SUBMITTED, target=S.RETURNED)
    def return_report(self, *, decided_by, at, return_reason):
        self.decided_by = decided_by
        self.decided_at = at
        self.return_reason = return_reason


class ReportEvent(DecisionEvent):
    subject = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="events", verbose_name=_("工作报告")
    )
    TRANSITION_LABELS = {
        "submit": _("报送"),
        "resubmit": _("重新报送"),
        "accept": _("通过"),
        "return_report": _("退回"),
    }
    STATES = ReportState

    class Meta(DecisionEvent.Meta):
        verbose_name = _("工作报告记录")
        verbose_name_plural = pgettext_lazy("plural", "工作报告记录")


class ReportSubmission(models.Model):
    """One submission of a report: the text as sent, by whom, when. Never changed."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("工作报告")
    )
    number = models.PositiveSmallIntegerField(_("第几次报送"))
    text = models.TextField(_("报告内容"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报送人"),
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    late = models.BooleanField(_("逾期"), default=False)
    # The random key of the form: a double-clicked submission is one submission.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("报告报送")
        verbose_name_plural = pgettext_lazy("plural", "报告报送")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reports_submission_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.report} #{self.number}"


class ReportFile(StoredFile):
    """A file sent with a submission: the signed and stamped scan of a summary, or
    an attachment."""

    submission = models.ForeignKey(
        ReportSubmission, on_delete=models.PROTECT, related_name="files", verbose_name=_("报送")
    )
    is_scan = models.BooleanField(_("签字盖章扫描件"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("报告附件")
        verbose_name_plural = pgettext_lazy("plural", "报告附件")
        ordering = ["-is_scan", "pk"]

    def storage_directory(self):
        return f"reports/{self.submission.report_id}"


class ReportComment(models.Model):
    """The discipline office's comment on a report; kept."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="comments", verbose_name=_("工作报告")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("批注人"),
    )
    text = models.TextField(_("批注"))
    at = models.DateTimeField(_("批注时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报告批注")
        verbose_name_plural = pgettext_lazy("plural", "报告批注")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:40]


class ReportReminder(models.Model):
    """A reminder that is a row: due at ``due_at``, claimed once by setting ``sent_at``
    (reports.services.reminders)."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("工作报告")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ReminderKind.choices)
    due_at = models.DateTimeField(_("提醒时间"), db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)
    recipients = models.PositiveSmallIntegerField(_("提醒人数"), default=0)

    class Meta:
        verbose_name = _("报告提醒")
        verbose_name_plural = pgettext_lazy("plural", "报告提醒")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="reports_reminder_once")
        ]

    def __str__(self):
        return f"{self.report} {self.kind}"


class PublicityMaterial(FSMModelMixin, models.Model):
    """A publicity material (宣传材料) sent by a department or a party branch."""

    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publicity_materials",
        verbose_name=_("报送科室"),
    )
    branch = models.ForeignKey(
        "departments.PartyBranch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publicity_materials",
        verbose_name=_("报送党支部"),
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"))
    state = FSMField(_("状态"), default=M.SUBMITTED, choices=M.choices, protected=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报送人"),
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    checked_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    history = HistoricalRecords(excluded_fields=["state"])

    class Meta:
        verbose_name = _("宣传材料")
        verbose_name_plural = pgettext_lazy("plural", "宣传材料")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("check_publicitymaterial", _("审核宣传材料"))]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False, branch__isnull=True))
                | (Q(unit__isnull=True, branch__isnull=False)),
                name="reports_material_one_author",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def author_name(self):
        return self.unit.name if self.unit_id else self.branch.name

    @transition(field=state, source=M.SUBMITTED, target=M.ACCEPTED)
    def accept(self, *, checked_by, at):
        self.checked_by = checked_by
        self.checked_at = at

    @transition(field=state, source=M.SUBMITTED, target=M.RETURNED)
    def return_material(self, *, checked_by, at, return_reason):
        self.checked_by = checked_by
        self.checked_at = at
        self.return_reason = return_reason


class PublicityMaterialEvent(DecisionEvent):
    subject = models.ForeignKey(PublicityMaterial, on_delete=models.PROTECT, related_name="events")
    TRANSITION_LABELS = {"accept": _("采用"), "return_material": _("退回")}
    STATES = MaterialState

    class Meta(DecisionEvent.Meta):
        verbose_name = _("宣传材料记录")
        verbose_name_plural = pgettext_lazy("plural", "宣传材料记录")


class PublicityMaterialFile(StoredFile):
    material = models.ForeignKey(
        PublicityMaterial,
        on_delete=models.PROTECT,
        related_name="files",
        verbose_name=_("宣传材料"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("宣传材料附件")
        verbose_name_plural = pgettext_lazy("plural", "宣传材料附件")
        ordering = ["pk"]

    def storage_directory(self):
        return f"publicity_materials/{self.material_id}"

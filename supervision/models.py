"""Supervision visits (调研指导) and the rectification ledger (整改台账), seed 002 四.

A ``Visit`` is planned, then done or cancelled (``enums.py``). On a done visit the
office records its findings, each about one department: a finding *is* a
``LedgerItem`` (the problem found, its responsible person, its due date). The
department answers with a ``LedgerRectification`` (what was done, with its evidence
files); the office closes the item or sends it back. Nothing is deleted: each answer is
a new row, each decision an event row with who, when and why.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.models import DecisionEvent, StoredFile
from supervision.enums import (
    LedgerState,
    ReminderKind,
    VisitKind,
    VisitMethod,
    VisitOrganizer,
    VisitState,
)

V = VisitState
L = LedgerState


class Visit(FSMModelMixin, models.Model):
    """A supervision visit (调研指导) to one or more departments."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(_("类别"), max_length=16, choices=VisitKind.choices)
    organizer = models.CharField(_("组织方"), max_length=16, choices=VisitOrganizer.choices)
    lead_office = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("牵头部门"),
    )
    departments = models.ManyToManyField(
        "departments.Department", related_name="supervision_visits", verbose_name=_("调研科室")
    )
    planned_on = models.DateField(_("计划日期"), db_index=True)
    members = models.CharField(_("调研人员"), max_length=300)
    visited_on = models.DateField(_("调研日期"), null=True, blank=True)
    methods = models.JSONField(_("调研方式"), default=list, blank=True)
    summary = models.TextField(_("调研情况"), blank=True)
    state = FSMField(_("状态"), default=V.PLANNED, choices=V.choices, protected=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # The random key of the planning form: a double-clicked plan makes one visit.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["state"], m2m_fields=[departments])

    class Meta:
        verbose_name = _("调研指导")
        verbose_name_plural = pgettext_lazy("plural", "调研指导")
        ordering = ["-planned_on", "-pk"]
        permissions = [("manage_visits", _("计划和记录调研指导"))]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} · {self.planned_on}"

    def method_labels(self):
        return [str(VisitMethod(value).label) for value in self.methods if value in VisitMethod]

    @transition(field=state, source=V.PLANNED, target=V.DONE)
    def complete(self, visited_on=None, members=None, methods=None, summary=""):
        self.visited_on = visited_on
        self.members = members
        self.methods = list(methods)
        self.summary = summary

    @transition(field=state, source=V.PLANNED, target=V.CANCELLED)
    def cancel(self):
        pass


class VisitEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "plan": _("计划"),
        "complete": _("完成调研"),
        "cancel": _("取消"),
    }
    STATES = VisitState

    subject = models.ForeignKey(
        Visit, on_delete=models.PROTECT, related_name="events", verbose_name=_("调研指导")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("调研指导记录")
        verbose_name_plural = pgettext_lazy("plural", "调研指导记录")


class LedgerItem(FSMModelMixin, models.Model):
    """A finding of a visit about one department, and its rectification (整改台账事项).

    Closed on time when ``closed_on`` (the local date of the office's acceptance) is
    on or before ``due_on``.
    """

    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, related_name="ledger_items", verbose_name=_("调研指导")
    )
    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="ledger_items",
        verbose_name=_("科室"),
    )
    finding = models.TextField(_("发现的问题"))
    responsible = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        related_name="ledger_items",
        verbose_name=_("整改责任人"),
    )
    due_on = models.DateField(_("整改期限"), db_index=True)
    state = FSMField(_("状态"), default=L.OPEN, choices=L.choices, protected=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("销号人"),
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["state"])

    class Meta:
        verbose_name = _("整改台账事项")
        verbose_name_plural = pgettext_lazy("plural", "整改台账事项")
        ordering = ["due_on", "pk"]
        permissions = [
            ("check_ledgeritem", _("核查整改台账事项（销号或退回）")),
            ("view_own_ledger", _("查看本科室整改台账")),
        ]

    def __str__(self):
        return f"{self.unit} · {self.finding[:20]}"

    def is_overdue(self, today):
        return self.state != L.CLOSED and self.due_on < today

    @property
    def closed_on_time(self):
        """True or False once closed; None while it is not."""
        if self.closed_on is None:
            return None
        return self.closed_on <= self.due_on

    @transition(field=state, source=[L.OPEN, L.SENT_BACK], target=L.RECTIFIED)
    def rectify(self):
        pass

    @transition(field=state, source=L.RECTIFIED, target=L.CLOSED)
    def close(self, closed_by=None, at=None, on=None):
        self.closed_by = closed_by
        self.closed_at = at
        self.closed_on = on

    @transition(field=state, source=L.RECTIFIED, target=L.SENT_BACK)
    def send_back(self):
        pass


class LedgerItemEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "record": _("记录问题"),
        "rectify": _("提交整改情况"),
        "close": _("核查通过，销号"),
        "send_back": _("退回重新整改"),
    }
    STATES = LedgerState

    subject = models.ForeignKey(
        LedgerItem, on_delete=models.PROTECT, related_name="events", verbose_name=_("整改台账事项")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("整改台账记录")
        verbose_name_plural = pgettext_lazy("plural", "整改台账记录")


class LedgerRectification(models.Model):
    """What the department did about an item (整改情况); each submission is a new row."""

    item = models.ForeignKey(
        LedgerItem,
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("整改台账事项"),
    )
    text = models.TextField(_("整改情况"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提交人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("整改情况")
        verbose_name_plural = pgettext_lazy("plural", "整改情况")
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"{self.item} · {self.submitted_at}"


class LedgerEvidence(StoredFile):
    """An evidence file of a rectification: private, downloaded through a checked view."""

    rectification = models.ForeignKey(
        LedgerRectification,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("整改情况"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("整改佐证材料")
        verbose_name_plural = pgettext_lazy("plural", "整改佐证材料")
        ordering = ["rectification", "pk"]

    def storage_directory(self):
        return f"supervision/{self.rectification_id}"


class LedgerReminder(models.Model):
    """A reminder to the department about an item, as a row with the moment it is due;
    the beat sweep claims it by setting ``sent_at`` (supervision.services.reminders)."""

    item = models.ForeignKey(
        LedgerItem,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("整改台账事项"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ReminderKind.choices)
    due_at = models.DateTimeField(_("提醒时间"), db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)
    recipients = models.PositiveIntegerField(_("提醒人数"), default=0)

    class Meta:
        verbose_name = _("整改提醒")
        verbose_name_plural = pgettext_lazy("plural", "整改提醒")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "kind"], name="one_ledger_reminder_per_kind")
        ]

    def __str__(self):
        return f"{self.item} · {self.get_kind_display()}"

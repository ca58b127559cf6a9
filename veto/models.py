import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.models import DecisionEvent, StoredFile
from veto.enums import (
    RECTIFICATION_MAX_MONTHS,
    RECTIFICATION_MIN_MONTHS,
    RecheckResult,
    RectificationState,
    VetoEventState,
)

V = VetoEventState
R = RectificationState


class VetoIndicator(models.Model):
    """One of the ten veto indicators (否决性指标, seed 001 附件 1), loaded from fixtures/.

    Editable by the administrator. One that an event used is never deleted,
    only retired; each event keeps the wording it was reported under.
    """

    number = models.PositiveSmallIntegerField(_("序号"), unique=True)
    text = models.TextField(_("指标"))
    evidence_basis = models.CharField(_("审核依据"), max_length=200)
    responsible_offices = models.CharField(
        _("责任部门"), max_length=200, help_text=_("例如：党政办、公卫科")
    )
    # Who may report under it: people of these departments (the discipline office always may).
    responsible_departments = models.ManyToManyField(
        "departments.Department",
        blank=True,
        related_name="veto_indicators",
        verbose_name=_("责任部门（科室）"),
    )
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[responsible_departments])

    class Meta:
        verbose_name = _("否决性指标")
        verbose_name_plural = pgettext_lazy("plural", "否决性指标")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.text}"

    @property
    def is_retired(self):
        return self.retired_at is not None


class VetoEvent(FSMModelMixin, models.Model):
    """A veto indicator met by a department, or by one of its people. See enums.py."""

    indicator = models.ForeignKey(
        VetoIndicator, on_delete=models.PROTECT, related_name="events", verbose_name=_("否决性指标")
    )
    # The indicator's wording when the event was reported (the indicator may be edited later).
    indicator_number = models.PositiveSmallIntegerField(_("指标序号"))
    indicator_text = models.TextField(_("指标内容"))
    indicator_evidence_basis = models.CharField(_("审核依据"), max_length=200)
    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="veto_events",
        verbose_name=_("科室"),
    )
    person = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="veto_events",
        verbose_name=_("涉及人员"),
    )
    occurred_on = models.DateField(_("发生日期"), db_index=True)
    description = models.TextField(_("事实描述"))
    state = FSMField(
        _("状态"), default=V.REPORTED, choices=V.choices, protected=True, db_index=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报告人"),
    )
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True)
    # The random key of the report form: a double-clicked report makes one event.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("认定人"),
    )
    decided_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    # The re-check (复核) that found the problem, when it was reported from one.
    recheck = models.ForeignKey(
        "veto.Recheck",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="veto_events",
        verbose_name=_("复核"),
    )
    history = HistoricalRecords(excluded_fields=["state"])

    class Meta:
        verbose_name = _("否决事项")
        verbose_name_plural = pgettext_lazy("plural", "否决事项")
        ordering = ["-occurred_on", "-pk"]
        permissions = [
            ("report_vetoevent", "报告否决事项"),
            ("verify_vetoevent", "核实否决事项"),
            ("confirm_vetoevent", "确认否决事项（院党委）"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.indicator_number}. {self.indicator_text[:20]}"

    @transition(field=state, source=V.REPORTED, target=V.VERIFIED)
    def verify(self, verified_by=None, at=None):
        self.verified_by = verified_by
        self.verified_at = at

    @transition(field=state, source=V.VERIFIED, target=V.CONFIRMED)
    def confirm(self, decided_by=None, at=None):
        self.decided_by = decided_by
        self.decided_at = at

    @transition(field=state, source=[V.REPORTED, V.VERIFIED], target=V.DISMISSED)
    def dismiss(self, decided_by=None, at=None):
        self.decided_by = decided_by
        self.decided_at = at


class VetoEventEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "report": _("报告"),
        "verify": _("核实"),
        "confirm": _("党委确认"),
        "dismiss": _("不予认定"),
    }
    STATES = VetoEventState

    subject = models.ForeignKey(
        VetoEvent, on_delete=models.PROTECT, related_name="events", verbose_name=_("否决事项")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("否决事项记录")
        verbose_name_plural = pgettext_lazy("plural", "否决事项记录")


def veto_evidence_path(instance, filename):
    # Named by migration 0001; files are now placed by core.models.stored_file_path.
    return f"veto/{instance.event_id}/{uuid.uuid4().hex}.{instance.kind}"


class VetoEvidence(StoredFile):
    """An evidence file of a veto event: private, downloaded through a checked view."""

    event = models.ForeignKey(
        VetoEvent, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("否决事项")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("否决事项证据")
        verbose_name_plural = pgettext_lazy("plural", "否决事项证据")
        ordering = ["event", "pk"]

    def storage_directory(self):
        return f"veto/{self.event_id}"


class Rectification(FSMModelMixin, models.Model):
    """A rectification period (整改期) after a confirmed veto event revoked a title.

    ``ends_on`` is the last day; the beat sweep moves it to ``due`` the day after.
    """

    event = models.OneToOneField(
        VetoEvent,
        on_delete=models.PROTECT,
        related_name="rectification",
        verbose_name=_("否决事项"),
    )
    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("科室"),
    )
    title = models.ForeignKey(
        "appraisal.Title",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("被撤销的称号"),
    )
    months = models.PositiveSmallIntegerField(
        _("整改期（月）"),
        validators=[
            MinValueValidator(RECTIFICATION_MIN_MONTHS),
            MaxValueValidator(RECTIFICATION_MAX_MONTHS),
        ],
    )
    starts_on = models.DateField(_("整改开始日期"))
    ends_on = models.DateField(_("整改截止日期"), db_index=True)
    notice_number = models.CharField(_("整改通知书文号"), max_length=50)
    state = FSMField(_("状态"), default=R.ACTIVE, choices=R.choices, protected=True, db_index=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("验收人"),
    )
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["state"])

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = pgettext_lazy("plural", "整改")
        ordering = ["-starts_on", "-pk"]
        permissions = [("decide_rectification", "验收或延长整改（院党委）")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    months__gte=RECTIFICATION_MIN_MONTHS, months__lte=RECTIFICATION_MAX_MONTHS
                ),
                name="rectification_3_to_6_months",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="rectification_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.notice_number}"

    @transition(field=state, source=R.ACTIVE, target=R.DUE)
    def end(self):
        pass

    @transition(field=state, source=R.DUE, target=R.ACCEPTED)
    def accept(self, accepted_by=None, at=None):
        self.accepted_by = accepted_by
        self.accepted_at = at

    @transition(field=state, source=R.DUE, target=R.ACTIVE)
    def extend(self, ends_on=None):
        self.ends_on = ends_on


class RectificationEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "start": _("开始整改"),
        "end": _("整改期满"),
        "accept": _("验收通过"),
        "extend": _("延长整改期"),
        "report": _("提交整改报告"),
    }
    STATES = RectificationState

    subject = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, related_name="events", verbose_name=_("整改")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("整改记录")
        verbose_name_plural = pgettext_lazy("plural", "整改记录")


def rectification_report_path(instance, filename):
    # Named by migration 0001; files are now placed by core.models.stored_file_path.
    return f"rectifications/{instance.rectification_id}/{uuid.uuid4().hex}.{instance.kind}"


class RectificationReport(StoredFile):
    """The department's rectification report (整改报告): a file; a new upload is a new row."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, related_name="reports", verbose_name=_("整改")
    )
    note = models.TextField(_("说明"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = pgettext_lazy("plural", "整改报告")
        ordering = ["rectification", "uploaded_at", "pk"]

    def storage_directory(self):
        return f"rectifications/{self.rectification_id}"


class Recheck(models.Model):
    """A re-check (复核) of a titled department by the working group, and its result."""

    title = models.ForeignKey(
        "appraisal.Title", on_delete=models.PROTECT, related_name="rechecks", verbose_name=_("称号")
    )
    checked_on = models.DateField(_("复核日期"))
    result = models.CharField(_("结果"), max_length=10, choices=RecheckResult.choices)
    findings = models.TextField(_("复核情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("复核")
        verbose_name_plural = pgettext_lazy("plural", "复核")
        ordering = ["-checked_on", "-pk"]

    def __str__(self):
        return f"{self.title} · {self.checked_on}"


class RevocationAnnouncement(models.Model):
    """The announcement at the mid-level cadre meeting (中层干部会议通报, seed 001 七.2)
    of the titles a confirmed veto event revoked: when, at which meeting, and who
    recorded it when. One per event; a correction changes the row and the history
    keeps what it said before (veto.services.announcements)."""

    event = models.OneToOneField(
        VetoEvent,
        on_delete=models.PROTECT,
        related_name="announcement",
        verbose_name=_("否决事项"),
    )
    announced_on = models.DateField(_("通报日期"))
    meeting = models.CharField(
        _("会议"), max_length=200, help_text=_("例如：2026年第9次中层干部会议")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("撤销称号通报")
        verbose_name_plural = pgettext_lazy("plural", "撤销称号通报")
        ordering = ["-announced_on", "-pk"]
        permissions = [("announce_revocation", "记录中层干部会议通报")]

    def __str__(self):
        return f"{self.event} · {self.meeting}"

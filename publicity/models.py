import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.models import DecisionEvent, StoredFile
from publicity.enums import ObjectionState, PublicityState

P = PublicityState
O = ObjectionState  # noqa: E741 - the table's letter, as S in appraisal


class Publicity(FSMModelMixin, models.Model):
    """A campaign's publicity (院内公示) of its fixed list. See enums.py for its states.

    The list itself is the campaign's applications in the state ``approved``
    (an upheld objection moves one to ``removed``). ``ends_at`` is 24:00
    Asia/Shanghai of the last working day, computed from the statutory
    calendar when the party office opens it; the beat sweep closes it then.
    """

    campaign = models.OneToOneField(
        "appraisal.Campaign",
        on_delete=models.PROTECT,
        related_name="publicity",
        verbose_name=_("评选批次"),
    )
    starts_on = models.DateField(_("公示开始日期"))
    last_day = models.DateField(_("公示截止日期"))
    ends_at = models.DateTimeField(_("公示截止时间"), db_index=True)
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    contact = models.CharField(
        _("异议受理"),
        max_length=200,
        blank=True,
        help_text=_("例如：纪检监察室，电话 8888"),
    )
    document_number = models.CharField(_("公示文号"), max_length=50, blank=True)
    state = FSMField(_("状态"), default=P.OPEN, choices=P.choices, protected=True, db_index=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )
    opened_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["state", "closed_at"])

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = pgettext_lazy("plural", "公示")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("starts_on")), name="publicity_period_ordered"
            )
        ]

    def __str__(self):
        return str(self.campaign)

    @property
    def is_open(self):
        return self.state == P.OPEN

    @transition(field=state, source=P.OPEN, target=P.CLOSED)
    def close(self, at=None):
        self.closed_at = at

    @transition(field=state, source=P.OPEN, target=P.CLOSED_PENDING)
    def close_pending(self, at=None):
        self.closed_at = at

    @transition(field=state, source=P.CLOSED_PENDING, target=P.CLOSED)
    def settle(self):
        pass


class PublicityEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "open": _("开始公示"),
        "close": _("公示期满"),
        "close_pending": _("公示期满，异议待处理"),
        "settle": _("异议处理完毕"),
    }
    STATES = PublicityState

    subject = models.ForeignKey(
        Publicity, on_delete=models.PROTECT, related_name="events", verbose_name=_("公示")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("公示记录")
        verbose_name_plural = pgettext_lazy("plural", "公示记录")


class Objection(FSMModelMixin, models.Model):
    """A staff member's objection (异议) to one department on the publicity list.

    Objector privacy: ``objector`` is shown only to the discipline office and the
    party office, and never to a member of the department objected to
    (publicity.rules); nothing the department can reach (page, export,
    notification, PDF) names or hints at them.
    """

    publicity = models.ForeignKey(
        Publicity, on_delete=models.PROTECT, related_name="objections", verbose_name=_("公示")
    )
    application = models.ForeignKey(
        "appraisal.Application",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("被提出异议的科室"),
    )
    objector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("异议人"),
    )
    receipt_number = models.CharField(_("受理编号"), max_length=32, unique=True)
    # The random key of the form it was submitted from: a second submission of the
    # same form (a double click) finds this row instead of making another.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    content = models.TextField(_("异议内容"))
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True, db_index=True)
    state = FSMField(
        _("状态"), default=O.SUBMITTED, choices=O.choices, protected=True, db_index=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    taken_up_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    findings = models.TextField(_("调查结论"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办结人"),
    )
    settled_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["state"])

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = pgettext_lazy("plural", "异议")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("handle_objection", "受理和办结异议")]

    def __str__(self):
        return self.receipt_number

    @property
    def is_open(self):
        return self.state in (O.SUBMITTED, O.TAKEN_UP)

    @transition(field=state, source=O.SUBMITTED, target=O.TAKEN_UP)
    def take_up(self, handler=None, at=None):
        # Not ``by``: apply_transition takes ``by`` for itself (the event's actor).
        self.handler = handler
        self.taken_up_at = at

    @transition(field=state, source=O.TAKEN_UP, target=O.UPHELD)
    def uphold(self, settled_by=None, at=None, findings=""):
        self.settled_by = settled_by
        self.settled_at = at
        self.findings = findings

    @transition(field=state, source=O.TAKEN_UP, target=O.DISMISSED)
    def dismiss(self, settled_by=None, at=None, findings=""):
        self.settled_by = settled_by
        self.settled_at = at
        self.findings = findings


class ObjectionEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "submit": _("提出异议"),
        "take_up": _("受理"),
        "uphold": _("异议成立"),
        "dismiss": _("异议不成立"),
    }
    STATES = ObjectionState

    subject = models.ForeignKey(
        Objection, on_delete=models.PROTECT, related_name="events", verbose_name=_("异议")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("异议记录")
        verbose_name_plural = pgettext_lazy("plural", "异议记录")


def objection_attachment_path(instance, filename):
    # Named by migration 0001; files are now placed by core.models.stored_file_path.
    return f"objections/{instance.objection.publicity_id}/{uuid.uuid4().hex}.{instance.kind}"


class ObjectionAttachment(StoredFile):
    """A file attached to an objection: private, served only to the objector and to
    those who read the objection as an office (publicity.rules)."""

    objection = models.ForeignKey(
        Objection, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("异议")
    )

    class Meta:
        verbose_name = _("异议附件")
        verbose_name_plural = pgettext_lazy("plural", "异议附件")
        ordering = ["objection", "pk"]

    def storage_directory(self):
        return f"objections/{self.objection.publicity_id}"

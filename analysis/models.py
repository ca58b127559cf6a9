"""The quarterly situation analysis (形势分析研判, seed 004 art. 11).

A ``QuarterlyReport`` is one quarter of one year; it has versions. The party office
drafts a version, writes its commentary and issues it: the figures assembled from the
other apps (``analysis.figures``) are then frozen into ``snapshot``, so the version
reads the same ever after. The committee's conclusions are recorded on an issued
version with the meeting's date. A reissue is a new version; the old one is kept,
superseded, readable as it was issued. Nothing is deleted; each decision is a
``QuarterlyReportEvent`` (who, when, why).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from analysis.enums import VersionState
from core.models import DecisionEvent

S = VersionState


class QuarterlyReport(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("形势分析研判报告")
        verbose_name_plural = pgettext_lazy("plural", "形势分析研判报告")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_report_per_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_one_to_four"
            ),
        ]
        permissions = [
            ("draft_quarterlyreport", _("起草和印发形势分析研判报告")),
            ("record_conclusions", _("记录党委研判意见")),
        ]

    def __str__(self):
        return gettext("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": self.quarter}


class QuarterlyReportVersion(FSMModelMixin, models.Model):
    report = models.ForeignKey(
        QuarterlyReport,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("形势分析研判报告"),
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    state = FSMField(_("状态"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    # Why this version was made: empty for the first, required for a reissue.
    reason = models.TextField(_("重新印发理由"), blank=True)
    commentary = models.TextField(_("党办分析意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    # The figures as they stood when the version was issued (analysis.figures).
    snapshot = models.JSONField(_("数据快照"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("印发人"),
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    conclusions = models.TextField(_("党委研判意见"), blank=True)
    meeting_on = models.DateField(_("党委会议日期"), null=True, blank=True)
    conclusions_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("研判意见记录人"),
    )
    conclusions_at = models.DateTimeField(_("研判意见记录时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("形势分析研判报告版本")
        verbose_name_plural = pgettext_lazy("plural", "形势分析研判报告版本")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_version_number"),
            # One draft at a time, and one version in force, per quarter.
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(state=S.DRAFT),
                name="one_draft_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(state=S.ISSUED),
                name="one_issued_version_per_quarter",
            ),
        ]

    def __str__(self):
        return gettext("%(report)s 第%(number)s版") % {"report": self.report, "number": self.number}

    @property
    def is_draft(self):
        return self.state == S.DRAFT

    @property
    def has_conclusions(self):
        return self.conclusions_at is not None

    @transition(field=state, source=S.DRAFT, target=S.ISSUED)
    def issue(self, snapshot=None, at=None, by=None):
        self.snapshot = snapshot
        self.issued_at = at
        self.issued_by = by

    @transition(field=state, source=S.ISSUED, target=S.SUPERSEDED)
    def supersede(self):
        pass


class QuarterlyReportEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "draft": _("起草"),
        "commentary": _("修改分析意见"),
        "issue": _("印发"),
        "supersede": _("被新版本替代"),
        "conclusions": _("记录党委研判意见"),
    }
    STATES = VersionState

    subject = models.ForeignKey(
        QuarterlyReportVersion,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("形势分析研判报告版本"),
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("形势分析研判记录")
        verbose_name_plural = pgettext_lazy("plural", "形势分析研判记录")

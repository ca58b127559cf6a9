from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from appraisal.enums import TitleStatus
from core.models import DecisionEvent

from .applications import Application
from .campaigns import Campaign


class Title(FSMModelMixin, models.Model):
    """The 清廉科室 title a unit holds after the party committee's confirmation:
    one record per commended application (unit, campaign, year, status, dates).

    Never deleted: a revocation (veto issue) sets the status, the date and the
    reason, and the honour roll shows it.
    """

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="title", verbose_name=_("申报")
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="titles", verbose_name=_("评选批次")
    )
    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="titles",
        verbose_name=_("单元"),
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    status = FSMField(
        _("状态"),
        default=TitleStatus.HELD,
        choices=TitleStatus.choices,
        protected=True,
        db_index=True,
    )
    awarded_on = models.DateField(_("授予日期"))
    certificate_number = models.CharField(_("证书编号"), max_length=50, unique=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revocation_reason = models.TextField(_("撤销理由"), blank=True)
    history = HistoricalRecords(excluded_fields=["status"])

    class Meta:
        verbose_name = _("清廉科室称号")
        verbose_name_plural = pgettext_lazy("plural", "清廉科室称号")
        ordering = ["-year", "unit__code"]
        permissions = [("export_bonus_list", "导出医德考评加分名单")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="one_title_per_unit_per_campaign"
            )
        ]

    def __str__(self):
        return gettext("%(year)s年度清廉科室：%(unit)s") % {"year": self.year, "unit": self.unit}

    @transition(field=status, source=TitleStatus.HELD, target=TitleStatus.REVOKED)
    def revoke(self, on=None, reason_text=""):
        self.revoked_on = on
        self.revocation_reason = reason_text


class TitleEvent(DecisionEvent):
    TRANSITION_LABELS = {"award": _("授予"), "revoke": _("撤销称号")}
    STATES = TitleStatus

    subject = models.ForeignKey(
        Title, on_delete=models.PROTECT, related_name="events", verbose_name=_("清廉科室称号")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("称号记录")
        verbose_name_plural = pgettext_lazy("plural", "称号记录")

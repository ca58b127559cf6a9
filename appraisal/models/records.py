from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .applications import Application
from .campaigns import Criterion


class AttachedRecord(models.Model):
    """A summary of the unit's year-round records of one kind, attached to a
    criterion of its application as evidence (docs/yearwork.md, "Records as
    evidence").

    ``snapshot`` is the summary as it was when attached (``RecordSummary.as_snapshot``):
    reviewers read it, never the live records, so a record changed afterwards does
    not change what was submitted. Nothing is deleted: taking it off marks it
    detached (who, when, why); attaching the same kind again writes a new row and
    marks the old one replaced. One live row per application, criterion and kind.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="attached_records",
        verbose_name=_("申报"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分项")
    )
    kind = models.CharField(_("台账类型"), max_length=100)
    year = models.PositiveSmallIntegerField(_("台账年度"))
    snapshot = models.JSONField(_("附上时的台账摘要"))
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("附上人"),
    )
    attached_at = models.DateTimeField(_("附上时间"))
    detached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("移除人"),
    )
    detached_at = models.DateTimeField(_("移除时间"), null=True, blank=True)
    detach_reason = models.TextField(_("移除理由"), blank=True)
    # Set when the same kind was attached again: the newer row that replaced this one.
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("更新为"),
    )

    class Meta:
        verbose_name = _("附上的台账")
        verbose_name_plural = pgettext_lazy("plural", "附上的台账")
        ordering = ["application", "criterion", "attached_at", "pk"]
        indexes = [models.Index(fields=["application", "detached_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "kind"],
                condition=Q(detached_at__isnull=True),
                name="one_live_attached_record_per_criterion_kind",
            ),
            models.CheckConstraint(
                condition=Q(detached_at__isnull=True) | Q(detached_by__isnull=False),
                name="attached_record_detached_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.application} · {self.kind}"

    @property
    def is_live(self):
        return self.detached_at is None

    @property
    def text(self):
        return self.snapshot.get("text", "")

    @property
    def url(self):
        return self.snapshot.get("url", "")

    @property
    def items(self):
        return self.snapshot.get("items", [])

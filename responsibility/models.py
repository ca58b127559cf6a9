"""Holders of public power and their yearly problem and responsibility lists (seed 004
art. 13: 问题清单 / 责任清单, signed by the holder and filed with the party office).

Nothing here is deleted once it counts (docs/yearwork.md, "Responsibility lists"): a
holder leaves the set with a removal (date, who, why); a signed list is frozen, and a
correction is a new version that names the one it replaces; every progress mark is a
row. django-simple-history keeps every version of each row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import StoredFile
from responsibility.enums import HolderReason, ItemKind, ListState, SigningMethod


class Holder(models.Model):
    """A person in the party office's set of holders of public power for one year.

    The unit a holder counts in is not stored: it is the unit of their roster entry on
    the year's last day (today in the running year), ``responsibility.selectors``."""

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    person = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        related_name="power_holdings",
        verbose_name=_("人员"),
    )
    reason = models.CharField(_("类别"), max_length=10, choices=HolderReason.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("添加人"),
    )
    added_at = models.DateTimeField(_("添加时间"), auto_now_add=True)
    added_on = models.DateField(_("添加日期"))
    removed_on = models.DateField(_("移出日期"), null=True, blank=True, db_index=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("移出人"),
    )
    removed_at = models.DateTimeField(_("移出时间"), null=True, blank=True)
    removal_reason = models.TextField(_("移出原因"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("掌握公权力人员")
        verbose_name_plural = pgettext_lazy("plural", "掌握公权力人员")
        ordering = ["-year", "person__department__code", "person__employee_number", "pk"]
        permissions = [
            ("manage_holders", "管理掌握公权力人员名单"),
            ("view_all_lists", "查看全院问题清单和责任清单"),
        ]
        constraints = [
            # One standing entry per person and year (the service says so first).
            models.UniqueConstraint(
                fields=["year", "person"],
                condition=Q(removed_on__isnull=True),
                name="responsibility_one_holder_per_person_year",
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.person.name}"

    @property
    def is_removed(self):
        return self.removed_on is not None


class ResponsibilityList(models.Model):
    """One version of a holder's list of a year. A draft is written; signing freezes it
    (online by the holder, or a signed scan the party office uploads); a correction is
    a new version (``replaces``) and the old one stays as it was signed."""

    holder = models.ForeignKey(
        Holder, on_delete=models.PROTECT, related_name="lists", verbose_name=_("掌握公权力人员")
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ListState.choices, default=ListState.DRAFT
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("修订自"),
    )
    revision_reason = models.TextField(_("修订原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填写人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    signing_method = models.CharField(
        _("签名方式"), max_length=10, choices=SigningMethod.choices, blank=True
    )
    signed_at = models.DateTimeField(_("签名时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签名（上传）人"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问题清单和责任清单")
        verbose_name_plural = pgettext_lazy("plural", "问题清单和责任清单")
        ordering = ["holder", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "version"], name="responsibility_list_version_unique"
            ),
            # At most one version being written at a time.
            models.UniqueConstraint(
                fields=["holder"],
                condition=Q(state="draft"),
                name="responsibility_one_draft_per_holder",
            ),
        ]

    def __str__(self):
        return f"{self.holder} · v{self.version}"

    @property
    def is_signed(self):
        return self.state == ListState.SIGNED


class ListItem(models.Model):
    """A problem found (问题) or a responsibility (责任), with its measures and due date.
    ``done`` and ``done_on`` are the latest progress mark (``ItemProgress`` keeps them all)."""

    list = models.ForeignKey(
        ResponsibilityList, on_delete=models.PROTECT, related_name="items", verbose_name=_("清单")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    text = models.TextField(_("内容"))
    measures = models.TextField(_("措施"))
    due_on = models.DateField(_("完成时限"), db_index=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上一版本的事项"),
    )
    done = models.BooleanField(_("已完成"), default=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = pgettext_lazy("plural", "清单事项")
        ordering = ["list", "kind", "order", "pk"]

    def __str__(self):
        return self.text[:40]


class ItemProgress(models.Model):
    """A progress mark (进展) on an item of a signed list: done or not, the date, a note."""

    item = models.ForeignKey(
        ListItem, on_delete=models.PROTECT, related_name="progress", verbose_name=_("清单事项")
    )
    done = models.BooleanField(_("已完成"))
    on = models.DateField(_("日期"))
    note = models.TextField(_("进展情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项进展")
        verbose_name_plural = pgettext_lazy("plural", "事项进展")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.item} · {self.on}"


class ListScan(StoredFile):
    """The signed scan of a list, uploaded by the party office on the holder's behalf."""

    list = models.OneToOneField(
        ResponsibilityList, on_delete=models.PROTECT, related_name="scan", verbose_name=_("清单")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("清单签名扫描件")
        verbose_name_plural = pgettext_lazy("plural", "清单签名扫描件")

    def storage_directory(self):
        return f"responsibility/{self.list_id}"

"""Integrity risk points (廉政风险点) and key-post holdings (重点岗位), kept by each unit.

Nothing here is deleted (docs/yearwork.md, "Risk points and key posts"): a risk
point no longer relevant is retired with a reason; each yearly review is a row;
a holding of a key post ends (a rotation ends it and starts the successor's);
django-simple-history keeps every version of each row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from risks.enums import HoldingEnd, RiskGrade


class RiskPoint(models.Model):
    """A risk of a post in a unit, its grade and its prevention measure (seed 003 (9)).

    ``grade`` is the grade now: a yearly review keeps or changes it (``RiskReview``
    records both). A point is retired, never deleted.
    """

    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="risk_points",
        verbose_name=_("科室"),
    )
    post = models.CharField(_("岗位"), max_length=100)
    risk = models.TextField(_("风险描述"))
    grade = models.CharField(_("风险等级"), max_length=1, choices=RiskGrade.choices)
    measure = models.TextField(_("防控措施"))
    recorded_on = models.DateField(_("登记日期"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # The random key of the form: a double-clicked post makes one point.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    retired_on = models.DateField(_("停用日期"), null=True, blank=True, db_index=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("停用人"),
    )
    retired_reason = models.TextField(_("停用理由"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("廉政风险点")
        verbose_name_plural = pgettext_lazy("plural", "廉政风险点")
        ordering = ["unit__code", "grade", "post", "pk"]
        permissions = [
            ("keep_records", "登记本科室廉政风险点与重点岗位"),
            ("view_all_records", "查看全院廉政风险点与重点岗位"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True) | Q(retired_on__gte=models.F("recorded_on")),
                name="risk_point_retired_after_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.post}"

    @property
    def is_retired(self):
        return self.retired_on is not None


class RiskReview(models.Model):
    """The yearly review (年度复核) of a risk point: who, when, the outcome, and the grade
    before and after (kept or changed)."""

    risk_point = models.ForeignKey(
        RiskPoint, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("廉政风险点")
    )
    reviewed_on = models.DateField(_("复核日期"))
    # The year the review counts for: the year of ``reviewed_on``.
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    outcome = models.TextField(_("复核意见"))
    grade_before = models.CharField(_("复核前等级"), max_length=1, choices=RiskGrade.choices)
    grade_after = models.CharField(_("复核后等级"), max_length=1, choices=RiskGrade.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("复核人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("风险点复核")
        verbose_name_plural = pgettext_lazy("plural", "风险点复核")
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["risk_point", "year"])]

    def __str__(self):
        return f"{self.risk_point} · {self.reviewed_on}"

    @property
    def grade_changed(self):
        return self.grade_before != self.grade_after


class KeyPost(models.Model):
    """A high-risk post (重点岗位, seed 004 art. 19): equipment, pharmacy, general affairs,
    works, procurement …; the keepers extend the list (``risks.services.key_posts``)."""

    name = models.CharField(_("岗位名称"), max_length=50, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("添加人"),
    )
    added_at = models.DateTimeField(_("添加时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重点岗位")
        verbose_name_plural = pgettext_lazy("plural", "重点岗位")
        ordering = ["name"]

    def __str__(self):
        return self.name


class KeyPostHolding(models.Model):
    """A person of the unit holding a key post from ``since`` to ``until`` (the last day;
    empty while they hold it). The rotation limit is counted from ``since``
    (``risks.rotation``)."""

    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="key_post_holdings",
        verbose_name=_("科室"),
    )
    post = models.ForeignKey(
        KeyPost, on_delete=models.PROTECT, related_name="holdings", verbose_name=_("重点岗位")
    )
    person = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        related_name="key_post_holdings",
        verbose_name=_("在岗人员"),
    )
    since = models.DateField(_("上岗日期"), db_index=True)
    until = models.DateField(_("离岗日期"), null=True, blank=True, db_index=True)
    end_kind = models.CharField(
        _("离岗原因"), max_length=10, choices=HoldingEnd.choices, blank=True
    )
    end_note = models.TextField(_("离岗说明"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记离岗人"),
    )
    # The holding this one took over in a rotation.
    succeeds = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("接替"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重点岗位在岗记录")
        verbose_name_plural = pgettext_lazy("plural", "重点岗位在岗记录")
        ordering = ["unit__code", "post__name", "-since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="key_post_holding_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.post} · {self.person.name}"

    @property
    def is_current(self):
        return self.until is None

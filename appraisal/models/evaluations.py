"""The yearly evaluation's own rows (docs/evaluation.md).

A yearly campaign (``Campaign.kind == YEARLY_EVALUATION``) evaluates every unit
with the selection's machinery: each unit has an ``Application`` row, written by
the party office's service rather than by the unit, reviewed and ranked as usual.
What the selection does not have lives here: the formulas of computed criteria,
the scores they give, the unit's explanations, the grade bands and the results
the party committee confirms.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from appraisal.enums import ComputationState, YearlyGrade

from .applications import Application
from .campaigns import Campaign, Criterion


class CriterionFormula(models.Model):
    """How a computed criterion is scored from the year's records.

    ``kind`` and ``figure`` name a figure of a registered record kind
    (appraisal/records.py: e.g. ``integrity.talks`` / ``percent``); ``bands`` are the
    thresholds, ``[{"at_least": "95", "points": "5"}, …]``: the unit gets the points of
    the highest threshold its figure reaches, 0 below them all (appraisal/formulas.py).
    Refused when saved if the kind or figure is unknown or a band gives more than the
    criterion's points.
    """

    criterion = models.OneToOneField(
        Criterion, on_delete=models.CASCADE, related_name="formula", verbose_name=_("评分项")
    )
    kind = models.CharField(_("台账类型"), max_length=100)
    figure = models.CharField(_("数据项"), max_length=50)
    bands = models.JSONField(_("分档"), default=list)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("设置人"),
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计算公式")
        verbose_name_plural = pgettext_lazy("plural", "计算公式")

    def __str__(self):
        return f"{self.criterion} · {self.kind}.{self.figure}"


class GradeBand(models.Model):
    """A grade of a yearly campaign and the totals it covers: ``lower`` inclusive,
    ``upper`` exclusive (the best grade's upper bound, 100, inclusive). The bands of
    a campaign neither overlap nor leave a gap, and a better grade lies higher."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="grade_bands", verbose_name=_("考评批次")
    )
    grade = models.CharField(_("等次"), max_length=20, choices=YearlyGrade.choices)
    lower = models.DecimalField(
        _("最低分（含）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    upper = models.DecimalField(
        _("最高分（不含）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("等次分数段")
        verbose_name_plural = pgettext_lazy("plural", "等次分数段")
        ordering = ["campaign", "-lower"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "grade"], name="one_band_per_grade"),
            models.CheckConstraint(condition=Q(upper__gt=F("lower")), name="grade_band_ordered"),
        ]

    def __str__(self):
        return f"{self.get_grade_display()} {self.lower}–{self.upper}"


class ScoreComputation(models.Model):
    """One run of the worker task computing a yearly campaign's draft scores, with
    its progress (``done`` of ``total`` units) for the page that watches it."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="score_computations",
        verbose_name=_("考评批次"),
    )
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=ComputationState.choices,
        default=ComputationState.QUEUED,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
        help_text=_("为空表示由系统发起。"),
    )
    requested_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    total = models.PositiveIntegerField(_("单元数"), default=0)
    done = models.PositiveIntegerField(_("已计算"), default=0)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("计算记录")
        verbose_name_plural = pgettext_lazy("plural", "计算记录")
        ordering = ["campaign", "-requested_at", "-pk"]
        get_latest_by = ["requested_at", "pk"]

    def __str__(self):
        return f"{self.campaign} · {self.get_state_display()}"


class ComputedScore(models.Model):
    """A computed criterion's score for one unit: the formula applied to the unit's
    figures of the campaign's year, with the figures it used (shown to the unit and to
    the reviewers). Rewritten by each computation until the review starts; every value
    is kept in the history."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="computed_scores",
        verbose_name=_("考评对象"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分项")
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    # {"kind": …, "figure": …, "value": …, "text": the summary line, "figures": {…}}
    basis = models.JSONField(_("计算依据"), default=dict)
    computation = models.ForeignKey(
        ScoreComputation,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("计算记录"),
    )
    computed_at = models.DateTimeField(_("计算时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计算得分")
        verbose_name_plural = pgettext_lazy("plural", "计算得分")
        ordering = ["application", "criterion__standard__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_computed_score_per_criterion"
            ),
            models.CheckConstraint(condition=Q(score__gte=0), name="computed_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.application} · {self.criterion}"


class Explanation(models.Model):
    """A unit's explanation (情况说明) of one computed criterion's draft score, written
    before the review starts; only ever added, the latest one counts."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="explanations",
        verbose_name=_("考评对象"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分项")
    )
    text = models.TextField(_("情况说明"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填写人"),
    )
    written_at = models.DateTimeField(_("填写时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("情况说明")
        verbose_name_plural = pgettext_lazy("plural", "情况说明")
        ordering = ["application", "criterion", "written_at", "pk"]
        get_latest_by = ["written_at", "pk"]

    def __str__(self):
        return f"{self.application} · {self.criterion}"


class EvaluationResult(models.Model):
    """A unit's yearly result as the party committee confirmed it: written once, at
    the confirmation, and never changed (what was published stays what it was).

    ``criterion_scores`` keeps each criterion's score as confirmed
    (``{criterion pk: "4.50"}``), ``average_total`` the hospital's average total that
    year, so the published page needs nothing recomputed.
    """

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="evaluation_result",
        verbose_name=_("考评对象"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="evaluation_results",
        verbose_name=_("考评批次"),
    )
    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="evaluation_results",
        verbose_name=_("单元"),
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("名次"))
    grade = models.CharField(_("等次"), max_length=20, choices=YearlyGrade.choices)
    criterion_scores = models.JSONField(_("各评分项得分"), default=dict)
    average_total = models.DecimalField(_("全院平均分"), max_digits=5, decimal_places=2)
    confirmed_on = models.DateField(_("党委确认日期"))

    class Meta:
        verbose_name = _("年度考评结果")
        verbose_name_plural = pgettext_lazy("plural", "年度考评结果")
        ordering = ["-year", "rank", "unit__code"]
        indexes = [models.Index(fields=["unit", "-year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="one_evaluation_result_per_unit_per_campaign"
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.unit} · {self.get_grade_display()}"

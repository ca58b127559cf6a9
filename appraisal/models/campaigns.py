import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from appraisal.enums import CampaignKind, CampaignState, ReviewReminderKind, YearlyGrade
from core.models import DecisionEvent, choice_label


class Rubric(models.Model):
    """A campaign's scoring rubric (考评细则): standards, each with criteria.

    Every campaign has its own copy, so editing this year's rubric never
    changes last year's scores. Frozen when the campaign's first application
    is submitted; every edit after that is refused.
    """

    name = models.CharField(_("名称"), max_length=100)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复制自"),
    )
    frozen_at = models.DateTimeField(_("冻结时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考评细则")
        verbose_name_plural = pgettext_lazy("plural", "考评细则")

    def __str__(self):
        return self.name

    @property
    def is_frozen(self):
        return self.frozen_at is not None


class Standard(models.Model):
    """A standard (创建标准): the top level of the rubric. Its points are the sum of its criteria."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="standards", verbose_name=_("考评细则")
    )
    name = models.CharField(_("标准"), max_length=50)
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    guidance = models.TextField(_("说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("创建标准")
        verbose_name_plural = pgettext_lazy("plural", "创建标准")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """A scored item (评分项) under a standard."""

    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("创建标准")
    )
    text = models.TextField(_("评分项"))
    points = models.DecimalField(
        _("分值"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))],
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    guidance = models.TextField(_("评分说明"), blank=True)
    # The kinds of year-round records that evidence this criterion, by their keys
    # (appraisal/records.py): the application offers their summaries to attach.
    record_kinds = models.JSONField(
        _("台账类型"), default=list, blank=True, help_text=_("佐证本评分项的日常台账类型。")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = pgettext_lazy("plural", "评分项")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="criterion_points_positive")
        ]

    def __str__(self):
        return self.text[:40]


YEARLY_STATE_LABELS = {
    CampaignState.OPEN: _("考评中"),
    CampaignState.DECIDING: _("待党委确认"),
}


def _yearly_kind(campaign):
    return campaign.kind == CampaignKind.YEARLY_EVALUATION


_yearly_kind.message = _("只有年度清廉考评可以由党委直接确认结果。")


class Campaign(FSMModelMixin, models.Model):
    """One evaluation round (评选批次), usually one a year. See enums.py for its states."""

    kind = models.CharField(
        _("类型"),
        max_length=20,
        choices=CampaignKind.choices,
        default=CampaignKind.SELECTION,
        db_index=True,
    )
    year = models.PositiveSmallIntegerField(_("评选年度"), db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    document_number = models.CharField(
        _("文号"), max_length=50, blank=True, help_text=_("例如：〔2026〕49号")
    )
    opens_at = models.DateTimeField(_("申报开始"))
    closes_at = models.DateTimeField(_("申报截止"), db_index=True)
    quota = models.PositiveSmallIntegerField(_("评选名额"), validators=[MinValueValidator(1)])
    rubric = models.OneToOneField(
        Rubric, on_delete=models.PROTECT, related_name="campaign", verbose_name=_("考评细则")
    )
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"), default=5, validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    statement_min_chars = models.PositiveIntegerField(_("申报材料最少字数"), default=600)
    statement_max_chars = models.PositiveIntegerField(_("申报材料最多字数"), default=1000)
    uses_branch_opinion = models.BooleanField(_("需党支部意见"), default=False)
    allows_departments = models.BooleanField(_("科室可申报"), default=True)
    allows_clean_teams = models.BooleanField(_("清廉团队可申报"), default=False)
    # The party office's review (the process, step 4).
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("每份申报评审人数"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text=_("自动分配时每份申报分配的评审人员人数。"),
    )
    reviewers_avoid_own_branch = models.BooleanField(
        _("评审人员回避本党支部"),
        default=False,
        help_text=_("勾选后，评审人员也不评审与本人同一党支部的科室的申报（本科室始终回避）。"),
    )
    trims_extreme_scores = models.BooleanField(
        _("去掉一个最高分和一个最低分"),
        default=False,
        help_text=_("某评分项有 5 名及以上评审人员评分时，去掉一个最高分和一个最低分后取平均。"),
    )
    # The review's deadline (docs/architecture.md, "Review deadline and reminders"):
    # a date, or a number of working days after the review starts (when the
    # application window closes). ``review_due_at`` is the moment it passes,
    # written by the sweep once the review has started.
    review_deadline_on = models.DateField(
        _("评审截止日期"),
        null=True,
        blank=True,
        help_text=_("评审至该日 24:00 截止。与“评审期（工作日）”二选一，都不填则不设评审截止。"),
    )
    review_working_days = models.PositiveSmallIntegerField(
        _("评审期（工作日）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "申报截止（评审开始）后的第 N 个工作日 24:00 评审截止，按法定节假日和调休计算。"
        ),
    )
    review_reminder_working_days = models.PositiveSmallIntegerField(
        _("截止前提醒（工作日）"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("评审截止前这么多个工作日提醒尚未完成评审的评审人员；截止后再提醒一次。"),
    )
    review_due_at = models.DateTimeField(_("评审截止时间"), null=True, blank=True, db_index=True)
    state = FSMField(
        _("状态"), default=CampaignState.DRAFT, choices=CampaignState.choices, protected=True
    )
    reminder_sent_at = models.DateTimeField(
        _("截止提醒发送时间"),
        null=True,
        blank=True,
        help_text=_("截止前 3 个工作日提醒未提交的科室，只发一次。"),
    )
    # A confirmed veto event since this day bars a unit from applying (veto issue).
    veto_lookback_from = models.DateField(
        _("否决事项追溯起始日"),
        null=True,
        blank=True,
        help_text=_(
            "此日以后发生并经确认的否决事项，相关科室不能申报。留空为评选年度的 1 月 1 日。"
        ),
    )
    # A selection campaign may admit only units whose last confirmed yearly grade is
    # at least this one (appraisal/evaluation_selectors.py, last_yearly_results).
    required_yearly_grade = models.CharField(
        _("申报须达到的上年度考评等次"),
        max_length=20,
        choices=YearlyGrade.choices,
        blank=True,
        help_text=_("留空为不限。填写后，最近一次年度清廉考评等次低于此等次的单元不能申报。"),
    )
    # A yearly campaign's results, published to each unit after the party committee
    # confirmed them.
    results_published_at = models.DateTimeField(_("结果发布时间"), null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    # The leading group's fixed list (审定名单).
    list_fixed_at = models.DateTimeField(_("名单审定时间"), null=True, blank=True)
    list_fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审定人"),
    )
    # The party committee's confirmation after publicity (党委确认).
    confirmed_on = models.DateField(_("党委确认日期"), null=True, blank=True)
    confirmation_reference = models.CharField(
        _("会议"), max_length=200, blank=True, help_text=_("例如：院党委会2026年第12次会议")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认记录人"),
    )
    commendation_number = models.CharField(_("表扬通报文号"), max_length=50, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复制自"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["state", "reminder_sent_at", "review_due_at"])

    class Meta:
        verbose_name = _("评选批次")
        verbose_name_plural = pgettext_lazy("plural", "评选批次")
        ordering = ["-year", "-opens_at"]
        permissions = [
            ("open_publicity", "发布公示"),
            ("confirm_campaign", "党委确认名单"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="campaign_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(publicity_working_days__gte=3, publicity_working_days__lte=5),
                name="campaign_publicity_3_to_5_working_days",
            ),
            models.CheckConstraint(
                condition=Q(statement_max_chars__gt=F("statement_min_chars")),
                name="campaign_statement_bounds_ordered",
            ),
            models.CheckConstraint(condition=Q(quota__gte=1), name="campaign_quota_positive"),
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1),
                name="campaign_reviewers_per_application_positive",
            ),
            models.CheckConstraint(
                condition=Q(allows_departments=True) | Q(allows_clean_teams=True),
                name="campaign_some_unit_kind_may_apply",
            ),
            models.CheckConstraint(
                condition=Q(review_deadline_on__isnull=True) | Q(review_working_days__isnull=True),
                name="campaign_review_deadline_one_way",
            ),
            models.CheckConstraint(
                condition=Q(review_reminder_working_days__gte=1),
                name="campaign_review_reminder_positive",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_yearly_evaluation(self):
        return self.kind == CampaignKind.YEARLY_EVALUATION

    def get_state_display(self):
        # A yearly evaluation's units do not apply, and its deciding is the committee's
        # (enums.py): the same states, said as that workflow says them.
        if self.kind == CampaignKind.YEARLY_EVALUATION and self.state in YEARLY_STATE_LABELS:
            return YEARLY_STATE_LABELS[self.state]
        return choice_label(CampaignState, self.state)

    @property
    def review_last_day(self):
        """The last day of the review (its deadline is 24:00 of this day), once known."""
        if self.review_due_at is None:
            return None
        return (timezone.localtime(self.review_due_at) - datetime.timedelta(minutes=1)).date()

    # Transitions: the services in services.py lock the row, call these through
    # core.workflow.apply_transition and record a CampaignEvent.

    @transition(field=state, source=CampaignState.DRAFT, target=CampaignState.OPEN)
    def open(self):
        pass

    @transition(field=state, source=CampaignState.OPEN, target=CampaignState.REVIEWING)
    def close_applications(self):
        pass

    @transition(field=state, source=CampaignState.REVIEWING, target=CampaignState.DECIDING)
    def forward(self):
        pass

    @transition(field=state, source=CampaignState.DECIDING, target=CampaignState.DECIDED)
    def fix_list(self, fixed_by=None, fixed_at=None):
        # Not ``by``/``at``: apply_transition takes ``by`` itself and passes the rest here.
        self.list_fixed_by = fixed_by
        self.list_fixed_at = fixed_at

    @transition(field=state, source=CampaignState.DECIDED, target=CampaignState.PUBLICITY)
    def start_publicity(self):
        pass

    @transition(
        field=state,
        source=CampaignState.DECIDING,
        target=CampaignState.CLOSED,
        conditions=[_yearly_kind],
    )
    def confirm_results(self, by=None, on=None, reference=""):
        # The yearly evaluation's results, confirmed by the party committee; the
        # service writes the EvaluationResult rows (appraisal/services/evaluations.py).
        self.confirmed_by = by
        self.confirmed_on = on
        self.confirmation_reference = reference

    @transition(field=state, source=CampaignState.PUBLICITY, target=CampaignState.CLOSED)
    def confirm(self, by=None, on=None, reference="", commendation_number=""):
        self.confirmed_by = by
        self.confirmed_on = on
        self.confirmation_reference = reference
        self.commendation_number = commendation_number


class CampaignEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "create": _("新建"),
        "copy": _("复制新建"),
        "open": pgettext_lazy("event", "开放申报"),
        "close_applications": pgettext_lazy("event", "申报截止"),
        "forward": _("报送领导小组"),
        "fix_list": _("审定名单"),
        "start_publicity": _("开始公示"),
        "confirm": _("党委确认"),
        "confirm_results": _("党委确认考评结果"),
        "publish_results": _("发布考评结果"),
    }
    STATES = CampaignState

    subject = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="events", verbose_name=_("评选批次")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("评选批次记录")
        verbose_name_plural = pgettext_lazy("plural", "评选批次记录")


class ReviewReminder(models.Model):
    """A reminder to the reviewers with unfinished reviews of a campaign.

    The two automatic ones are rows written when the review's deadline is
    known, each with the moment it is due; the beat sweep claims a due row by
    setting ``sent_at`` with a conditional update, so it goes out once. A
    party office's reminder is written already sent, with who sent it.
    """

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="review_reminders",
        verbose_name=_("评选批次"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ReviewReminderKind.choices)
    due_at = models.DateTimeField(_("应发送时间"), db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发送人"),
    )
    reviewers_reminded = models.PositiveIntegerField(_("提醒人数"), default=0)

    class Meta:
        verbose_name = _("评审提醒")
        verbose_name_plural = pgettext_lazy("plural", "评审提醒")
        ordering = ["campaign", "due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"],
                condition=~Q(kind=ReviewReminderKind.MANUAL),
                name="one_automatic_review_reminder_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.campaign} · {self.get_kind_display()}"

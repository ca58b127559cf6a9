from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from appraisal.enums import REVIEW_LIVE_STATES, ReviewState
from core.models import DecisionEvent, choice_label

from .applications import Application
from .campaigns import Campaign, Criterion

R = ReviewState


class CampaignReviewer(models.Model):
    """A member of the campaign's review team (评审组), chosen by the party office
    from the people with the reviewer role. A reviewer who is away gets no new
    work, and their unfinished reviews go to others."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="reviewer_pool", verbose_name=_("评选批次")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评审人员"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("选定人"),
    )
    added_at = models.DateTimeField(_("选定时间"), auto_now_add=True)
    away_since = models.DateTimeField(_("请假时间"), null=True, blank=True)
    away_reason = models.TextField(_("请假说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评审人员")
        verbose_name_plural = pgettext_lazy("plural", "评审人员")
        ordering = ["campaign", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "reviewer"], name="one_pool_row_per_reviewer_per_campaign"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.campaign}"

    @property
    def is_away(self):
        return self.away_since is not None


class Review(FSMModelMixin, models.Model):
    """One reviewer's scoring (评审) of one application. See enums.py for its states.

    The assignment is the row; it comes with the django-guardian grants
    ``view_application`` and ``score_application`` on the application, taken
    away again when the review is unassigned.
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("申报")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("评审人员"),
    )
    state = FSMField(
        _("状态"), default=R.ASSIGNED, choices=R.choices, protected=True, db_index=True
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("分配人"),
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # The submitted review's own total, written with its (then locked) scores on
    # submit and cleared on reopen: the ranking's spread check reads these
    # instead of summing every score again.
    submitted_total = models.DecimalField(
        _("提交时合计得分"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    submitted_points = models.DecimalField(
        _("提交时计入的分值"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("未标为不适用的评分项分值之和。"),
    )
    reopen_reason = models.TextField(_("退回重评理由"), blank=True)

    class Meta:
        verbose_name = _("评审")
        verbose_name_plural = pgettext_lazy("plural", "评审")
        ordering = ["application", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                condition=Q(state__in=REVIEW_LIVE_STATES),
                name="one_live_review_per_reviewer_per_application",
            )
        ]
        indexes = [models.Index(fields=["reviewer", "state"])]
        permissions = [
            ("manage_reviews", "管理评审（评审组、分配、重评、评审意见、报送）"),
            ("score_assigned", "评审分配给本人的申报"),
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.application}"

    def get_state_display(self):
        # As Application.get_state_display: the reviewer's queue shows it on every row.
        return choice_label(R, self.state)

    @property
    def is_open_for_scoring(self):
        return self.state == R.ASSIGNED

    # Transitions (called through core.workflow.apply_transition by services/reviews.py).

    @transition(field=state, source=R.ASSIGNED, target=R.SUBMITTED)
    def submit(self, at=None, total=None, points=None):
        self.submitted_at = at
        self.submitted_total, self.submitted_points = total, points
        self.reopen_reason = ""

    @transition(field=state, source=R.SUBMITTED, target=R.ASSIGNED)
    def reopen(self, reason_text=""):
        self.reopen_reason = reason_text
        self.submitted_total = self.submitted_points = None

    @transition(field=state, source=R.ASSIGNED, target=R.EXCUSED)
    def excuse(self):
        pass

    @transition(field=state, source=R.ASSIGNED, target=R.UNASSIGNED)
    def unassign(self):
        pass


class ReviewEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "assign": pgettext_lazy("event", "分配"),
        "submit": pgettext_lazy("event", "提交评分"),
        "reopen": pgettext_lazy("event", "退回重评"),
        "excuse": pgettext_lazy("event", "免评"),
        "unassign": pgettext_lazy("event", "撤销分配"),
    }
    STATES = ReviewState

    subject = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="events", verbose_name=_("评审")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("评审记录")
        verbose_name_plural = pgettext_lazy("plural", "评审记录")


class Score(models.Model):
    """A reviewer's score for one criterion: 0 to its points in steps of 0.5, or
    "not applicable", with a comment (required below half the points, on submit).

    Saved as the reviewer types while the review is assigned; every change is
    kept in the history, so a correction after a reopening shows what it was.
    """

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="scores", verbose_name=_("评审")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分项")
    )
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=1, null=True, blank=True)
    not_applicable = models.BooleanField(_("不适用"), default=False)
    comment = models.TextField(_("评语"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = pgettext_lazy("plural", "评分")
        ordering = ["review", "criterion__standard__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(score__isnull=True),
                name="score_na_has_no_score",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="score_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.review} · {self.criterion}"

    @property
    def is_filled(self):
        return self.not_applicable or self.score is not None


class ReviewOpinion(models.Model):
    """The party office's review opinion (评审意见) on an application, and whether it
    recommends it to the leading group. Only ever added: the latest one counts."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="review_opinions",
        verbose_name=_("申报"),
    )
    recommended = models.BooleanField(_("推荐"))
    opinion = models.TextField(_("评审意见"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填写人"),
    )
    written_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审意见")
        verbose_name_plural = pgettext_lazy("plural", "评审意见")
        ordering = ["application", "written_at", "pk"]
        get_latest_by = ["written_at", "pk"]

    def __str__(self):
        if self.recommended:
            return gettext("%(application)s：推荐") % {"application": self.application}
        return gettext("%(application)s：不推荐") % {"application": self.application}

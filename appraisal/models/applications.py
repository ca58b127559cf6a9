import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from appraisal.enums import (
    APPLICATION_EDITABLE_STATES,
    APPLICATION_REVIEWED_STATES,
    ApplicationState,
)
from core.models import DecisionEvent, StoredFile, choice_label

from .campaigns import Campaign, Criterion

S = ApplicationState


class Application(FSMModelMixin, models.Model):
    """A unit's application (申报) in one campaign: the 申报表, the statement,
    evidence per criterion and the self-assessment. See enums.py for its states.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="applications", verbose_name=_("评选批次")
    )
    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("申报单元"),
    )
    state = FSMField(_("状态"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    # 申报表 (seed 001): the roster figures are prefilled and may be corrected.
    staff_count = models.PositiveIntegerField(_("科室人数"), default=0)
    party_member_count = models.PositiveIntegerField(_("党员人数"), default=0)
    materials_list = models.TextField(_("科室资料目录"), blank=True)
    statement = models.TextField(_("申报材料"), blank=True)
    # The head's confirmation belongs to the content it confirmed: any change
    # of the application clears it (services.application_save and evidence).
    head_confirmed_at = models.DateTimeField(_("负责人确认时间"), null=True, blank=True)
    head_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(
        _("版本"), default=0, help_text=_("每提交一次加一。")
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["state", "updated_at"])

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = pgettext_lazy("plural", "申报")
        ordering = ["campaign", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="one_application_per_unit_per_campaign"
            ),
            models.CheckConstraint(
                condition=Q(party_member_count__lte=models.F("staff_count")),
                name="application_party_members_within_staff",
            ),
        ]
        permissions = [
            ("return_application", "退回申报"),
            ("give_branch_opinion", "填写党支部意见"),
            # Granted per application (django-guardian) to its assigned reviewers.
            ("score_application", "评审打分"),
            # The leading group's decision on each recommended department.
            ("decide_application", "审定申报（领导小组）"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.campaign}"

    def get_state_display(self):
        # Django's generated method hashes every lazily translated choice on each
        # call: a 50-row list spent ~3 ms on it.
        return choice_label(S, self.state)

    @property
    def is_editable(self):
        return self.state in APPLICATION_EDITABLE_STATES

    @property
    def party_member_share(self):
        """Party members as a share of staff, in percent with one decimal (None without staff)."""
        if not self.staff_count:
            return None
        return (Decimal(self.party_member_count) * 100 / Decimal(self.staff_count)).quantize(
            Decimal("0.1")
        )

    # Transitions (called through core.workflow.apply_transition by services.py).

    @transition(field=state, source=[S.DRAFT, S.RETURNED], target=S.AWAITING_BRANCH)
    def submit_to_branch(self):
        pass

    @transition(field=state, source=[S.DRAFT, S.RETURNED], target=S.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=S.AWAITING_BRANCH, target=S.SUBMITTED)
    def record_branch_opinion(self):
        pass

    @transition(field=state, source=[S.AWAITING_BRANCH, S.SUBMITTED], target=S.DRAFT)
    def withdraw(self, clear_confirmation=True):
        if clear_confirmation:
            self.head_confirmed_at = None
            self.head_confirmed_by = None

    @transition(field=state, source=[S.AWAITING_BRANCH, S.SUBMITTED], target=S.RETURNED)
    def return_for_revision(self, reason_text=""):
        self.return_reason = reason_text
        self.head_confirmed_at = None
        self.head_confirmed_by = None

    @transition(field=state, source=S.SUBMITTED, target=S.UNDER_REVIEW)
    def start_review(self):
        pass

    @transition(field=state, source=APPLICATION_REVIEWED_STATES, target=S.RECOMMENDED)
    def recommend(self):
        pass

    @transition(field=state, source=APPLICATION_REVIEWED_STATES, target=S.NOT_RECOMMENDED)
    def not_recommend(self):
        pass

    # The leading group's decision; the service checks the campaign and the quota.

    @transition(field=state, source=[S.RECOMMENDED, S.REJECTED], target=S.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=[S.RECOMMENDED, S.APPROVED], target=S.REJECTED)
    def reject(self):
        pass

    @transition(field=state, source=S.APPROVED, target=S.REMOVED)
    def remove_from_list(self):
        pass

    @transition(field=state, source=S.APPROVED, target=S.COMMENDED)
    def commend(self):
        pass

    @transition(
        field=state,
        source=[s for s in S if s not in (S.COMMENDED, S.REMOVED, S.DISQUALIFIED)],
        target=S.DISQUALIFIED,
    )
    def disqualify(self):
        pass


class ApplicationEvent(DecisionEvent):
    TRANSITION_LABELS = {
        "create": _("创建"),
        "head_confirm": _("负责人确认"),
        "submit": _("提交"),
        "submit_to_branch": _("提交（待支部意见）"),
        "record_branch_opinion": _("党支部意见"),
        "withdraw": _("撤回"),
        "return_for_revision": _("退回修改"),
        "start_review": _("开始评审"),
        "recommend": _("评审意见：推荐"),
        "not_recommend": _("评审意见：不推荐"),
        "approve": _("领导小组审定：通过"),
        "reject": _("领导小组审定：不通过"),
        "remove_from_list": _("异议成立，撤出名单"),
        "commend": _("党委确认，予以表扬"),
        "disqualify": _("否决性指标，取消资格"),
        "open_evaluation": _("纳入年度考评"),
    }
    STATES = ApplicationState

    subject = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", verbose_name=_("申报")
    )

    class Meta(DecisionEvent.Meta):
        verbose_name = _("申报记录")
        verbose_name_plural = pgettext_lazy("plural", "申报记录")


class ApplicationVersion(models.Model):
    """What was submitted, each time: reviewers compare a resubmission with the one before."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="versions", verbose_name=_("申报")
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    staff_count = models.PositiveIntegerField(_("科室人数"))
    party_member_count = models.PositiveIntegerField(_("党员人数"))
    materials_list = models.TextField(_("科室资料目录"), blank=True)
    statement = models.TextField(_("申报材料"))
    evidence = models.JSONField(
        _("佐证材料"),
        default=list,
        help_text=_("提交时的佐证材料：[{id, criterion_id, name, sha256}]"),
    )
    records = models.JSONField(
        _("附上的台账"),
        default=list,
        help_text=_("提交时附上的台账：[{id, criterion_id, kind, year, attached_at, snapshot}]"),
    )

    class Meta:
        verbose_name = _("申报版本")
        verbose_name_plural = pgettext_lazy("plural", "申报版本")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="one_row_per_application_version"
            )
        ]

    def __str__(self):
        return gettext("%(application)s 第%(number)s版") % {
            "application": self.application,
            "number": self.number,
        }


def evidence_path(instance, filename):
    # Kept for migration 0002; files are now placed by core.models.stored_file_path.
    # The stored name is random: the person's file name is kept in
    # ``original_name`` and never reaches the file system.
    return f"evidence/{instance.application.campaign_id}/{instance.application_id}/{uuid.uuid4().hex}.{instance.kind}"


class Evidence(StoredFile):
    """A supporting file (佐证材料) attached to a criterion (or to the application as a whole).

    Stored under MEDIA_ROOT, which no URL serves; downloaded through a view that
    checks permission. Removing evidence from a draft marks it removed; the
    file and row stay, so every submitted version can still be opened.
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("申报")
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("评分项"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    removed_at = models.DateTimeField(_("移除时间"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("移除人"),
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = pgettext_lazy("plural", "佐证材料")
        ordering = ["criterion__standard__order", "criterion__order", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["application", "removed_at"])]

    def storage_directory(self):
        return f"evidence/{self.application.campaign_id}/{self.application_id}"


class SelfAssessment(models.Model):
    """The unit's own score (自评) and note for one criterion."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("申报"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("评分项")
    )
    score = models.DecimalField(_("自评分"), max_digits=5, decimal_places=1, null=True, blank=True)
    not_applicable = models.BooleanField(_("不适用"), default=False)
    note = models.TextField(_("自评说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("自评")
        verbose_name_plural = pgettext_lazy("plural", "自评")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_self_assessment_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(score__isnull=True),
                name="self_assessment_na_has_no_score",
            ),
        ]

    def __str__(self):
        return f"{self.application} · {self.criterion}"


class BranchOpinion(models.Model):
    """The party branch's opinion (党支部意见) on an application, by its secretary."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="branch_opinions",
        verbose_name=_("申报"),
    )
    version = models.PositiveSmallIntegerField(_("针对版本"))
    agrees = models.BooleanField(_("同意推荐"))
    opinion = models.TextField(_("意见"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("书记")
    )
    given_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党支部意见")
        verbose_name_plural = pgettext_lazy("plural", "党支部意见")
        ordering = ["application", "given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="one_branch_opinion_per_version"
            )
        ]

    def __str__(self):
        verdict = gettext("同意") if self.agrees else gettext("不同意")
        return gettext("%(application)s：%(verdict)s") % {
            "application": self.application,
            "verdict": verdict,
        }

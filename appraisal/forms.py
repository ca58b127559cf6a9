import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core.forms import BootstrapFormMixin

from .enums import YearlyGrade
from .models import Campaign
from .services.campaigns import review_deadline_error

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class CampaignForm(BootstrapFormMixin, forms.ModelForm):
    """Validates a campaign's settings; the service saves them."""

    class Meta:
        model = Campaign
        fields = [
            "year",
            "title",
            "document_number",
            "opens_at",
            "closes_at",
            "quota",
            "publicity_working_days",
            "statement_min_chars",
            "statement_max_chars",
            "uses_branch_opinion",
            "allows_departments",
            "allows_clean_teams",
            "reviewers_per_application",
            "reviewers_avoid_own_branch",
            "trims_extreme_scores",
            "review_deadline_on",
            "review_working_days",
            "review_reminder_working_days",
            "veto_lookback_from",
            "required_yearly_grade",
        ]
        widgets = {
            "review_deadline_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "veto_lookback_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the reminder keeps its usual number of working days.
        self.fields["review_reminder_working_days"].required = False

    def clean(self):
        data = super().clean()
        if data.get("review_reminder_working_days") is None and not self.has_error(
            "review_reminder_working_days"
        ):
            data["review_reminder_working_days"] = Campaign._meta.get_field(
                "review_reminder_working_days"
            ).default
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("申报截止时间必须晚于申报开始时间。"))
        low, high = data.get("statement_min_chars"), data.get("statement_max_chars")
        if low is not None and high is not None and high <= low:
            self.add_error("statement_max_chars", _("最多字数必须大于最少字数。"))
        if not data.get("allows_departments") and not data.get("allows_clean_teams"):
            self.add_error("allows_departments", _("请至少允许科室或清廉团队中的一类申报。"))
        error = review_deadline_error(
            closes_at=closes,
            deadline_on=data.get("review_deadline_on"),
            working_days=data.get("review_working_days"),
        )
        if error:
            self.add_error(
                "review_working_days" if data.get("review_working_days") else "review_deadline_on",
                error,
            )
        return data

    def settings(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class EvaluationForm(CampaignForm):
    """A yearly evaluation's settings (docs/evaluation.md): no quota, statement, branch
    step, publicity or veto look-back; the window is when the units read their draft
    scores and explain them, the review starts at its end."""

    class Meta(CampaignForm.Meta):
        fields = [
            "year",
            "title",
            "document_number",
            "opens_at",
            "closes_at",
            "allows_departments",
            "allows_clean_teams",
            "reviewers_per_application",
            "reviewers_avoid_own_branch",
            "trims_extreme_scores",
            "review_deadline_on",
            "review_working_days",
            "review_reminder_working_days",
        ]
        labels = {
            "opens_at": _("考评开始"),
            "closes_at": _("情况说明截止（评审开始）"),
            "allows_departments": _("考评科室"),
            "allows_clean_teams": _("考评清廉团队"),
            "reviewers_per_application": _("每个单元评审人数"),
        }

    def clean(self):
        data = forms.ModelForm.clean(self)
        if data.get("review_reminder_working_days") is None and not self.has_error(
            "review_reminder_working_days"
        ):
            data["review_reminder_working_days"] = Campaign._meta.get_field(
                "review_reminder_working_days"
            ).default
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("情况说明截止时间必须晚于考评开始时间。"))
        if not data.get("allows_departments") and not data.get("allows_clean_teams"):
            self.add_error("allows_departments", _("请至少考评科室或清廉团队中的一类。"))
        error = review_deadline_error(
            closes_at=closes,
            deadline_on=data.get("review_deadline_on"),
            working_days=data.get("review_working_days"),
        )
        if error:
            self.add_error(
                "review_working_days" if data.get("review_working_days") else "review_deadline_on",
                error,
            )
        return data


class GradeBandsForm(BootstrapFormMixin, forms.Form):
    """The lowest and highest total of each grade; a grade left empty is not used."""

    def __init__(self, *args, bands=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {band.grade: band for band in bands}
        for grade in YearlyGrade:
            band = current.get(grade)
            self.fields[f"{grade}_lower"] = forms.DecimalField(
                label=gettext("%(grade)s 最低分（含）") % {"grade": grade.label},
                required=False,
                max_digits=5,
                decimal_places=2,
                initial=band.lower if band else None,
            )
            self.fields[f"{grade}_upper"] = forms.DecimalField(
                label=gettext("%(grade)s 最高分（不含）") % {"grade": grade.label},
                required=False,
                max_digits=5,
                decimal_places=2,
                initial=band.upper if band else None,
            )

    def rows(self):
        """``[(grade, lower field, upper field)]`` for the template."""
        return [(grade, self[f"{grade}_lower"], self[f"{grade}_upper"]) for grade in YearlyGrade]

    def bands(self):
        """``[(grade, lower, upper)]`` of the grades filled in (half-filled ones too: the
        service names what is missing)."""
        answer = []
        for grade in YearlyGrade:
            lower = self.cleaned_data.get(f"{grade}_lower")
            upper = self.cleaned_data.get(f"{grade}_upper")
            if lower is None and upper is None:
                continue
            answer.append(
                (grade.value, "" if lower is None else lower, "" if upper is None else upper)
            )
        return answer


class ResultsConfirmForm(BootstrapFormMixin, forms.Form):
    confirmed_on = forms.DateField(
        label=_("党委确认日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(
        label=_("会议"), max_length=200, help_text=_("例如：院党委会2026年第12次会议")
    )


class StandardForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("标准"), max_length=50)
    order = forms.IntegerField(label=_("顺序"), min_value=1, max_value=99, initial=1)
    guidance = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecordKindsField(forms.MultipleChoiceField):
    """Keys of record kinds (appraisal/records.py). Whether a key may be chosen
    (registered, or already the criterion's) is the service's rule."""

    KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

    def valid_value(self, value):
        return bool(self.KEY.match(str(value))) and len(str(value)) <= 100


class CriterionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("评分项"), widget=forms.Textarea(attrs={"rows": 2}))
    points = forms.DecimalField(
        label=_("分值"), min_value=0.5, max_value=100, decimal_places=1, max_digits=5
    )
    order = forms.IntegerField(label=_("顺序"), min_value=1, max_value=99, initial=1)
    guidance = forms.CharField(
        label=_("评分说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    record_kinds = RecordKindsField(label=_("佐证台账"), required=False)
    # The editor's row says it shows the record kinds' checkboxes: a post without
    # it (the new-criterion row) leaves them as they are.
    record_kinds_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.pop("record_kinds_shown", False):
            data["record_kinds"] = None
        return data


class ApplicationForm(BootstrapFormMixin, forms.Form):
    """The 申报表 and the statement."""

    staff_count = forms.IntegerField(label=_("科室人数"), min_value=0, max_value=10000)
    party_member_count = forms.IntegerField(label=_("党员人数"), min_value=0, max_value=10000)
    materials_list = forms.CharField(
        label=_("科室资料目录"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项，例如：廉洁承诺书（全员签订）"),
    )
    statement = forms.CharField(
        label=_("申报材料"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-char-count": "statement-count"}),
    )

    def clean(self):
        data = super().clean()
        staff, members = data.get("staff_count"), data.get("party_member_count")
        if staff is not None and members is not None and members > staff:
            self.add_error("party_member_count", _("党员人数不能多于科室人数。"))
        return data


class SelfAssessmentForm(forms.Form):
    score = forms.DecimalField(
        label=_("自评分"), required=False, min_value=0, max_digits=5, decimal_places=1
    )
    not_applicable = forms.BooleanField(label=_("不适用"), required=False)
    note = forms.CharField(label=_("自评说明"), required=False, max_length=2000)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("佐证材料"))
    criterion = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class BranchOpinionForm(BootstrapFormMixin, forms.Form):
    agrees = forms.TypedChoiceField(
        label=_("党支部意见"),
        choices=[("yes", _("同意推荐")), ("no", _("不同意推荐"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ApplicationBulkForm(BootstrapFormMixin, forms.Form):
    """The party office's bulk actions on the applications list: the ticked applications
    (``applications``), one reason or opinion, and the reviewers for assigning or moving.
    Every field may be empty here: the service refuses with the sentence that says what
    is missing for the button pressed."""

    applications = forms.TypedMultipleChoiceField(coerce=int, required=False)
    reason = forms.CharField(
        label=_("理由或评审意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回时为退回理由，推荐时为评审意见，改派时为改派理由。"),
    )
    reviewer = forms.ModelChoiceField(
        label=_("评审人员（分配给 / 改派给）"),
        required=False,
        queryset=None,
        empty_label=_("请选择"),
    )
    from_reviewer = forms.ModelChoiceField(
        label=_("原评审人员（改派时）"),
        required=False,
        queryset=None,
        empty_label=_("请选择"),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        team = User.objects.filter(pk__in=campaign.reviewer_pool.values("reviewer_id")).order_by(
            "name", "pk"
        )
        self.fields["reviewer"].queryset = team
        self.fields["from_reviewer"].queryset = team
        self.fields["reviewer"].label_from_instance = _team_label
        self.fields["from_reviewer"].label_from_instance = _team_label
        selected = self.data.getlist("applications") if self.is_bound else []
        self.fields["applications"].choices = [(v, v) for v in selected if v.isdigit()]

    @property
    def selected(self):
        return self.cleaned_data.get("applications", []) if self.is_valid() else []


def _team_label(user):
    return user.name or user.username


# --- the party office's review ---------------------------------------------------------------


def _reviewer_label(user):
    person = getattr(user, "person", None)
    name = user.name or user.username
    if person and person.department_id:
        return gettext("%(reviewer)s（%(department)s）") % {
            "reviewer": name,
            "department": person.department.name,
        }
    return name


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _reviewer_label(obj)


class PoolAddForm(BootstrapFormMixin, forms.Form):
    """Choose a member of the review team among the people with the reviewer role."""

    reviewer = ReviewerChoiceField(label=_("评审人员"), queryset=None, empty_label=_("请选择"))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            User.objects.filter(groups__name=Role.REVIEWER, is_active=True, person__active=True)
            .exclude(pk__in=campaign.reviewer_pool.values("reviewer_id"))
            .select_related("person__department")
            .order_by("name", "pk")
        )


class AutoAssignForm(BootstrapFormMixin, forms.Form):
    per_application = forms.IntegerField(
        label=_("每份申报评审人数"), min_value=1, max_value=15, initial=5
    )


class AssignForm(BootstrapFormMixin, forms.Form):
    """Choose among ``reviewers`` (already loaded: a page with many of these forms
    runs no query per form)."""

    reviewer = forms.TypedChoiceField(label=_("评审人员"), coerce=int)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = {r.pk: r for r in reviewers}
        self.fields["reviewer"].choices = [("", _("请选择"))] + [
            (r.pk, r.name or r.username) for r in reviewers
        ]

    def clean_reviewer(self):
        return self.reviewers[self.cleaned_data["reviewer"]]


class ReassignForm(AssignForm):
    reason = forms.CharField(label=_("改派理由"), max_length=2000)


class ScoreForm(forms.Form):
    """One criterion of a review, as typed: the service parses and bounds the score."""

    score = forms.CharField(label=_("评分"), required=False, max_length=10)
    not_applicable = forms.BooleanField(label=_("不适用"), required=False)
    comment = forms.CharField(label=_("评语"), required=False, max_length=2000)


class ReviewOpinionForm(BootstrapFormMixin, forms.Form):
    recommended = forms.TypedChoiceField(
        label=_("推荐意见"),
        choices=[("yes", _("推荐")), ("no", _("不推荐"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("评审意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ForwardForm(BootstrapFormMixin, forms.Form):
    excuse_reason = forms.CharField(
        label=_("未完成评审的免评理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("仅在仍有评审未完成时填写：填写后这些评审将被免评，不计入排名。"),
    )


class DecisionForm(forms.Form):
    """The leading group's decision on one application: the button pressed and the reason.
    An empty reason passes here so that the service's refusal is the one message."""

    decision = forms.TypedChoiceField(
        label=_("审定意见"),
        choices=[("approve", _("通过")), ("reject", _("不通过"))],
        coerce=lambda value: value == "approve",
    )
    reason = forms.CharField(label=_("审定理由"), required=False, max_length=2000)
    # The state the member saw: a decision made by someone else meanwhile is not overturned blind.
    seen_state = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)


# --- the party committee's confirmation and the honour roll ----------------------------


class ConfirmationForm(BootstrapFormMixin, forms.Form):
    """The party committee's confirmation: the meeting's date and name; the service checks them."""

    confirmed_on = forms.DateField(
        label=_("党委确认日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("召开党委会、确认名单的日期，不早于公示截止日期，不晚于今天。"),
    )
    reference = forms.CharField(
        label=_("会议"),
        max_length=200,
        help_text=_("例如：院党委会2026年第12次会议"),
    )


class RecordAttachForm(forms.Form):
    """One click on “附上”: the kind, and the live attachment the page showed (none:
    empty), so that a page gone stale is refused rather than acted on twice."""

    kind = forms.CharField(max_length=100)
    shown = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RecordDetachForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500)


class StartForm(forms.Form):
    """Starting a unit's application: nothing to fill in, the button alone; a
    refusal is shown above it."""


FORMULA_BAND_ROWS = 5
BAND_INPUT = {"class": "form-control form-control-sm", "inputmode": "decimal"}


class FormulaForm(BootstrapFormMixin, forms.Form):
    """A computed criterion's formula: a record kind's figure and up to five bands
    (threshold → points). The service checks the bands (appraisal/formulas.py)."""

    source = forms.ChoiceField(label=_("台账数据项"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("请选择")), *choices]
        for number in range(1, FORMULA_BAND_ROWS + 1):
            self.fields[f"at_least_{number}"] = forms.CharField(
                label=_("第 %(n)s 档门槛（≥）") % {"n": number},
                required=False,
                max_length=20,
                widget=forms.TextInput(
                    attrs={**BAND_INPUT, "aria-label": _("第 %(n)s 档门槛（≥）") % {"n": number}}
                ),
            )
            self.fields[f"points_{number}"] = forms.CharField(
                label=_("第 %(n)s 档得分") % {"n": number},
                required=False,
                max_length=20,
                widget=forms.TextInput(
                    attrs={**BAND_INPUT, "aria-label": _("第 %(n)s 档得分") % {"n": number}}
                ),
            )

    @staticmethod
    def initial_for(formula):
        if formula is None:
            return {}
        initial = {"source": f"{formula.kind}|{formula.figure}"}
        for number, band in enumerate(formula.bands[:FORMULA_BAND_ROWS], start=1):
            initial[f"at_least_{number}"] = band["at_least"]
            initial[f"points_{number}"] = band["points"]
        return initial

    def band_rows(self):
        """``[(threshold field, points field)]`` for the template."""
        return [
            (self[f"at_least_{number}"], self[f"points_{number}"])
            for number in range(1, FORMULA_BAND_ROWS + 1)
        ]

    def formula(self):
        """``{"kind", "figure", "bands"}`` for ``formula_save``: rows left empty are left
        out; a row half filled is passed on, for the service to refuse by its number."""
        data = self.cleaned_data
        kind, _sep, figure = data["source"].partition("|")
        bands = []
        for number in range(1, FORMULA_BAND_ROWS + 1):
            at_least = data[f"at_least_{number}"].strip()
            points = data[f"points_{number}"].strip()
            if at_least or points:
                bands.append({"at_least": at_least, "points": points})
        return {"kind": kind, "figure": figure, "bands": bands}


class ExplanationForm(BootstrapFormMixin, forms.Form):
    # Its length is the service's to refuse (appraisal/services/computed.py).
    text = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}))

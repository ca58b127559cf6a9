from django import forms

from core.forms import BootstrapFormMixin

from .models import Campaign

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
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
            ),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "申报截止时间必须晚于申报开始时间。")
        low, high = data.get("statement_min_chars"), data.get("statement_max_chars")
        if low is not None and high is not None and high <= low:
            self.add_error("statement_max_chars", "最多字数必须大于最少字数。")
        if not data.get("allows_departments") and not data.get("allows_clean_teams"):
            self.add_error("allows_departments", "请至少允许科室或清廉团队中的一类申报。")
        return data

    def settings(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class StandardForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="标准", max_length=50)
    order = forms.IntegerField(label="顺序", min_value=1, max_value=99, initial=1)
    guidance = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CriterionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="评分项", widget=forms.Textarea(attrs={"rows": 2}))
    points = forms.DecimalField(
        label="分值", min_value=0.5, max_value=100, decimal_places=1, max_digits=5
    )
    order = forms.IntegerField(label="顺序", min_value=1, max_value=99, initial=1)
    guidance = forms.CharField(
        label="评分说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

"""The forms of the reports pages; their values are checked again by the services,
which name the field they refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SubmitForm(BootstrapFormMixin, forms.Form):
    """A report's submission; the files are read from request.FILES ("scan", "attachments")."""

    text = forms.CharField(
        label=_("报告内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("本期重点任务推进落实情况、存在问题和下一步打算。"),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)


class CommentForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("批注"), widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("审阅意见（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明需要补充或修改的内容，科室据此重新报送。"),
    )


class MaterialForm(BootstrapFormMixin, forms.Form):
    """A publicity material; ``author`` is "d<pk>" (a department) or "b<pk>" (a branch)
    among those the person speaks for; the files come from request.FILES ("attachments")."""

    author = forms.ChoiceField(label=_("报送单位"))
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 8}))
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, departments=(), branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._authors = {f"d{d.pk}": d for d in departments} | {f"b{b.pk}": b for b in branches}
        self.fields["author"].choices = [(key, str(value)) for key, value in self._authors.items()]

    def author_kwargs(self):
        key = self.cleaned_data["author"]
        value = self._authors[key]
        return {"branch": value} if key.startswith("b") else {"unit": value}


class MaterialReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("退回理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

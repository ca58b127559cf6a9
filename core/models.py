"""Building blocks shared by the domain apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def choice_label(choices, value):
    """The label of ``value`` in the ``TextChoices`` class ``choices`` (the value
    itself when it is not one of them).

    For ``get_FOO_display`` on rows listed 50 to a page: Django's generated
    method hashes every lazily translated choice on each call, and
    ``choices.values`` builds a new list; this is one dictionary lookup.
    """
    member = choices._value2member_map_.get(value)
    return str(member.label) if member is not None else value


class DecisionEvent(models.Model):
    """Who moved a record from one state to another, when and why.

    Every workflow keeps its own concrete subclass with a ``subject`` foreign
    key (``ApplicationEvent.subject -> Application``), written by
    ``core.workflow.apply_transition`` in the same transaction as the change.
    Rows are only ever added: a correction is a new event.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("操作人"),
        help_text=_("为空表示由系统（定时任务）执行。"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    transition = models.CharField(_("操作"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32)
    to_state = models.CharField(_("新状态"), max_length=32)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        get_latest_by = "at"

    # A subclass names its transitions and its states' choices for display.
    TRANSITION_LABELS: dict = {}
    STATES = None

    def __str__(self):
        return f"{self.get_transition_display()}: {self.from_state} → {self.to_state}"

    def get_transition_display(self):
        return self.TRANSITION_LABELS.get(self.transition, self.transition)

    def get_to_state_display(self):
        if self.STATES is None or not self.to_state:
            return self.to_state
        return self.STATES(self.to_state).label

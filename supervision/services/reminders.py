"""Reminders about ledger items: deadlines as rows (docs/architecture.md, "Deadlines").

``finding_record`` writes two ``LedgerReminder`` rows per item: N working days before
its due date (the hospital's ``report_reminder_working_days``) and at its end (overdue).
The beat task ``supervision.tasks.send_due_ledger_reminders`` claims each due row by
setting ``sent_at`` with a conditional update and acts only when that changed exactly one
row: running it twice, or on two workers, reminds once.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import full_date, site_language
from notifications.services import notify
from supervision.enums import AWAITING_DEPARTMENT, ReminderKind
from supervision.models import LedgerReminder

from .ledger import _department, item_url

logger = logging.getLogger(__name__)


def send_due_ledger_reminders(*, now=None):
    """Send every reminder that is due, once, to the department of an item that still
    waits for it (open or sent back).

    A reminder whose item was closed is never sent; one whose item waits for the
    office's check stays pending (sent if the item is sent back). A before-due reminder
    found due after the due date has passed is marked sent to nobody (the overdue one
    says it all). Side effects per reminder: ``sent_at`` and ``recipients``; one
    notification to the unit's applicants, head and responsible person.
    Returns the reminders claimed.
    """
    now = now or timezone.now()
    claimed = []
    due = LedgerReminder.objects.filter(
        sent_at__isnull=True, due_at__lte=now, item__state__in=AWAITING_DEPARTMENT
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            changed = LedgerReminder.objects.filter(
                pk=pk, sent_at__isnull=True, item__state__in=AWAITING_DEPARTMENT
            ).update(sent_at=now)
            if changed != 1:
                continue
            reminder = LedgerReminder.objects.select_related(
                "item__unit__head", "item__responsible"
            ).get(pk=pk)
            item = reminder.item
            too_late = reminder.kind == ReminderKind.BEFORE_DUE and item.is_overdue(
                timezone.localdate(now)
            )
            if not too_late:
                recipients = _department(item)
                values = {"unit": item.unit.name, "date": full_date(item.due_on)}
                with site_language():
                    if reminder.kind == ReminderKind.OVERDUE:
                        subject = _("%(unit)s的整改事项已逾期（期限%(date)s）") % values
                    else:
                        subject = _("%(unit)s的整改事项将于%(date)s到期") % values
                    notify(
                        recipients=recipients,
                        subject=subject,
                        body=_("问题：%(finding)s。请尽快整改并提交整改情况和佐证材料。")
                        % {"finding": item.finding},
                        url=item_url(item),
                    )
                reminder.recipients = len(recipients)
                reminder.save(update_fields=["recipients"])
            claimed.append(reminder)
    return claimed

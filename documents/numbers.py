"""Document numbers (发文字号) from the settings' prefix: 院党〔2026〕12号."""

from django.conf import settings
from django.db import transaction

from documents.models import DocumentNumber


def document_number_next(*, year, prefix=None):
    """Take the next number of ``year`` under a row lock; never the same twice.

    Must run inside the caller's transaction, so a rollback gives the number back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("document_number_next must run inside transaction.atomic")
    prefix = prefix or settings.NOTICE_NUMBER_PREFIX
    DocumentNumber.objects.get_or_create(prefix=prefix, year=year)
    sequence = DocumentNumber.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}〔{year}〕{sequence.last}号"

"""Document numbers (发文字号): each issuer numbers in its own sequence, per year.

The party committee's documents are numbered 院党〔2026〕12号, the discipline
commission's rectification notices 院纪〔2026〕3号: the prefix is the issuer's
(``hospital``'s settings), and a sequence is kept per prefix and year
(``DocumentNumber``), so a prefix changed mid-year starts its own sequence
from 1 and the old prefix's numbers stay as issued.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from documents.models import DocumentNumber
from hospital.selectors import numbering_issuer


def spell(*, prefix, year, number):
    """A number as printed: 院党〔2026〕12号."""
    return f"{prefix}〔{year}〕{number}号"


def _require_atomic():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("document numbers are taken and moved inside transaction.atomic")


def document_number_next(*, year, issuer):
    """Take the next number of ``issuer`` (a ``hospital.enums.IssuerRole``) in
    ``year`` under a row lock; never the same twice.

    Must run inside the caller's transaction, so a rollback gives the number back.
    """
    _require_atomic()
    prefix = numbering_issuer(issuer).number_prefix
    DocumentNumber.objects.get_or_create(prefix=prefix, year=year)
    sequence = DocumentNumber.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return spell(prefix=prefix, year=year, number=sequence.last)


def last_issued(*, prefix, year):
    """The last number taken under ``prefix`` in ``year``; 0 when none was."""
    return (
        DocumentNumber.objects.filter(prefix=prefix, year=year)
        .values_list("last", flat=True)
        .first()
        or 0
    )


def document_number_set_next(*, prefix, year, next_number):
    """Make ``next_number`` the next number taken under ``prefix`` in ``year``
    (the hospital's settings page, through ``hospital.registry``).

    Refused with a ``DomainError`` if a number at or above it was taken: a
    document number never goes backwards. Checked under the sequence's row
    lock, inside the caller's transaction.
    """
    _require_atomic()
    DocumentNumber.objects.get_or_create(prefix=prefix, year=year)
    sequence = DocumentNumber.objects.select_for_update().get(prefix=prefix, year=year)
    if next_number <= sequence.last:
        raise DomainError(
            _("%(number)s已经发出，下一文号须大于 %(last)s：文号不能倒退。")
            % {
                "number": spell(prefix=prefix, year=year, number=sequence.last),
                "last": sequence.last,
            }
        )
    sequence.last = next_number - 1
    sequence.save(update_fields=["last"])

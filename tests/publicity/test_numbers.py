import pytest
from django.db import transaction

from documents.numbers import document_number_next
from hospital.enums import IssuerRole

PARTY = IssuerRole.PARTY_COMMITTEE

pytestmark = pytest.mark.django_db


def test_document_numbers_run_per_year_from_one(settings):
    settings.NOTICE_NUMBER_PREFIX = "示医党"
    with transaction.atomic():
        first = document_number_next(year=2026, issuer=PARTY)
        second = document_number_next(year=2026, issuer=PARTY)
        other_year = document_number_next(year=2027, issuer=PARTY)
    assert (first, second, other_year) == (
        "示医党〔2026〕1号",
        "示医党〔2026〕2号",
        "示医党〔2027〕1号",
    )


class _AbandonedError(Exception):
    pass


def _take_a_number_then_fail():
    with transaction.atomic():
        document_number_next(year=2026, issuer=PARTY)
        raise _AbandonedError


def test_a_rolled_back_number_is_given_again():
    with pytest.raises(_AbandonedError):
        _take_a_number_then_fail()
    with transaction.atomic():
        assert document_number_next(year=2026, issuer=PARTY) == "院党〔2026〕1号"

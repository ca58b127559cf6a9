"""Fixtures of the publicity: a campaign whose list is fixed, and a clock."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import decided_campaign

SH = timezone.get_fixed_timezone(8 * 60)


def at(*args):
    """A moment in Asia/Shanghai: ``at(2026, 9, 18, 9)``."""
    return datetime.datetime(*args, tzinfo=SH)


@pytest.fixture
def decided(party_office, department_a, department_b, applicant_a, applicant_b, head_a):
    """A campaign whose fixed list holds departments A and B (5 working days of publicity)."""
    campaign, _applications = decided_campaign(party_office, [department_a, department_b])
    return campaign


@pytest.fixture
def clock(monkeypatch):
    """``clock(at(...))`` fixes Django's notion of now for the rest of the test."""

    def set_now(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_now

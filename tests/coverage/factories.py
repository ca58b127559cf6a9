"""Titles of past years for the coverage's tests, written directly as appraisal/demo.py
writes last year's: a closed campaign of the year, a commended application, the title."""

import datetime

from appraisal.enums import ApplicationState, TitleStatus
from appraisal.models import Application, Campaign, Title
from tests.factories import make_campaign


def campaign_of(year, by, *, title=None):
    title = title or f"{year}年度清廉科室评选"
    existing = Campaign.objects.filter(title=title).first()
    if existing is not None:
        return existing
    from django.utils import timezone

    return make_campaign(
        by,
        year=year,
        title=title,
        document_number=f"〔{year}〕49号",
        opens_at=timezone.make_aware(datetime.datetime(year, 9, 1, 8, 0)),
        closes_at=timezone.make_aware(datetime.datetime(year, 9, 30, 17, 0)),
    )


def title_of(unit, year, *, by, revoked_on=None, reason="否决性指标第4项"):
    """``unit``'s title of ``year`` (awarded on 20 November), revoked on ``revoked_on``
    with ``reason`` when given."""
    campaign = campaign_of(year, by)
    application = Application.objects.create(
        campaign=campaign,
        unit=unit,
        state=ApplicationState.COMMENDED,
        version=1,
        created_by=by,
    )
    title = Title.objects.create(
        application=application,
        campaign=campaign,
        unit=unit,
        year=year,
        awarded_on=datetime.date(year, 11, 20),
        certificate_number=f"QL{year}-{unit.pk:04d}",
    )
    if revoked_on is not None:
        Title.objects.filter(pk=title.pk).update(
            status=TitleStatus.REVOKED, revoked_on=revoked_on, revocation_reason=reason
        )
        title.refresh_from_db()
    return title

"""Quarterly reports for tests, made through the services as the party office makes them."""

import datetime

from django.utils import timezone

from analysis import services

# The second quarter of 2026 ended on 30 June; the report is issued in July.
YEAR, QUARTER = 2026, 2
ISSUED_AT = timezone.make_aware(datetime.datetime(2026, 7, 6, 10, 0))
MEETING_ON = datetime.date(2026, 7, 10)


def draft(office, *, year=YEAR, quarter=QUARTER, reason="", commentary="本季度总体平稳。"):
    version = services.report_draft(
        year=year, quarter=quarter, by=office, reason=reason, today=datetime.date(2026, 7, 6)
    )
    if commentary:
        version = services.commentary_save(version=version, commentary=commentary, by=office)
    return version


def issued(office, *, year=YEAR, quarter=QUARTER, reason="", now=ISSUED_AT):
    return services.report_issue(
        version=draft(office, year=year, quarter=quarter, reason=reason), by=office, now=now
    )


def concluded(office, committee, **options):
    version = issued(office, **options)
    return services.conclusions_record(
        version=version,
        by=committee,
        conclusions="同意党办分析意见，下季度重点督促整改。",
        meeting_on=MEETING_ON,
        today=MEETING_ON,
    )

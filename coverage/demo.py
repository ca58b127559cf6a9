"""The demo hospital's way to full coverage (docs/coverage.md): the titles of 2023 and
2024 (last year's three are appraisal's demo), one of them revoked in 2025, a department
merged into another and one closed, and a department set up this year.

Past years' rounds cannot be replayed through the pages, so their rows are written as
the services would have left them (appraisal/demo.py does the same for 2025). The
units' merging and closing go through the departments' service, as the party office
would record them. Each part is added once: running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appraisal.enums import ApplicationState, CampaignState, TitleStatus
from appraisal.models import Application, Campaign, Title
from appraisal.services.campaigns import campaign_create
from departments.models import Department, DepartmentKind, PartyBranch
from departments.services.lifetime import unit_close

# (year, campaign's document number, commendation's number, confirmed on, [units commended])
PAST_ROUNDS = [
    (
        2023,
        "院党〔2023〕45号",
        "院党〔2023〕52号",
        datetime.date(2023, 11, 24),
        ["FCK", "JZK", "HLB", "DZB", "CWK", "KFK"],
    ),
    (
        2024,
        "院党〔2024〕47号",
        "院党〔2024〕53号",
        datetime.date(2024, 11, 22),
        ["ZZK", "FSK", "BLK", "YWK", "SBK", "ZWK", "XHK", "TJZ", "YJK-T1"],
    ),
]
# The title revoked after a confirmed veto event: (unit, year, revoked on, reason).
REVOKED = ("FSK", 2024, datetime.date(2025, 4, 10), "否决性指标第9项：被上级部门书面通报批评")
# Units that are not in the demo roster: (code, name, kind, branch, opened on).
EXTRA_UNITS = [
    ("KFK", "康复医学科", DepartmentKind.CLINICAL, "内科党支部", None),
    ("TJZ", "体检中心", DepartmentKind.MEDICAL_TECH, "医技党支部", None),
    ("QKY", "全科医学科", DepartmentKind.CLINICAL, "内科党支部", datetime.date(2026, 3, 1)),
]
# (unit, closed on, merged into or "", reason)
ENDINGS = [
    ("KFK", datetime.date(2025, 6, 30), "SJK", "院党委会2025年第9次会议：康复医学科并入神经内科"),
    (
        "TJZ",
        datetime.date(2025, 12, 31),
        "",
        "院党委会2025年第16次会议：体检中心撤销，业务移交门诊部",
    ),
]


def _units():
    branches = {b.name: b for b in PartyBranch.objects.all()}
    for code, name, kind, branch, opened_on in EXTRA_UNITS:
        Department.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "party_branch": branches.get(branch),
                "opened_on": opened_on,
            },
        )
    return {unit.code: unit for unit in Department.objects.all()}


def _past_round(year, number, commendation_number, confirmed_on, codes, units, party_office):
    title = f"{year}年度清廉科室评选"
    if Campaign.objects.filter(title=title).exists():
        return 0
    campaign = campaign_create(
        by=party_office,
        year=year,
        title=title,
        document_number=number,
        opens_at=timezone.make_aware(datetime.datetime(year, 9, 1, 8, 0)),
        closes_at=timezone.make_aware(datetime.datetime(year, 9, 30, 17, 0)),
        quota=len(codes),
        allows_clean_teams=True,
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.CLOSED,
        confirmed_on=confirmed_on,
        confirmation_reference=f"院党委会{year}年第14次会议",
        commendation_number=commendation_number,
    )
    for index, code in enumerate(codes, 1):
        application = Application.objects.create(
            campaign=campaign,
            unit=units[code],
            state=ApplicationState.COMMENDED,
            submitted_at=timezone.make_aware(datetime.datetime(year, 9, 20, 10, 0)),
            version=1,
            created_by=party_office,
        )
        Title.objects.create(
            application=application,
            campaign=campaign,
            unit=units[code],
            year=year,
            awarded_on=confirmed_on,
            certificate_number=f"QL{year}-{index:03d}",
        )
    return len(codes)


@transaction.atomic
def load_demo_coverage():
    """Add what is missing of the demo's way to full coverage. Needs the demo hospital
    (``load_demo_hospital``). Returns the number of titles written.

    Side effects: three units (康复医学科, 体检中心, 全科医学科), two closed rounds with
    their titles, one title revoked, the merging and the closing recorded as the party
    office (``po``) through ``departments.services.unit_close``.
    """
    party_office = User.objects.filter(username="po").first()
    if party_office is None:
        return 0
    units = _units()
    written = sum(_past_round(*values, units, party_office) for values in PAST_ROUNDS)
    code, year, revoked_on, reason = REVOKED
    Title.objects.filter(unit=units[code], year=year, status=TitleStatus.HELD).update(
        status=TitleStatus.REVOKED, revoked_on=revoked_on, revocation_reason=reason
    )
    for code, closed_on, into, reason in ENDINGS:
        if units[code].closed_on is None:
            unit_close(
                unit=units[code],
                by=party_office,
                closed_on=closed_on,
                merged_into=units[into] if into else None,
                reason=reason,
            )
    return written

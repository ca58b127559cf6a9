"""Reads of the hospital's settings.

``hospital_profile()`` is read on every notice and page that prints the
hospital's name, an issuer or the title's wording, so it is kept in the cache
(``core.cache.kept``) and renewed when a change commits. Until an
administrator first saves the settings, the environment variables of
qinglian/settings.py stand in, read at call time; nothing is written by a read.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import pgettext

from core.cache import kept
from hospital.enums import TITLE_WORDING_CONTEXT, IssuerRole
from hospital.models import SINGLETON_PK, HospitalSettings, IssuingBody, SettingsChange

PROFILE_KEY = "hospital:profile"
PROFILE_VERSION_KEY = "hospital:profile-version"
# A safety net: every change renews the version on commit anyway.
PROFILE_SECONDS = 3600


@dataclass(frozen=True)
class Issuer:
    role: str
    name: str  # as printed in red at the head of its documents
    number_prefix: str  # 机关代字: 院党〔2026〕12号


@dataclass(frozen=True)
class HospitalProfile:
    name: str
    title_wording: str  # 清廉科室, or 清廉示范科室 (seed 001)
    objection_contact: str
    issuers: dict
    saved: bool  # an administrator has saved the settings at least once
    # The year-round work (docs/yearwork.md): the monthly reports' day, how many working
    # days before it offices are reminded, the key posts' rotation limit in years.
    report_day: int = HospitalSettings._meta.get_field("report_day").default
    report_reminder_working_days: int = HospitalSettings._meta.get_field(
        "report_reminder_working_days"
    ).default
    key_post_rotation_years: int = HospitalSettings._meta.get_field(
        "key_post_rotation_years"
    ).default
    # Coverage toward the target (docs/coverage.md): titles count from the start year,
    # every unit is to be covered by the end of the target year.
    coverage_start_year: int = HospitalSettings._meta.get_field("coverage_start_year").default
    coverage_target_year: int = HospitalSettings._meta.get_field("coverage_target_year").default

    def issuer(self, role):
        return self.issuers[IssuerRole(role)]

    @property
    def party_committee(self):
        return self.issuer(IssuerRole.PARTY_COMMITTEE)

    @property
    def discipline_commission(self):
        return self.issuer(IssuerRole.DISCIPLINE_COMMISSION)


def default_issuers():
    """The issuers as the environment variables name them (qinglian/settings.py)."""
    return {
        IssuerRole.PARTY_COMMITTEE: Issuer(
            IssuerRole.PARTY_COMMITTEE, settings.NOTICE_ISSUING_BODY, settings.NOTICE_NUMBER_PREFIX
        ),
        IssuerRole.DISCIPLINE_COMMISSION: Issuer(
            IssuerRole.DISCIPLINE_COMMISSION,
            settings.RECTIFICATION_ISSUING_BODY,
            settings.RECTIFICATION_NUMBER_PREFIX,
        ),
    }


def profile_from_database():
    """The settings as stored, the environment's values for what is not (two queries)."""
    issuers = default_issuers()
    for body in IssuingBody.objects.all():
        issuers[IssuerRole(body.role)] = Issuer(body.role, body.name, body.number_prefix)
    row = HospitalSettings.objects.filter(pk=SINGLETON_PK).first()
    if row is None:
        return HospitalProfile(
            name=settings.HOSPITAL_NAME,
            title_wording=settings.TITLE_WORDING,
            objection_contact=settings.PUBLICITY_CONTACT,
            issuers=issuers,
            saved=False,
        )
    return HospitalProfile(
        name=row.name,
        title_wording=row.title_wording,
        objection_contact=row.objection_contact,
        issuers=issuers,
        saved=True,
        report_day=row.report_day,
        report_reminder_working_days=row.report_reminder_working_days,
        key_post_rotation_years=row.key_post_rotation_years,
        coverage_start_year=row.coverage_start_year,
        coverage_target_year=row.coverage_target_year,
    )


def hospital_profile():
    """The hospital's settings, from the cache (one round trip) or the database."""
    return kept(PROFILE_KEY, (PROFILE_VERSION_KEY,), profile_from_database, PROFILE_SECONDS)


def title_label():
    """The title's wording as a page in the reader's language names it: translated
    when it is one the catalogue knows (``KNOWN_TITLE_WORDINGS``), else as set."""
    return pgettext(TITLE_WORDING_CONTEXT, hospital_profile().title_wording)


def numbering_issuer(role):
    """The issuer ``role`` as the database says now, for taking a number: read
    inside the numbering transaction, never from a cached copy."""
    body = IssuingBody.objects.filter(role=role).first()
    if body is not None:
        return Issuer(body.role, body.name, body.number_prefix)
    return default_issuers()[IssuerRole(role)]


def settings_changes():
    """Every change of the settings, newest first, with who made it (one query)."""
    return SettingsChange.objects.select_related("by").order_by("-at", "-pk")


def last_saved():
    """The settings row with who saved it last, or None (one query)."""
    return HospitalSettings.objects.select_related("saved_by").filter(pk=SINGLETON_PK).first()

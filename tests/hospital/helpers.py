"""The settings as an administrator fills in the page: change what a test names."""

from hospital.enums import IssuerRole
from hospital.services import hospital_settings_save

PARTY = IssuerRole.PARTY_COMMITTEE
DISCIPLINE = IssuerRole.DISCIPLINE_COMMISSION


def settings_values(**changes):
    """The service's keyword arguments: the demo's values, with ``changes``. An
    issuer's fields are ``party_name``, ``party_prefix``, ``party_next`` and the
    same with ``discipline_``."""
    values = {
        "name": "示范人民医院",
        "title_wording": "清廉科室",
        "objection_contact": "纪检监察室",
        "reason": "按本院党委文件核对",
        "party_name": "中共示范人民医院委员会",
        "party_prefix": "院党",
        "party_next": None,
        "discipline_name": "中共示范人民医院纪律检查委员会",
        "discipline_prefix": "院纪",
        "discipline_next": None,
    }
    values |= changes
    issuers = {
        role: {
            "name": values.pop(f"{short}_name"),
            "number_prefix": values.pop(f"{short}_prefix"),
            "next_number": values.pop(f"{short}_next"),
        }
        for role, short in ((PARTY, "party"), (DISCIPLINE, "discipline"))
    }
    return {**values, "issuers": issuers}


def save_settings(by, *, year=2026, **changes):
    return hospital_settings_save(by=by, year=year, **settings_values(**changes))

"""Who may do what with the quarterly situation analysis, stated once as ``rules``
object permissions (docs/analysis.md, "Who").

    analysis.view_quarterlyreport     the list of quarters: the party office, the party
                                      committee, the leading group and the discipline
                                      office (the model permission, accounts/roles.py)
    analysis.view_version             (version) a draft: the party office alone; an
                                      issued or superseded version: whoever holds
                                      ``view_quarterlyreport``
    analysis.draft_quarterlyreport    draft a quarter's report (or a new version of it):
                                      the party office (the model permission)
    analysis.edit_version             (version) write the commentary of a draft and issue
                                      it: the party office, on a draft
    analysis.record_conclusions       (version) record the committee's conclusions: the
                                      party committee, on the issued version in force

Departments (their heads, contacts and staff) hold none of these: the report is the
committee's meeting paper, not the departments' (each reads its own records in the
records apps). Whether the version's *state* allows a step is also checked by the
services, whoever calls.
"""

import rules

from accounts.rules import holds
from analysis.enums import VersionState

VIEW_REPORTS = "analysis.view_quarterlyreport"
VIEW_VERSION = "analysis.view_version"
DRAFT = "analysis.draft_quarterlyreport"
EDIT_VERSION = "analysis.edit_version"
RECORD_CONCLUSIONS = "analysis.record_conclusions"

reads_reports = holds(VIEW_REPORTS)
drafts = holds(DRAFT)
concludes = holds(RECORD_CONCLUSIONS)


@rules.predicate
def is_draft(user, version):
    return version is not None and version.state == VersionState.DRAFT


@rules.predicate
def is_issued(user, version):
    """Issued and in force (not superseded by a later version)."""
    return version is not None and version.state == VersionState.ISSUED


@rules.predicate
def was_issued(user, version):
    return version is not None and version.state in (
        VersionState.ISSUED,
        VersionState.SUPERSEDED,
    )


rules.add_perm(VIEW_REPORTS, reads_reports)
rules.add_perm(VIEW_VERSION, (drafts & is_draft) | (reads_reports & was_issued))
rules.add_perm(DRAFT, drafts)
rules.add_perm(EDIT_VERSION, drafts & is_draft)
rules.add_perm(RECORD_CONCLUSIONS, concludes & is_issued)

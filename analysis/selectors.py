"""Reads of the quarterly situation analysis."""

from django.db.models import Prefetch

from analysis.enums import VersionState
from analysis.models import QuarterlyReport, QuarterlyReportVersion
from analysis.rules import DRAFT
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.services import document_key


def report_rows(user):
    """Every quarter's report, newest first, with the versions ``user`` may read (a draft
    only for the party office). Two queries whatever the number of quarters."""
    versions = QuarterlyReportVersion.objects.select_related("issued_by").order_by("-number")
    if not user.has_perm(DRAFT):
        versions = versions.exclude(state=VersionState.DRAFT)
    rows = []
    for report in QuarterlyReport.objects.prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="readable")
    ).order_by("-year", "-quarter"):
        if not report.readable:
            continue
        report.in_force = next((v for v in report.readable if v.state == VersionState.ISSUED), None)
        report.draft = next((v for v in report.readable if v.state == VersionState.DRAFT), None)
        rows.append(report)
    return rows


def version_document(version):
    """The stored PDF of ``version``, or None before it was asked for (a draft)."""
    return OfficialDocument.objects.filter(
        key=document_key(DocumentKind.QUARTERLY_REPORT, version)
    ).first()

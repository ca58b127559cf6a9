"""The quarterly report's PDF (形势分析研判报告): an internal report for the committee's
meeting, not an official notice (no red header, no document number, not GB/T 9704),
in the notices' fonts, laid out by ``documents.notices.render_html``. ``register``
hands it to ``documents.registry`` (called from ``AnalysisConfig.ready()``).

A version's PDF is asked for when it is issued and again when the committee's
conclusions are recorded; it is drawn from the version's frozen snapshot, so a past
quarter prints as it was issued. Each version has its own stored file.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from analysis.models import QuarterlyReportVersion
from analysis.presentation import show
from analysis.rules import VIEW_VERSION
from documents.enums import DocumentKind
from documents.fonts import notice_fonts_css
from documents.notices import render_html
from documents.registry import register_kind, safe_file_name, subject_pk
from hospital.selectors import hospital_profile

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "analysis" / "pdf"


def report_html(version):
    """The PDF's HTML: always in Chinese, whoever's session asked for it."""
    with translation.override("zh-hans"):
        return render_to_string(
            "analysis/pdf/report.html",
            {
                "version": version,
                "report": version.report,
                "hospital": hospital_profile().name,
                **show(version.snapshot),
            },
        )


def report_pdf(version):
    """The version's PDF bytes."""
    from weasyprint import CSS  # slow import, done on first use

    return render_html(
        report_html(version),
        template_dir=TEMPLATES,
        stylesheets=[CSS(string=notice_fonts_css())],
    )


def _may_download(user, document):
    version = QuarterlyReportVersion.objects.select_related("report").get(pk=subject_pk(document))
    return user.has_perm(VIEW_VERSION, version)


def register():
    register_kind(
        DocumentKind.QUARTERLY_REPORT,
        subject=lambda pk: QuarterlyReportVersion.objects.select_related(
            "report", "issued_by", "conclusions_by"
        ).get(pk=pk),
        content=lambda version: (report_pdf(version), ""),
        file_name=lambda version: safe_file_name(
            f"{version.report.year}年第{version.report.quarter}季度形势分析研判报告"
            f"（第{version.number}版）.pdf"
        ),
        may_download=_may_download,
    )

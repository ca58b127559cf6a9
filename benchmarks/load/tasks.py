"""The work the benchmark gives the Celery worker whose memory it measures.

Loaded into the worker only (``celery worker --include=benchmarks.load.tasks``).
The heaviest thing the worker does is rendering official documents with
WeasyPrint; this task renders a publicity notice and a commendation notice,
each listing the 30 departments of ``benchmarks.notices``, through
``documents.notices.render_notice``, the function the document task uses.
The notices are built here rather than from rows: the load benchmark's
database holds a campaign under review, not a commended one.
"""

import datetime
from pathlib import Path

from celery import shared_task


@shared_task(name="benchmarks.load.mark")
def mark(done_path):
    """Queued behind other tasks: the solo worker has finished them once this file exists."""
    Path(done_path).write_text("done")


@shared_task(name="benchmarks.load.render_notices")
def render_notices(done_path, repeat=3):
    from documents.notices import render_notice

    sizes = []
    for _ in range(repeat):
        for notice in _notices():
            sizes.append(len(render_notice(notice)))
    Path(done_path).write_text(" ".join(str(size) for size in sizes))


def _notices():
    """The publicity notice and the commendation notice of 30 departments (3 pages each)."""
    from benchmarks.notices import UNITS
    from documents.notices import Notice, NoticeKind, Table

    departments = Table(
        columns=("序号", "科室"),
        rows=[(str(number), unit) for number, unit in enumerate(UNITS, 1)],
    )
    return (
        Notice(
            kind=NoticeKind.PUBLICITY,
            issuing_body="中共示范人民医院委员会办公室",
            document_number="示医党办〔2026〕12号",
            title="关于2026年度清廉科室拟表扬名单的公示",
            recipients="全院职工",
            body=(
                "经科室申报、党办评审、领导小组审定，拟对以下科室予以表扬，现予公示。",
                departments,
            ),
            date=datetime.date(2026, 9, 18),
        ),
        Notice(
            kind=NoticeKind.COMMENDATION,
            issuing_body="中共示范人民医院委员会",
            document_number="示医党〔2026〕49号",
            title="关于表扬2026年度清廉科室的通报",
            recipients="各党支部、各科室",
            body=(
                "经科室申报、党办评审、领导小组审定、院内公示和院党委会研究，决定对以下科室"
                "予以通报表扬，并授予“清廉科室”称号。",
                departments,
            ),
            attachments=("2026年度清廉科室创建考评工作情况报告",),
            disclosure="此件院内公开",
            date=datetime.date(2026, 9, 30),
        ),
    )

"""The work the benchmark gives the Celery worker whose memory it measures.

Loaded into the worker only (``celery worker --include=benchmarks.load.tasks``).
The heaviest thing the worker does is rendering official documents with
WeasyPrint; this task renders a publicity notice and a commendation notice
listing 30 departments through ``publicity.notices.render_notice``, the
function the document task uses (the database's rows are not needed for
memory, only the size of what is laid out).
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
    from benchmarks.notices import UNITS
    from publicity.notices import Notice, NoticeKind, Table, render_notice

    table = Table(
        columns=["序号", "科室"], rows=[[str(n), name] for n, name in enumerate(UNITS, 1)]
    )
    notices = [
        Notice(
            kind=kind,
            issuing_body="中共示范人民医院委员会",
            date=datetime.date(2026, 9, 30),
            title=title,
            document_number="院党〔2026〕49号",
            recipients="各党支部、各科室",
            body=["经院党委研究，决定对以下科室予以表扬。", table],
        )
        for kind, title in (
            (NoticeKind.PUBLICITY, "关于2026年度清廉科室拟表扬名单的公示"),
            (NoticeKind.COMMENDATION, "关于表扬2026年度清廉科室的通报"),
        )
    ]
    sizes = []
    for _ in range(repeat):
        sizes.extend(len(render_notice(notice)) for notice in notices)
    Path(done_path).write_text(" ".join(str(size) for size in sizes))

"""How long official notices take to render and how large they are.

Issue 5's targets: a one-page notice in at most 1 s, 30 certificates (one
ZIP) in at most 20 s, every file under 1 MB. The first render of a process
also pays for importing WeasyPrint and loading the fonts; it is reported
apart, and the other figures are for a process that has rendered before
(a Celery worker's usual state).

Run alone with ``python -m benchmarks.notices``.
"""

import datetime
import io
import json
import os
import re
import subprocess
import time
import zipfile

from publicity.notices import Notice, NoticeKind, Table, render_notice

DATE = datetime.date(2026, 9, 18)
PARTY_COMMITTEE = "中共示范人民医院委员会"
UNITS = [
    "心内科", "呼吸与危重症医学科", "消化内科", "神经内科", "肾内科", "内分泌科",
    "普外科", "骨科", "神经外科", "泌尿外科", "心胸外科", "妇科", "产科", "儿科",
    "新生儿科", "眼科", "耳鼻咽喉头颈外科", "口腔科", "皮肤科", "急诊科",
    "重症医学科", "麻醉科", "手术室", "检验科", "病理科", "放射科", "超声医学科",
    "药学部", "护理部", "消化内科内镜诊疗中心清廉团队",
]  # fmt: skip


def _django():
    """Renders need the templates only: test settings, no database, no secrets."""
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinglian.settings_test")
        django.setup()


def _publicity_notice():
    return Notice(
        kind=NoticeKind.PUBLICITY,
        issuing_body="中共示范人民医院委员会办公室",
        document_number="示医党办〔2026〕12号",
        title="关于2026年度清廉科室拟表扬名单的公示",
        recipients="全院职工",
        body=(
            "经科室申报、党办评审、领导小组审定，拟对以下科室予以表扬，现予公示。",
            Table(
                columns=("序号", "科室"),
                rows=[(str(number), unit) for number, unit in enumerate(UNITS[:3], 1)],
            ),
        ),
        date=DATE,
    )


def _commendation_notice():
    return Notice(
        kind=NoticeKind.COMMENDATION,
        issuing_body=PARTY_COMMITTEE,
        document_number="示医党〔2026〕49号",
        title="关于表扬2026年度清廉科室的通报",
        recipients="各党支部、各科室",
        body=(
            "经科室申报、党办评审、领导小组审定、院内公示和院党委会研究，决定对以下科室予以通报表扬，"
            "并授予“清廉科室”称号。希望受到表扬的科室珍惜荣誉，再接再厉，充分发挥示范引领作用。",
            Table(
                columns=("序号", "科室"),
                rows=[(str(number), unit) for number, unit in enumerate(UNITS, 1)],
            ),
        ),
        attachments=("2026年度清廉科室创建考评工作情况报告",),
        disclosure="此件院内公开",
        date=DATE,
    )


def _certificate(unit, number):
    return Notice(
        kind=NoticeKind.CERTIFICATE,
        issuing_body=PARTY_COMMITTEE,
        unit=unit,
        year=2026,
        document_number=f"示医清廉〔2026〕{number}号",
        date=DATE,
    )


def _pages(pdf):
    """The page count, read by poppler's pdfinfo (a system package of the project)."""
    result = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return int(re.search(rb"^Pages:\s+(\d+)$", result.stdout, re.MULTILINE)[1])


def _timed(notice):
    started = time.perf_counter()
    pdf = render_notice(notice)
    return time.perf_counter() - started, pdf


def run():
    _django()
    first_seconds, _pdf = _timed(_publicity_notice())
    figures = {"first_render_in_a_process_s": round(first_seconds, 3)}
    for name, notice in (
        ("publicity_notice", _publicity_notice()),
        ("commendation_notice", _commendation_notice()),
    ):
        seconds, pdf = _timed(notice)
        figures[name] = {"seconds": round(seconds, 3), "bytes": len(pdf), "pages": _pages(pdf)}

    started = time.perf_counter()
    largest = 0
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        for number, unit in enumerate(UNITS, 1):
            pdf = render_notice(_certificate(unit, number))
            largest = max(largest, len(pdf))
            zip_file.writestr(f"{number:02d}-{unit}.pdf", pdf)
    figures["certificates_30_zip"] = {
        "seconds": round(time.perf_counter() - started, 3),
        "zip_bytes": archive.getbuffer().nbytes,
        "largest_pdf_bytes": largest,
    }
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))

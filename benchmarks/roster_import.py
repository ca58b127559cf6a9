"""Importing 10,000 people through the pages: the preview and the confirmation, each timed.

Issue 2 asks for at most 10 s for both together on the project's machine.
The file is written by openpyxl, as the product's own export is (inline
strings, no dimension: the slower kind to read); the requests go through
the whole stack (middleware, views, services, templates) with Django's test
client, as the party office's browser would send them. Wall-clock seconds
are the figure; CPU seconds of this process are recorded beside them, since
other work on a shared machine slows the wall clock but not the CPU time
(on PostgreSQL the server's CPU time is not included).
"""

import datetime
import io
import statistics
import time

from benchmarks import benchmark

PEOPLE = 10_000
DEPARTMENTS = 30
MOVES = 1_000
LIMIT_SECONDS = 10.0
REPEAT = 3  # the median of three runs is reported, each run's total too
HEADERS = ["工号", "姓名", "科室编码", "调入本科室日期", "党员", "在职"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红玉梅琳晨"


def _people_rows(moved=0):
    rows = []
    for number in range(PEOPLE):
        department = number % DEPARTMENTS
        joined = datetime.date(2010, 1, 1) + datetime.timedelta(days=(number * 7) % 5000)
        if number < moved:
            department = (department + 1) % DEPARTMENTS
            joined = datetime.date(2025, 7, 1)
        name = SURNAMES[number % 30] + GIVEN[(number // 30) % 30] + GIVEN[(number // 900) % 30]
        rows.append(
            [
                f"Q{number:05d}",
                name,
                f"K{department:02d}",
                joined,
                "是" if number % 3 == 0 else "否",
                "是",
            ]
        )
    return rows


def _xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("人员名册")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(client, data, filename):
    """Upload + preview page, then confirm: wall and CPU seconds of each, and the preview's counts."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from departments.models import RosterImport

    wall, cpu = time.perf_counter(), time.process_time()
    upload = SimpleUploadedFile(filename, data)
    response = client.post(reverse("departments:import"), {"roster": "people", "file": upload})
    assert response.status_code == 302, response.status_code
    preview_page = client.get(response["Location"])
    assert preview_page.status_code == 200, preview_page.status_code
    preview = (time.perf_counter() - wall, time.process_time() - cpu)

    roster_import = RosterImport.objects.defer("preview").latest("pk")
    assert roster_import.state == RosterImport.State.PREVIEWED, roster_import.state
    wall, cpu = time.perf_counter(), time.process_time()
    confirmed = client.post(reverse("departments:import_confirm", args=[roster_import.pk]))
    assert confirmed.status_code == 302, confirmed.status_code
    confirm = (time.perf_counter() - wall, time.process_time() - cpu)

    roster_import.refresh_from_db()
    assert roster_import.state == RosterImport.State.IMPORTED, roster_import.state
    return preview, confirm, roster_import.preview["counts"]


def _once(client, first_file, moves_file):
    """Import 10,000 new people into an empty roster, then re-import them with 1,000 moves."""
    from departments.models import Person, RosterImport

    Person.objects.all().delete()
    Person.history.all().delete()  # after the people: deleting them writes history too
    RosterImport.objects.all().delete()

    preview, confirm, counts = _import(client, first_file, "人员名册.xlsx")
    assert counts["new"] == PEOPLE, counts
    assert Person.objects.count() == PEOPLE

    again_preview, again_confirm, again_counts = _import(client, moves_file, "人员调动.xlsx")
    assert (again_counts["changed"], again_counts["unchanged"]) == (MOVES, PEOPLE - MOVES)
    assert Person.history.count() == PEOPLE + MOVES
    return {
        "preview_s": preview[0],
        "confirm_s": confirm[0],
        "total_s": preview[0] + confirm[0],
        "preview_cpu_s": preview[1],
        "confirm_cpu_s": confirm[1],
        "reimport_preview_s": again_preview[0],
        "reimport_confirm_s": again_confirm[0],
        "reimport_total_s": again_preview[0] + again_confirm[0],
    }


@benchmark(
    "roster_import",
    description="导入 10,000 名人员（.xlsx）：预览与确认分别计时，合计上限 10 秒（三次取中位数）",
)
def roster_import():
    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts.models import User
    from accounts.roles import Role
    from departments.models import Department, DepartmentKind

    Department.objects.bulk_create(
        Department(code=f"K{n:02d}", name=f"科室{n:02d}", kind=DepartmentKind.CLINICAL)
        for n in range(DEPARTMENTS)
    )
    office = User.objects.create(username="bench-party-office", name="党办（基准测试）")
    office.groups.add(Group.objects.get(name=Role.PARTY_OFFICE))
    client = Client()
    client.force_login(office)

    started = time.perf_counter()
    first_file = _xlsx(_people_rows())
    generated = time.perf_counter() - started
    moves_file = _xlsx(_people_rows(moved=MOVES))

    runs = [_once(client, first_file, moves_file) for _ in range(REPEAT)]
    figures = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
    return {
        "people": PEOPLE,
        "file_bytes": len(first_file),
        "file_generation_s": round(generated, 3),
        "repeat": REPEAT,
        **figures,
        "total_s_each_run": [round(run["total_s"], 3) for run in runs],
        "limit_s": LIMIT_SECONDS,
        "within_limit": figures["total_s"] <= LIMIT_SECONDS,
        "reimport_with_moves": MOVES,
    }

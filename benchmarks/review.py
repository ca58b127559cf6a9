"""Benchmark of the party office's ranking (issue 4).

300 applications, 9 submitted reviews each, the default rubric's 15 criteria
(40,500 scores, some "not applicable", the trimmed mean on): how long
``appraisal.ranking.campaign_ranking`` takes, and how long the ranking page
takes to answer through the whole Django stack (middleware, session, template),
computed afresh (its kept copy renewed before each run) and warm (kept in the
cache: ``appraisal.ranking.ranking_kept``); and the scores export
(``appraisal.exports.scores_workbook``, 40,500 score rows): its time and the memory
it adds to the process at its peak (VmHWM after resetting it, Linux), or where that
cannot be read, the peak of Python's allocations (tracemalloc).
Targets: ranking ≤ 300 ms, page ≤ 500 ms, warm page ≤ 10 ms, export ≤ 1.5 s and
< 60 MB added (issue 14: it took 6.1 s and 277 MB).

``python -m benchmarks review`` runs this benchmark alone.

``run()`` is self-contained: it sets Django up if nobody has (test settings),
creates a throwaway test database (SQLite in memory, or ``test_<name>`` on the
PostgreSQL of DATABASE_URL), fills it, measures, and drops it again. It returns
a dict of figures in milliseconds (median, worst and best of several runs,
after one warm-up). ``python -m benchmarks.review`` prints them as JSON.
"""

import datetime
import os
import random
import statistics
import time
from pathlib import Path

APPLICATIONS = 300
REVIEWS_PER_APPLICATION = 9
REVIEWERS = 30
RUNS = 7
RANKING_TARGET_MS = 300
PAGE_TARGET_MS = 500
WARM_PAGE_TARGET_MS = 10
EXPORT_TARGET_S = 1.5
EXPORT_MEMORY_TARGET_MB = 60
EXPORT_RUNS = 3


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinglian.settings_test")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def campaign_under_review():
    """The campaign under review and everything the ranking reads. Returns (campaign, party office).

    300 applications of 300 departments, 30 reviewers (``bench_reviewer<n>``,
    without a role) with 90 submitted reviews each. ``benchmarks.load`` builds on it.
    """
    from decimal import Decimal

    from django.contrib.auth.models import Group
    from django.db import connection

    from accounts.models import User
    from accounts.roles import Role
    from appraisal.enums import ApplicationState, CampaignState, ReviewState
    from appraisal.models import Application, Campaign, Criterion, Review, Score
    from appraisal.services.campaigns import campaign_create
    from departments.models import Department, PartyBranch

    office = User.objects.create(username="bench_office", name="党办")
    office.groups.add(Group.objects.get(name=Role.PARTY_OFFICE))
    reviewers = User.objects.bulk_create(
        User(username=f"bench_reviewer{n}", name=f"评审人{n}") for n in range(REVIEWERS)
    )
    from django.utils import timezone

    now = timezone.now()
    day = datetime.timedelta(days=1)
    campaign = campaign_create(
        by=office,
        year=now.year,
        title="基准测试评选",
        opens_at=now - 30 * day,
        closes_at=now - day,
        quota=10,
        trims_extreme_scores=True,
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)
    branch = PartyBranch.objects.create(name="基准党支部")
    units = Department.objects.bulk_create(
        Department(code=f"B{n:03d}", name=f"科室{n:03d}", kind="clinical", party_branch=branch)
        for n in range(APPLICATIONS)
    )
    applications = Application.objects.bulk_create(
        Application(
            campaign=campaign,
            unit=unit,
            state=ApplicationState.UNDER_REVIEW,
            staff_count=20,
            version=1,
            statement="基准",
            created_by=office,
        )
        for unit in units
    )
    reviews = [
        Review(
            application=application,
            reviewer=reviewers[(index + offset) % REVIEWERS],
            assigned_by=office,
            state=ReviewState.SUBMITTED,
            submitted_at=now,
        )
        for index, application in enumerate(applications)
        for offset in range(REVIEWS_PER_APPLICATION)
    ]
    criteria = list(Criterion.objects.filter(standard__rubric=campaign.rubric_id))
    rng = random.Random(20260922)  # noqa: S311 - reproducible data, not secrecy
    half = Decimal("0.5")
    sheets = []
    for review in reviews:
        sheet = []
        for criterion in criteria:
            if rng.random() < 0.03:
                sheet.append((criterion, None))  # not applicable
                continue
            steps = int(criterion.points / half)
            sheet.append((criterion, half * rng.randint(steps // 2, steps)))
        # What review_submit writes from the scores it locks.
        review.submitted_total = sum((v for _, v in sheet if v is not None), Decimal(0))
        review.submitted_points = sum((c.points for c, v in sheet if v is not None), Decimal(0))
        sheets.append(sheet)
    reviews = Review.objects.bulk_create(reviews)
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, score=value, not_applicable=value is None)
            for review, sheet in zip(reviews, sheets, strict=True)
            for criterion, value in sheet
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: the planner needs the row counts.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return campaign, office


def _timed(action, runs=RUNS):
    action()  # warm-up: connection, caches, template loading
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), round(max(times), 1), round(min(times), 1)


def _status_kb(field):
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(field)


def _export_memory_mb(export):
    """The memory ``export()`` adds to the process at its peak, in MB."""
    import gc

    gc.collect()
    try:
        with Path("/proc/self/clear_refs").open("w") as clear:
            clear.write("5")  # resets VmHWM to the current resident size (Linux ≥ 4.0)
        before = _status_kb("VmRSS")
        export()
        return round((_status_kb("VmHWM") - before) / 1024, 1), "VmHWM"
    except OSError:
        import tracemalloc

        tracemalloc.start()
        try:
            export()
            return round(tracemalloc.get_traced_memory()[1] / 1024 / 1024, 1), "tracemalloc"
        finally:
            tracemalloc.stop()


def run():
    """Measure on the fresh, migrated database ``python -m benchmarks`` provides;
    returns the figures (milliseconds) and the targets."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import reverse
    from django.utils import translation

    from appraisal.exports import scores_workbook
    from appraisal.ranking import campaign_ranking, ranking_kept, ranking_version_key
    from core.cache import renew_now

    def ranking_renew_now(pk):
        renew_now(ranking_version_key(pk))

    def table_missing():
        raise AssertionError("the ranking page's table was not kept")

    setup_test_environment()
    try:
        start = time.perf_counter()
        campaign, office = campaign_under_review()
        fill_seconds = round(time.perf_counter() - start, 1)
        ranking = campaign_ranking(campaign)
        assert len(ranking.rows) == APPLICATIONS
        assert all(row.reviews == REVIEWS_PER_APPLICATION for row in ranking.rows)
        ranking_median, ranking_worst, ranking_best = _timed(lambda: campaign_ranking(campaign))
        client = Client()
        client.force_login(office)
        url = reverse("appraisal:ranking", args=[campaign.pk])

        def page():
            response = client.get(url)
            assert response.status_code == 200

        def page_afresh():
            ranking_renew_now(campaign.pk)
            page()

        page_median, page_worst, page_best = _timed(page_afresh)
        warm_median, warm_worst, warm_best = _timed(page, runs=50)

        def kept_table():
            with translation.override(settings.LANGUAGE_CODE):
                ranking_kept(campaign, f"page:{translation.get_language()}", table_missing)

        kept_median, _worst, _best = _timed(kept_table, runs=50)

        export_url = reverse("appraisal:scores_export", args=[campaign.pk])

        def export():
            response = client.get(export_url)
            assert response.status_code == 200
            return response

        workbook_bytes = len(export().content)
        export_median, export_worst, export_best = _timed(export, runs=EXPORT_RUNS)
        export_mb, memory_measure = _export_memory_mb(lambda: scores_workbook(campaign))
        vendor = connection.vendor
    finally:
        teardown_test_environment()
    return {
        "within_limit": ranking_median <= RANKING_TARGET_MS
        and page_median <= PAGE_TARGET_MS
        and warm_median <= WARM_PAGE_TARGET_MS
        and export_median / 1000 <= EXPORT_TARGET_S
        and export_mb < EXPORT_MEMORY_TARGET_MB,
        "review_ranking_ms": ranking_median,
        "review_ranking_worst_ms": ranking_worst,
        "review_ranking_best_ms": ranking_best,
        "review_ranking_target_ms": RANKING_TARGET_MS,
        "review_ranking_page_ms": page_median,
        "review_ranking_page_worst_ms": page_worst,
        "review_ranking_page_best_ms": page_best,
        "review_ranking_page_target_ms": PAGE_TARGET_MS,
        "review_ranking_page_warm_ms": warm_median,
        "review_ranking_page_warm_worst_ms": warm_worst,
        "review_ranking_page_warm_best_ms": warm_best,
        "review_ranking_page_warm_target_ms": WARM_PAGE_TARGET_MS,
        "review_ranking_kept_table_read_ms": kept_median,
        "scores_export_s": round(export_median / 1000, 2),
        "scores_export_worst_s": round(export_worst / 1000, 2),
        "scores_export_best_s": round(export_best / 1000, 2),
        "scores_export_target_s": EXPORT_TARGET_S,
        "scores_export_added_mb": export_mb,
        "scores_export_memory_measure": memory_measure,
        "scores_export_memory_target_mb": EXPORT_MEMORY_TARGET_MB,
        "scores_export_bytes": workbook_bytes,
        "review_data": {
            "applications": APPLICATIONS,
            "reviews_per_application": REVIEWS_PER_APPLICATION,
            "criteria": 15,
            "scores": APPLICATIONS * REVIEWS_PER_APPLICATION * 15,
            "database": vendor,
            "fill_seconds": fill_seconds,
        },
    }


if __name__ == "__main__":
    import json

    _setup_django()
    from django.db import connection

    test_database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
    finally:
        connection.creation.destroy_test_db(test_database, verbosity=0)

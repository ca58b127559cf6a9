"""A demo campaign for ``make run``: the 2026 round, reviewed and forwarded to the
leading group, so the decision, the publicity and the commendation can be tried
at once with the demo accounts; last year's closed round, whose three titles
ongoing supervision watches over; and the clean teams' round, under review with
one reviewer late, so the deadline, the reminders and the progress can be tried.

Everything goes through the services, as the people would have done it: six
departments apply with evidence files (their heads confirm), the window closes,
reviewer1–5 are assigned automatically and score with their comments, the party
office writes its opinions and forwards the list. Only the application window
and the review deadline are moved into the past directly, since nobody can wait
for them. The evidence files are made here, small and real (a PDF laid out as
the notices are, a PNG, an Excel workbook): nothing binary is kept in git.
"""

import datetime
import io
import random
import struct
import zlib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.models import User
from appraisal.demo_records import attach_offered_records
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, Campaign, Criterion, Review, Title
from appraisal.services import applications as application_services
from appraisal.services import (
    assignment,
    branch_opinion,
    campaigns,
    deadlines,
    evidence,
    reminders,
    reviews,
)
from core.errors import DomainError
from departments.models import Department, Post
from departments.rules import APPLY
from departments.services.appointments import appoint
from documents.notices import render_html

DEMO_CAMPAIGN_TITLE = "2026年度清廉科室评选"
LAST_YEAR_TITLE = "2025年度清廉科室评选"
# Last year's commended departments: titles to watch over (veto issue).
LAST_YEAR_COMMENDED = ["XNK", "GKE", "YJK"]
SEED = 2026

# (department code, demo applicant, recommended by the party office?)
DEMO_APPLICATIONS = [
    ("XNK", "applicant_xnk", True),
    ("JYK", "applicant_jyk", True),
    ("HXK", "applicant_hxk", True),
    ("PWK", "applicant_pwk", True),
    ("EKE", "applicant_eke", True),
    ("SSS", "applicant_sss", False),
]
DEMO_REVIEWERS = ["reviewer1", "reviewer2", "reviewer3", "reviewer4", "reviewer5"]

# The clean teams' round, under review: (team code, its department's applicant,
# the branch secretary, agrees?, the branch opinion).
TEAMS_CAMPAIGN_TITLE = "2026年度清廉团队评选"
DEMO_TEAMS = [
    (
        "XNK-T1",
        "applicant_xnk",
        "secretary",
        True,
        "导管室严格执行高值耗材“两人核对、全程留痕”制度，全年无耗材管理问题，"
        "团队成员全部签订廉洁承诺书。支部同意推荐。",
    ),
    (
        "JYK-T1",
        "applicant_jyk",
        "secretary_yj",
        False,
        "微生物室试剂采购的廉政风险点排查记录不完整，第三季度科内学习缺一次记录。"
        "支部建议完善后明年再申报，暂不同意推荐。",
    ),
]
TEAM_REVIEWERS = ["reviewer1", "reviewer2", "reviewer3"]
# The reviewer who has not finished by the deadline.
LATE_REVIEWER = "reviewer3"

# What reviewers write: each comments differently, and says why a score is low.
REVIEW_COMMENTS = [
    "台账完整，记录规范。",
    "措施具体，有季度检查记录。",
    "佐证材料与评分项对应清楚。",
    "建议补充活动照片和签到表。",
    "制度已建立，执行记录偏少。",
]
LOW_SCORE_COMMENTS = [
    "材料支撑不足，未见相关记录。",
    "仅有制度文本，缺少落实情况的佐证。",
    "记录时间集中在申报前，日常落实情况存疑。",
]

STATEMENT = (
    "本科室坚持把清廉建设融入医疗服务全过程，科主任履行“一岗双责”，每季度召开廉政专题会议，"
    "逐岗排查廉政风险点并制定防控措施。全体人员签订廉洁承诺书，落实“九不准”和“十严禁”，"
    "坚持合理检查、合理用药。科内设立清廉文化墙，定期开展警示教育和党纪党规学习，"
    "投诉件件有回复，服务流程持续优化，患者满意度逐年提升。"
) * 5


# --- evidence files, made on the fly ---------------------------------------------------


def _png(width=48, height=32, colour=(192, 0, 0)):
    """A small real PNG: a red bar on white (a photo of the clean-culture wall, as it were)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    white, red = b"\xff\xff\xff", bytes(colour)
    rows = b"".join(
        b"\x00"
        + b"".join(red if height // 3 <= y < 2 * height // 3 else white for _ in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _xlsx(unit_name):
    """A real Excel workbook: the unit's integrity risk points (廉政风险点排查表)."""
    from openpyxl import Workbook  # slow import, done on use

    book = Workbook(write_only=True)
    sheet = book.create_sheet("廉政风险点")
    sheet.append([f"{unit_name}廉政风险点排查表"])
    sheet.append(["岗位", "风险点", "等级", "防控措施"])
    sheet.append(["科主任", "耗材、设备采购论证", "一级", "集体讨论，全程留痕"])
    sheet.append(["医师", "处方、检查开具", "二级", "处方点评，每月通报"])
    sheet.append(["护士长", "物资申领", "三级", "双人核对，定期盘点"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pdf():
    """A real PDF, laid out by the notices' renderer: the integrity commitment's template."""
    html = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<h1 style='text-align:center'>廉洁承诺书</h1>"
        "<p>本人自觉遵守中央八项规定精神和《医疗机构工作人员廉洁从业九项准则》，"
        "不收受患者及其亲友的财物，不参与医药产品回扣，恪守医德，廉洁行医。</p>"
        "<p>承诺人：__________　　日期：____年__月__日</p>"
        "</body></html>"
    )
    return render_html(html, template_dir=Path(settings.BASE_DIR) / "templates")


def _criterion(criteria, words):
    return next((c for c in criteria if words in c.text), None)


def _attach_evidence(application, by, criteria, pdf):
    """Three files, each against the criterion it supports."""
    unit = application.unit.name
    files = [
        (f"{unit}廉洁承诺书.pdf", pdf, "application/pdf", "廉洁承诺书"),
        (
            f"{unit}廉政风险点排查表.xlsx",
            _xlsx(unit),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "廉政风险排查",
        ),
        (f"{unit}清廉文化墙.png", _png(), "image/png", "清廉文化"),
    ]
    for name, content, content_type, words in files:
        evidence.evidence_add(
            application=application,
            by=by,
            upload=SimpleUploadedFile(name, content, content_type=content_type),
            criterion=_criterion(criteria, words),
        )


def _apply(campaign, unit, applicant, head, criteria, pdf, materials):
    application = application_services.application_start(campaign=campaign, unit=unit, by=applicant)
    application_services.application_save(
        application=application,
        by=applicant,
        staff_count=application.staff_count,
        party_member_count=application.party_member_count,
        materials_list=materials,
        statement=STATEMENT,
    )
    _attach_evidence(application, applicant, criteria, pdf)
    # The unit's records of the year, when a records app's demo is loaded already.
    attach_offered_records(application, by=applicant)
    application_services.head_confirm(application=application, by=head)
    return application_services.application_submit(application=application, by=applicant)


def _comment(criterion, score, n):
    """Varied comments: a reason for every low score, a remark on some others."""
    if reviews.comment_required(criterion, score):
        return LOW_SCORE_COMMENTS[n % len(LOW_SCORE_COMMENTS)]
    if n % 4 == 0:
        return REVIEW_COMMENTS[n % len(REVIEW_COMMENTS)]
    return ""


def _score_review(review, criteria, rng, *, n, submit=True, upto=None):
    for index, criterion in enumerate(criteria[:upto]):
        score = _score(rng, criterion.points)
        reviews.score_save(
            review=review,
            by=review.reviewer,
            criterion=criterion,
            score=score,
            not_applicable=False,
            comment=_comment(criterion, score, n + index),
        )
    if submit:
        reviews.review_submit(review=review, by=review.reviewer)


def _score(rng, points):
    """A reviewer's score: mostly high, in half points."""
    halves = int(points * 2)
    return Decimal(rng.randint(max(1, halves * 7 // 10), halves)) / 2


def _last_year(party_office, units):
    """Last year's round, closed: its titles are history, written directly.

    Nobody can replay a past year through the pages; the rows are what the
    services would have left (applications commended, titles held, the
    campaign closed with its confirmation).
    """
    campaign = campaigns.campaign_create(
        by=party_office,
        year=2025,
        title=LAST_YEAR_TITLE,
        document_number="院党〔2025〕38号",
        opens_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 8, 0)),
        closes_at=timezone.make_aware(datetime.datetime(2025, 9, 30, 17, 0)),
        quota=3,
    )
    confirmed_on = datetime.date(2025, 11, 20)
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.CLOSED,
        confirmed_on=confirmed_on,
        confirmation_reference="院党委会2025年第15次会议",
        commendation_number="院党〔2025〕52号",
    )
    for number, code in enumerate(LAST_YEAR_COMMENDED, 1):
        application = Application.objects.create(
            campaign=campaign,
            unit=units[code],
            state=ApplicationState.COMMENDED,
            statement=STATEMENT,
            submitted_at=timezone.make_aware(datetime.datetime(2025, 9, 20, 10, 0)),
            version=1,
            created_by=party_office,
        )
        Title.objects.create(
            application=application,
            campaign=campaign,
            unit=units[code],
            year=2025,
            awarded_on=confirmed_on,
            certificate_number=f"QL2025-{number:03d}",
        )


@transaction.atomic
def load_demo_campaign():
    """Create the demo campaign unless it exists. Returns it, or None if it existed.

    Side effects: as the services it calls (a campaign, six applications with
    their events and versions, 30 reviews with scores, review opinions,
    notifications).
    """
    if Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).exists():
        return None
    users = {u.username: u for u in User.objects.filter(username__in=["po", *DEMO_REVIEWERS])}
    users.update(
        {
            u.username: u
            for u in User.objects.filter(username__in=[a for _, a, _ in DEMO_APPLICATIONS])
        }
    )
    party_office = users["po"]
    units = {d.code: d for d in Department.objects.select_related("head__user")}
    if not Campaign.objects.filter(title=LAST_YEAR_TITLE).exists():
        _last_year(party_office, units)
    now = timezone.now()
    campaign = campaigns.campaign_create(
        by=party_office,
        year=2026,
        title=DEMO_CAMPAIGN_TITLE,
        document_number="院党〔2026〕49号",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=1),
        quota=3,
    )
    campaign = campaigns.campaign_open(campaign=campaign, by=party_office)
    criteria = list(Criterion.objects.filter(standard__rubric=campaign.rubric_id))
    pdf = _pdf()
    submitted = []
    for code, username, recommended in DEMO_APPLICATIONS:
        applicant, unit = users[username], units[code]
        application = _apply(
            campaign,
            unit,
            applicant,
            unit.head.user,
            criteria,
            pdf,
            "廉洁承诺书（全员签订）\n廉政约谈记录\n廉政风险点排查表\n清廉文化墙照片",
        )
        submitted.append((application, recommended))
    # The window closes as the beat sweep would close it.
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=now - datetime.timedelta(minutes=1))
    deadlines.close_due_applications(now=now)
    campaign.refresh_from_db()
    for username in DEMO_REVIEWERS:
        assignment.pool_add(campaign=campaign, reviewer=users[username], by=party_office)
    assignment.reviews_assign_automatically(campaign=campaign, by=party_office, seed=SEED)
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo scores, no secret)
    n = 0
    for application, _recommended in submitted:
        for review in application.reviews.select_related("reviewer"):
            _score_review(review, criteria, rng, n=n)
            n += 1
    for number, (application, recommended) in enumerate(submitted):
        reviews.review_opinion_record(
            application=application,
            by=party_office,
            recommended=recommended,
            opinion=RECOMMENDED_OPINIONS[number % len(RECOMMENDED_OPINIONS)]
            if recommended
            else "佐证材料不足，廉政约谈记录仅覆盖半数人员，暂不推荐。",
        )
    forwarded = reviews.campaign_forward(campaign=campaign, by=party_office)
    if not Campaign.objects.filter(title=TEAMS_CAMPAIGN_TITLE).exists():
        _teams_under_review(party_office, units, pdf, now)
    return forwarded


RECOMMENDED_OPINIONS = [
    "材料齐全，措施具体，建议推荐。",
    "清廉文化阵地建设有特色，投诉处理闭环，建议推荐。",
    "廉政风险排查细致，约谈全覆盖，建议推荐。",
]


def _teams_under_review(party_office, units, pdf, now):
    """The clean teams' round: applied with the branch's opinion, under review, and
    its deadline passed yesterday with ``LATE_REVIEWER``'s sheet unfinished.

    The head of each team's department leads the team too (appointed as the
    pages would); the department's applicant is granted its team. The
    reminders go out as the beat sweep would send them: the one before the
    deadline at its time, then the overdue one.
    """
    names = {a for _, a, s, _, _ in DEMO_TEAMS} | {s for _, _, s, _, _ in DEMO_TEAMS}
    users = {u.username: u for u in User.objects.filter(username__in=[*names, *TEAM_REVIEWERS])}
    campaign = campaigns.campaign_create(
        by=party_office,
        year=2026,
        title=TEAMS_CAMPAIGN_TITLE,
        document_number="院党〔2026〕61号",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=1),
        quota=1,
        allows_departments=False,
        allows_clean_teams=True,
        uses_branch_opinion=True,
        reviewers_per_application=len(TEAM_REVIEWERS),
        review_deadline_on=timezone.localdate(now) + datetime.timedelta(days=10),
    )
    campaign = campaigns.campaign_open(campaign=campaign, by=party_office)
    criteria = list(Criterion.objects.filter(standard__rubric=campaign.rubric_id))
    for code, username, secretary, agrees, opinion in DEMO_TEAMS:
        team, applicant = units[code], users[username]
        head = units[code.split("-")[0]].head
        appoint(person=head, post=Post.HEAD, department=team, by=None, reason="演示数据")
        team.refresh_from_db()
        assign_perm(APPLY, applicant, team)
        application = _apply(
            campaign,
            team,
            applicant,
            head.user,
            criteria,
            pdf,
            "团队廉洁承诺书\n廉政风险点排查表\n清廉文化墙照片",
        )
        branch_opinion.branch_opinion_record(
            application=application, by=users[secretary], agrees=agrees, opinion=opinion
        )
    # The window closed ten days ago and the review's last day was yesterday.
    closed_at = now - datetime.timedelta(days=10)
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=closed_at,
        review_deadline_on=timezone.localdate(now) - datetime.timedelta(days=1),
    )
    deadlines.close_due_applications(now=now)
    campaign.refresh_from_db()
    for username in TEAM_REVIEWERS:
        assignment.pool_add(campaign=campaign, reviewer=users[username], by=party_office)
    assignment.reviews_assign_automatically(campaign=campaign, by=party_office, seed=SEED)
    rng = random.Random(SEED + 1)  # noqa: S311 (reproducible demo scores, no secret)
    late = users[LATE_REVIEWER]
    team_reviews = Review.objects.filter(application__campaign=campaign).select_related(
        "reviewer", "application__unit"
    )
    for n, review in enumerate(
        team_reviews.order_by("application__unit__code", "reviewer__username")
    ):
        if review.reviewer == late and review.application.unit.code == DEMO_TEAMS[-1][0]:
            # Half the sheet filled in, not submitted.
            _score_review(review, criteria, rng, n=n, submit=False, upto=len(criteria) // 2)
        else:
            _score_review(review, criteria, rng, n=n)
    try:
        remind_at = reminders.reminder_due_at(campaign, reminders.review_due_at(campaign))
    except DomainError:  # a year nobody confirmed: the sweep logs it and waits
        remind_at = None
    if remind_at is not None and remind_at < now:
        reminders.send_due_review_reminders(now=max(remind_at, closed_at))
    reminders.send_due_review_reminders(now=now)
    return campaign

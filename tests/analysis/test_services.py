"""analysis.services: each rule of drafting, issuing, reissuing and recording the
committee's conclusions, with what is written and what is refused."""

import datetime

import pytest
from django.utils import timezone

from analysis import services
from analysis.models import QuarterlyReport, QuarterlyReportEvent, QuarterlyReportVersion
from core.errors import DomainError
from documents.models import OfficialDocument
from tests.analysis.factories import ISSUED_AT, MEETING_ON, concluded, draft, issued
from tests.reports.factories import KeyTaskFactory, WorkPlanFactory, node

pytestmark = pytest.mark.django_db


def test_a_draft_is_the_quarters_first_version(party_office):
    version = draft(party_office, commentary="")
    assert (version.report.year, version.report.quarter, version.number) == (2026, 2, 1)
    assert version.state == "draft"
    assert version.snapshot is None
    event = version.events.get()
    assert (event.actor, event.transition, event.to_state) == (party_office, "draft", "draft")


def test_a_quarter_not_yet_begun_is_refused(party_office):
    with pytest.raises(DomainError, match="2026年第4季度尚未开始"):
        services.report_draft(
            year=2026, quarter=4, by=party_office, today=datetime.date(2026, 9, 30)
        )
    assert not QuarterlyReport.objects.exists()


def test_a_quarter_out_of_range_is_refused(party_office):
    with pytest.raises(DomainError, match="季度应为 1 至 4"):
        services.report_draft(year=2026, quarter=5, by=party_office)


def test_one_draft_at_a_time(party_office):
    draft(party_office)
    with pytest.raises(DomainError, match="已有草稿（第1版）"):
        services.report_draft(year=2026, quarter=2, by=party_office)
    assert QuarterlyReportVersion.objects.count() == 1


@pytest.mark.parametrize("persona", ["party_committee", "leading_group", "discipline_office"])
def test_only_the_party_office_drafts(request, persona):
    with pytest.raises(DomainError, match="没有权限"):
        services.report_draft(year=2026, quarter=1, by=request.getfixturevalue(persona))
    assert not QuarterlyReport.objects.exists()


def test_commentary_is_kept_on_a_draft_with_an_event(party_office):
    version = draft(party_office, commentary="")
    version = services.commentary_save(
        version=version, commentary="  需加强约谈。 ", by=party_office
    )
    assert version.commentary == "需加强约谈。"
    assert version.events.filter(transition="commentary", actor=party_office).count() == 1


def test_empty_commentary_is_refused(party_office):
    version = draft(party_office, commentary="")
    with pytest.raises(DomainError, match="请填写党办分析意见"):
        services.commentary_save(version=version, commentary="  ", by=party_office)


def test_issuing_freezes_the_figures(party_office):
    task = KeyTaskFactory(plan=WorkPlanFactory(year=2026, created_by=party_office))
    node(task, datetime.date(2026, 5, 31))
    version = issued(party_office)
    assert version.state == "issued"
    assert version.issued_by == party_office
    assert version.issued_at == ISSUED_AT
    assert version.snapshot["workplan"]["overdue"] == 1
    assert version.snapshot["assembled_on"] == "2026-07-06"
    # A record changed afterwards does not change what was issued.
    task.nodes.update(done_on=datetime.date(2026, 6, 1))
    version.refresh_from_db()
    assert version.snapshot["workplan"]["overdue"] == 1
    assert version.events.filter(transition="issue").count() == 1


def test_issuing_asks_for_the_pdf(party_office, django_capture_on_commit_callbacks, media_root):
    with django_capture_on_commit_callbacks(execute=True):
        version = issued(party_office)
    document = OfficialDocument.objects.get(key=f"quarterly_report:{version.pk}")
    assert document.is_ready
    assert document.file.open("rb").read(5) == b"%PDF-"


def test_a_quarter_not_ended_is_drafted_but_not_issued(party_office):
    version = services.report_draft(
        year=2026, quarter=2, by=party_office, today=datetime.date(2026, 6, 10)
    )
    services.commentary_save(version=version, commentary="中期情况。", by=party_office)
    during = timezone.make_aware(datetime.datetime(2026, 6, 30, 18, 0))
    with pytest.raises(DomainError, match="尚未结束（至2026年6月30日）"):
        services.report_issue(version=version, by=party_office, now=during)
    version.refresh_from_db()
    assert version.state == "draft"
    assert version.snapshot is None


def test_issuing_without_commentary_is_refused(party_office):
    version = draft(party_office, commentary="")
    with pytest.raises(DomainError, match="请先填写党办分析意见"):
        services.report_issue(version=version, by=party_office, now=ISSUED_AT)


def test_an_issued_version_is_not_edited_nor_issued_again(party_office):
    version = issued(party_office)
    with pytest.raises(DomainError):
        services.commentary_save(version=version, commentary="改写。", by=party_office)
    with pytest.raises(DomainError):
        services.report_issue(version=version, by=party_office, now=ISSUED_AT)
    version.refresh_from_db()
    assert version.commentary == "本季度总体平稳。"


def test_a_reissue_needs_a_reason(party_office):
    issued(party_office)
    with pytest.raises(DomainError, match="重新起草须说明理由"):
        services.report_draft(year=2026, quarter=2, by=party_office)


def test_a_reissue_is_a_new_version_and_keeps_the_old_as_issued(party_office, party_committee):
    first = concluded(party_office, party_committee)
    old_snapshot = first.snapshot
    second = draft(party_office, reason="六月报告数据更正。")
    assert (second.number, second.reason) == (2, "六月报告数据更正。")
    # Until the new version is issued, the old one stays in force.
    first.refresh_from_db()
    assert first.state == "issued"
    later = timezone.make_aware(datetime.datetime(2026, 7, 20, 9, 0))
    second = services.report_issue(version=second, by=party_office, now=later)
    first.refresh_from_db()
    assert first.state == "superseded"
    assert first.snapshot == old_snapshot
    assert first.conclusions == "同意党办分析意见，下季度重点督促整改。"
    assert second.state == "issued"
    assert not second.has_conclusions
    assert first.events.filter(transition="supersede", actor=party_office).count() == 1


def test_conclusions_are_recorded_with_the_meeting_date(party_office, party_committee):
    version = concluded(party_office, party_committee)
    assert version.meeting_on == MEETING_ON
    assert version.conclusions_by == party_committee
    assert version.conclusions_at is not None
    event = version.events.get(transition="conclusions")
    assert event.actor == party_committee
    assert "2026年7月10日" in event.reason


def test_conclusions_only_on_an_issued_version(party_office, party_committee):
    version = draft(party_office)
    with pytest.raises(DomainError, match="只能在现行的已印发版本上记录"):
        services.conclusions_record(
            version=version, by=party_committee, conclusions="同意。", meeting_on=MEETING_ON
        )


def test_conclusions_not_on_a_superseded_version(party_office, party_committee):
    first = issued(party_office)
    issued(party_office, reason="更正。")
    with pytest.raises(DomainError, match="只能在现行的已印发版本上记录"):
        services.conclusions_record(
            version=first, by=party_committee, conclusions="同意。", meeting_on=MEETING_ON
        )


def test_conclusions_are_recorded_once(party_office, party_committee):
    version = concluded(party_office, party_committee)
    with pytest.raises(DomainError, match=r"已于.*记录党委研判意见"):
        services.conclusions_record(
            version=version, by=party_committee, conclusions="再议。", meeting_on=MEETING_ON
        )


@pytest.mark.parametrize(
    ("meeting_on", "message"),
    [
        (datetime.date(2026, 7, 5), "不能早于本版本的印发日期（2026年7月6日）"),
        (datetime.date(2026, 7, 11), "不能晚于今天"),
    ],
)
def test_a_meeting_date_outside_issue_and_today_is_refused(
    party_office, party_committee, meeting_on, message
):
    version = issued(party_office)
    with pytest.raises(DomainError, match=message):
        services.conclusions_record(
            version=version,
            by=party_committee,
            conclusions="同意。",
            meeting_on=meeting_on,
            today=MEETING_ON,
        )
    version.refresh_from_db()
    assert not version.has_conclusions


@pytest.mark.parametrize("persona", ["party_office", "leading_group", "discipline_office"])
def test_only_the_committee_records_conclusions(request, party_office, persona):
    version = issued(party_office)
    with pytest.raises(DomainError, match="没有权限"):
        services.conclusions_record(
            version=version,
            by=request.getfixturevalue(persona),
            conclusions="同意。",
            meeting_on=MEETING_ON,
            today=MEETING_ON,
        )
    assert not QuarterlyReportEvent.objects.filter(transition="conclusions").exists()

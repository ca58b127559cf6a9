"""The inbox page, the unread badge in the navigation and "mark all read"."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hospital.selectors import hospital_profile
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
MARK_READ = reverse("notifications:mark_read")


def _badge(page):
    match = re.search(r'<span id="nav-unread" class="([^"]*)"[^>]*>(\d+)</span>', page)
    assert match, "the unread badge is missing from the navigation"
    return ("d-none" not in match.group(1).split()), int(match.group(2))


def _notify(user, *subjects):
    for subject in subjects:
        notify(recipients=[user], subject=subject)


def test_inbox_lists_only_the_users_notifications(client, staff, reviewer_a):
    _notify(staff, "申报材料已收到")
    _notify(reviewer_a, "请完成评分")
    client.force_login(staff)
    page = client.get(INBOX).content.decode()
    assert "申报材料已收到" in page
    assert "请完成评分" not in page


def test_inbox_without_notifications_says_so(client, staff):
    client.force_login(staff)
    assert "暂无通知。" in client.get(INBOX).content.decode()


def test_navigation_badge_shows_unread_count(client, staff, reviewer_a):
    _notify(staff, "一", "二", "三")
    _notify(reviewer_a, "别人的")
    Notification.objects.filter(recipient=staff, subject="一").update(read_at="2026-09-01T08:00Z")
    client.force_login(staff)
    assert _badge(client.get(reverse("home")).content.decode()) == (True, 2)


def test_navigation_badge_is_hidden_with_nothing_unread(client, staff):
    client.force_login(staff)
    assert _badge(client.get(reverse("home")).content.decode()) == (False, 0)


def test_mark_all_read_then_badge_is_hidden(client, staff, reviewer_a):
    _notify(staff, "一", "二")
    _notify(reviewer_a, "别人的")
    client.force_login(staff)
    response = client.post(MARK_READ)
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert Notification.objects.filter(recipient=staff, read_at__isnull=True).count() == 0
    assert Notification.objects.get(recipient=reviewer_a).read_at is None
    assert _badge(client.get(INBOX).content.decode()) == (False, 0)


def test_mark_all_read_via_htmx_returns_the_badge_partial(client, staff):
    _notify(staff, "一", "二")
    client.force_login(staff)
    response = client.post(MARK_READ, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert _badge(page) == (False, 0)


def test_mark_one_read_via_htmx_returns_remaining_count(client, staff):
    _notify(staff, "一", "二", "三")
    first = Notification.objects.get(subject="一")
    client.force_login(staff)
    response = client.post(MARK_READ, {"id": [first.pk]}, HTTP_HX_REQUEST="true")
    assert _badge(response.content.decode()) == (True, 2)


def test_mark_read_of_someone_elses_notification_changes_nothing(client, staff, reviewer_a):
    _notify(reviewer_a, "别人的")
    theirs = Notification.objects.get()
    client.force_login(staff)
    client.post(MARK_READ, {"id": [theirs.pk]})
    assert Notification.objects.get().read_at is None


def test_mark_read_with_malformed_id_marks_nothing(client, staff):
    _notify(staff, "一")
    client.force_login(staff)
    client.post(MARK_READ, {"id": ["abc"]})
    assert Notification.objects.get().read_at is None


def _inbox_queries(client, user, rows):
    _notify(user, *[f"通知{n}" for n in range(rows)])
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INBOX)
    assert response.status_code == 200
    assert response.content.decode().count(UNREAD_BADGE) == rows
    return len(queries)


UNREAD_BADGE = '<span class="badge text-bg-warning">未读</span>'


def test_inbox_queries_do_not_grow_with_rows(client, staff, reviewer_a):
    hospital_profile()  # the hospital's settings every page prints, kept for all users alike
    assert _inbox_queries(client, staff, 1) == _inbox_queries(client, reviewer_a, 5)


def _export_queries(client, user, rows):
    _notify(user, *[f"通知{n}" for n in range(rows)])
    client.force_login(user)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INBOX, {"export": "xlsx"})
    assert len(_sheet(response)) == rows + 1
    return len(queries)


def test_inbox_export_queries_do_not_grow_with_rows(client, staff, reviewer_a):
    hospital_profile()
    assert _export_queries(client, staff, 1) == _export_queries(client, reviewer_a, 4)


def _sheet(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _body(response):
    content = response.content.decode()
    return content[content.index("<tbody") :]


def test_inbox_sorts_by_subject(client, staff):
    _notify(staff, "乙：评审提醒", "甲：申报材料已收到")
    client.force_login(staff)
    for sort, first, second in (("subject", "乙", "甲"), ("-subject", "甲", "乙")):
        rows = _body(client.get(INBOX, {"sort": sort}))
        assert rows.index(f"{first}：") < rows.index(f"{second}：")


def test_inbox_filters_unread_and_by_subject(client, staff):
    _notify(staff, "申报材料已收到", "请完成评分")
    Notification.objects.filter(subject="请完成评分").update(read_at="2026-09-01T08:00Z")
    client.force_login(staff)
    unread = _body(client.get(INBOX, {"read": "unread"}))
    assert "申报材料已收到" in unread
    assert "请完成评分" not in unread
    by_subject = _body(client.get(INBOX, {"subject": "评分"}))
    assert "请完成评分" in by_subject
    assert "申报材料已收到" not in by_subject


def test_inbox_export_holds_only_the_users_notifications_as_shown(client, staff, reviewer_a):
    notify(recipients=[staff], subject="申报材料已收到", body="第一行\n第二行")
    _notify(reviewer_a, "请完成评分")
    Notification.objects.filter(recipient=staff).update(
        created_at=datetime.datetime(2026, 9, 18, 1, 30, tzinfo=datetime.UTC)
    )
    client.force_login(staff)
    rows = _sheet(client.get(INBOX, {"export": "xlsx"}))
    assert rows == [
        ("标题", "内容", "时间", "已读时间"),
        ("申报材料已收到", "第一行\n第二行", datetime.datetime(2026, 9, 18, 9, 30), None),
    ]


# --- the badge's count is kept in the cache (notifications.selectors.unread_count) ---


def _count_queries(captured):
    return [
        q["sql"]
        for q in captured
        if "COUNT(" in q["sql"] and "notifications_notification" in q["sql"]
    ]


def test_the_badge_is_counted_once_then_kept(client, staff):
    _notify(staff, "一")
    client.force_login(staff)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("home")).content.decode()
    assert _badge(page) == (True, 1)
    assert _count_queries(captured.captured_queries) == []


def test_a_notification_after_a_page_shows_on_the_next_page(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert _badge(client.get(reverse("home")).content.decode()) == (False, 0)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(staff, "新的")
    assert _badge(client.get(reverse("home")).content.decode()) == (True, 1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MARK_READ)
    assert _badge(client.get(reverse("home")).content.decode()) == (False, 0)


def test_a_notification_changed_one_at_a_time_changes_the_badge(
    client, staff, django_capture_on_commit_callbacks
):
    _notify(staff, "一", "二")
    client.force_login(staff)
    assert _badge(client.get(reverse("home")).content.decode()) == (True, 2)
    notification = Notification.objects.filter(recipient=staff).first()
    with django_capture_on_commit_callbacks(execute=True):
        notification.read_at = "2026-09-01T08:00Z"
        notification.save()
    assert _badge(client.get(reverse("home")).content.decode()) == (True, 1)
    with django_capture_on_commit_callbacks(execute=True):
        Notification.objects.filter(recipient=staff, read_at__isnull=True).get().delete()
    assert _badge(client.get(reverse("home")).content.decode()) == (False, 0)

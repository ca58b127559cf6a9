import datetime
from unittest.mock import patch

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workcalendar.models import CalendarDay, CalendarYear, DayKind
from workcalendar.selectors import year_needing_entry
from workcalendar.services import calendar_year_create


def test_year_list_shows_years_with_counts(statutory_calendar, persona_client):
    response = persona_client("admin_user").get(reverse("workcalendar:list"))
    assert response.status_code == 200
    row = next(y for y in response.context["years"] if y.year == 2026)
    assert row.adjusted_count == 6
    assert "新建年度" in response.content.decode()


def test_year_list_for_party_office_is_read_only(statutory_calendar, persona_client):
    response = persona_client("party_office").get(reverse("workcalendar:list"))
    assert response.status_code == 200
    assert "新建年度" not in response.content.decode()


def test_year_list_query_count_does_not_grow(db, persona_client, admin_user):
    client = persona_client("admin_user")
    CalendarYear.objects.all().delete()
    calendar_year_create(year=2027, by=admin_user)
    client.get(reverse("workcalendar:list"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("workcalendar:list"))
    for year in (2028, 2029, 2030):
        calendar_year_create(year=year, by=admin_user)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("workcalendar:list"))
    assert len(many) == len(one)


def test_unentered_year_page_offers_to_create_it(db, persona_client):
    response = persona_client("admin_user").get(reverse("workcalendar:year", args=[2031]))
    assert response.status_code == 200
    assert "2031 年的放假安排尚未录入" in response.content.decode()


def test_admin_enters_and_confirms_a_year_through_the_pages(db, persona_client):
    client = persona_client("admin_user")
    response = client.post(
        reverse("workcalendar:create"), {"year": 2031, "note": "国办发明电〔2030〕1号"}, follow=True
    )
    assert "已创建 2031 年工作日历草稿" in response.content.decode()
    response = client.post(
        reverse("workcalendar:day_set", args=[2031]),
        {"date": "2031-01-01", "kind": "holiday", "name": "元旦"},
        follow=True,
    )
    assert "已登记 1月1日" in response.content.decode()
    response = client.post(
        reverse("workcalendar:day_set", args=[2031]),
        {"date": "2031-01-02", "kind": DayKind.ADJUSTED_WORKDAY, "name": ""},
        follow=True,
    )
    assert "1月2日是工作日，不需要登记为调休上班日" in response.content.decode()
    response = client.post(reverse("workcalendar:confirm", args=[2031]), follow=True)
    assert "2031 年工作日历已确认" in response.content.decode()
    assert CalendarYear.objects.get(year=2031).is_confirmed
    assert list(
        CalendarDay.objects.filter(calendar_year__year=2031).values_list("date", flat=True)
    ) == [datetime.date(2031, 1, 1)]


def test_confirmed_year_refuses_edits_with_a_message(statutory_calendar, persona_client):
    response = persona_client("admin_user").post(
        reverse("workcalendar:day_clear", args=[2026]), {"date": "2026-10-01"}, follow=True
    )
    assert "2026 年的工作日历已确认，不能再修改" in response.content.decode()
    assert CalendarDay.objects.filter(date=datetime.date(2026, 10, 1)).exists()


def test_year_needing_entry_reminds_from_november(statutory_calendar):
    assert year_needing_entry(datetime.date(2026, 10, 31)) is None
    assert year_needing_entry(datetime.date(2026, 11, 1)) == 2027


def test_admin_home_warns_when_next_year_is_not_confirmed(statutory_calendar, persona_client):
    with patch(
        "workcalendar.selectors.timezone.localdate", return_value=datetime.date(2026, 11, 22)
    ):
        response = persona_client("admin_user").get(reverse("home"))
    content = response.content.decode()
    assert "2027 年工作日历尚未确认" in content
    assert reverse("workcalendar:year", args=[2027]) in content

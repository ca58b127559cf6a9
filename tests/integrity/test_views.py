"""The integrity pages: the coverage page (filters, sort, export, queries), a unit's records
page, the forms, the withdrawal, the files, one's own commitment, the home items."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from home.items.integrity import integrity_items_of_keeper, own_commitment_items
from integrity.coverage import year_coverage
from integrity.models import Commitment, StudySession, Talk
from tests.factories import DepartmentFactory, pdf_upload
from tests.integrity.factories import commitment, docx_named_pdf, person_since, session, talk

pytestmark = pytest.mark.django_db

SINCE = datetime.date(2020, 1, 1)


def today():
    return timezone.localdate()


def unit_url(unit, year=None):
    return reverse("integrity:unit", args=[unit.pk, year or today().year])


# --- the coverage page ---------------------------------------------------------------------


def _unit_with_people(code, by, *, signed):
    unit = DepartmentFactory(code=code, name=f"科室{code}")
    for index in range(2):
        person = person_since(unit, SINCE)
        if index < signed:
            commitment(person, unit, by, signed_on=today())
    return unit


def test_coverage_lists_every_department_with_its_figures(persona_client, party_office):
    _unit_with_people("K1", party_office, signed=2)
    _unit_with_people("K2", party_office, signed=1)
    response = persona_client("party_office").get(reverse("integrity:coverage"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "科室K1" in content
    assert "科室K2" in content
    assert "50%" in content
    assert "100%" in content


def test_coverage_filters_below_target_and_clean_teams(persona_client, party_office):
    full = _unit_with_people("K1", party_office, signed=2)
    _unit_with_people("K2", party_office, signed=1)
    team = DepartmentFactory(code="K1-T", name="清廉团队K1", parent=full)
    client = persona_client("party_office")
    below = client.get(reverse("integrity:coverage"), {"below": "commitments"}).content.decode()
    assert "科室K2" in below
    assert "科室K1<" not in below
    assert team.name not in below
    teams = client.get(reverse("integrity:coverage"), {"unit_kind": "clean_team"})
    assert team.name in teams.content.decode()
    assert "科室K2" not in teams.content.decode()


def test_coverage_sorts_by_a_figure_and_exports_what_it_shows(persona_client, party_office):
    _unit_with_people("K1", party_office, signed=2)
    _unit_with_people("K2", party_office, signed=1)
    client = persona_client("party_office")
    response = client.get(
        reverse("integrity:coverage"), {"sort": "commitments_percent", "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("科室", "党支部", "类别")
    assert [row[0] for row in rows[1:] if row[0].startswith("科室K")] == ["科室K2", "科室K1"]
    assert [row[5] for row in rows[1:] if row[0].startswith("科室K")] == [50, 100]
    assert {row[2] for row in rows[1:] if row[0].startswith("科室K")} == {"临床"}


def test_coverage_of_an_earlier_year(persona_client, party_office):
    _unit_with_people("K1", party_office, signed=2)
    last_year = str(today().year - 1)
    response = persona_client("party_office").get(
        reverse("integrity:coverage"), {"year": last_year}
    )
    assert f"{last_year}年度清廉台账覆盖情况" in response.content.decode()


def test_coverage_is_for_the_working_group(persona_client, applicant_a):
    assert persona_client("applicant_a").get(reverse("integrity:coverage")).status_code == 403


def test_coverage_reads_the_same_queries_for_one_unit_and_for_many(persona_client, party_office):
    client = persona_client("party_office")
    url = reverse("integrity:coverage")
    _unit_with_people("K1", party_office, signed=1)
    session(DepartmentFactory(code="K0"), party_office, held_on=today())
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    for code in ("K2", "K3", "K4"):
        unit = _unit_with_people(code, party_office, signed=1)
        session(unit, party_office, held_on=today())
        talk(unit.people.first(), unit, party_office, talked_on=today(), talker=unit.people.last())
    with CaptureQueriesContext(connection) as many:
        second = client.get(url)
    assert second.content.decode().count("<tr") > first.content.decode().count("<tr")
    assert len(many) == len(one)


def _coverage_cells(client, unit):
    """The cells of ``unit``'s row on this year's coverage page."""
    import re

    content = client.get(reverse("integrity:coverage")).content.decode()
    row = re.search(rf"<tr><td><a href=\"{unit_url(unit)}\">.*?</tr>", content).group(0)
    return re.findall(r"<td>(.*?)</td>", row)


def test_coverage_asked_again_unchanged_is_read_from_the_cache(persona_client, party_office):
    """Every kind's summaries are kept (appraisal.records.record_summaries_kept): asked again
    with nothing changed, the page computes nothing, and shows the same."""
    client = persona_client("party_office")
    unit = _unit_with_people("K1", party_office, signed=1)
    with CaptureQueriesContext(connection) as afresh:
        first = _coverage_cells(client, unit)
    with CaptureQueriesContext(connection) as kept:
        second = _coverage_cells(client, unit)
    assert second == first
    assert len(kept) < len(afresh)
    assert not [q for q in kept if "integrity_commitment" in q["sql"]]


def test_coverage_keeps_the_figures_but_shows_each_unit_as_it_is_now(persona_client, party_office):
    """The figures are kept (appraisal.records.records_kept); the unit's name and party
    branch are read with the page, so a branch renamed (a table no kind reads) shows at
    once, with the kept figures, in the same queries."""
    client = persona_client("party_office")
    unit = _unit_with_people("K1", party_office, signed=1)
    first = _coverage_cells(client, unit)
    branch = unit.party_branch
    branch.name = "改名后的党支部"
    branch.save()
    with CaptureQueriesContext(connection) as kept:
        second = _coverage_cells(client, unit)
    assert second[1] == "改名后的党支部"
    assert second[2:] == first[2:]
    assert not [q for q in kept if "integrity_commitment" in q["sql"]]


def test_coverage_shows_each_change_of_the_records_on_the_next_read(persona_client, party_office):
    from guardian.shortcuts import assign_perm

    from integrity.services.common import record_withdraw

    client = persona_client("party_office")
    unit = _unit_with_people("K1", party_office, signed=1)
    unsigned = unit.people.exclude(integrity_commitments__isnull=False).get()
    # members, signed, percent, to talk to, talked, percent, sessions, quarters
    figures = ["2", "1", _badge("50%"), "2", "0", _badge("0%"), "0", "0"]
    assert _coverage_cells(client, unit)[3:11] == figures
    signed = commitment(unsigned, unit, party_office, signed_on=today())
    assert _coverage_cells(client, unit)[3:6] == ["2", "2", "100%"]
    talk(unsigned, unit, party_office, talked_on=today(), talker=unit.people.first())
    assert _coverage_cells(client, unit)[6:9] == ["2", "1", _badge("50%")]
    session(unit, party_office, held_on=today())
    assert _coverage_cells(client, unit)[9:11] == ["1", "1"]
    assign_perm("departments.apply_for_department", party_office, unit)  # a keeper of the unit
    record_withdraw(record=signed, by=party_office, reason="签署人记错")
    assert _coverage_cells(client, unit)[3:6] == ["2", "1", _badge("50%")]
    person_since(unit, SINCE)  # a new member on the roster
    assert _coverage_cells(client, unit)[3:6] == ["3", "1", _badge("33%")]


def _badge(text):
    return f'<span class="badge text-bg-warning">{text}</span>'


def test_evidence_panel_shows_a_new_commitment_on_the_next_read(
    client, party_office, applicant_a, department_a, member_a
):
    """The application's panel 本年度台账 reads the kept summaries: a commitment recorded
    after the panel was shown is counted the next time it is shown."""
    from appraisal.services.applications import application_start
    from tests.factories import open_campaign

    application = application_start(
        campaign=open_campaign(party_office), unit=department_a, by=applicant_a
    )
    client.force_login(applicant_a)
    url = reverse("appraisal:application_records", args=[application.pk])
    members = len(year_coverage([department_a], today().year)[department_a.pk].commitment_members)
    assert f"已签 0/{members} 人（0%）" in client.get(url).content.decode()
    commitment(member_a, department_a, applicant_a, signed_on=today())
    share = f"1/{members} 人（{100 // members}%）"
    assert f"已签 {share}" in client.get(url).content.decode()


# --- a unit's records page -----------------------------------------------------------------


def test_the_units_page_shows_its_records_and_gaps(
    persona_client, department_a, applicant_a, head_a, member_a
):
    unsigned = person_since(department_a, SINCE, name="赵未签")
    commitment(member_a, department_a, applicant_a, signed_on=today())
    wrong = talk(member_a, department_a, applicant_a, talked_on=today(), talker=head_a.person)
    wrong.withdrawn_at, wrong.withdrawn_by, wrong.withdrawal_reason = (
        timezone.now(),
        applicant_a,
        "对象记错",
    )
    wrong.save()
    session(department_a, applicant_a, held_on=today(), attendees=[member_a], topic="学习条例")
    response = persona_client("applicant_a").get(unit_url(department_a))
    content = response.content.decode()
    assert response.status_code == 200
    assert "已签 1/4 人" in content  # applicant, head, member, unsigned
    assert "赵未签" in content.split('id="unsigned"')[1].split("</p>")[0]
    assert "对象记错" in content
    assert "<del>" in content
    assert "学习条例" in content
    assert reverse("integrity:commitment_new", args=[department_a.pk]) in content
    assert unsigned.employee_number in content


def test_the_units_page_is_hidden_from_other_units(persona_client, department_a, applicant_b):
    assert persona_client("applicant_b").get(unit_url(department_a)).status_code == 404


def test_the_working_group_reads_without_the_keepers_buttons(
    persona_client, department_a, discipline_office
):
    response = persona_client("discipline_office").get(unit_url(department_a))
    assert response.status_code == 200
    assert reverse("integrity:commitment_new", args=[department_a.pk]) not in (
        response.content.decode()
    )


def test_a_year_not_yet_come_is_404(persona_client, department_a, applicant_a):
    url = unit_url(department_a, today().year + 1)
    assert persona_client("applicant_a").get(url).status_code == 404


def test_own_unit_leads_a_keeper_to_their_units_page(persona_client, department_a, applicant_a):
    response = persona_client("applicant_a").get(reverse("integrity:own_unit"))
    assert response.status_code == 302
    assert response["Location"] == unit_url(department_a)


def test_the_units_page_reads_the_same_queries_for_few_and_many_records(
    persona_client, department_a, applicant_a, head_a, member_a
):
    client = persona_client("applicant_a")
    url = unit_url(department_a)
    commitment(member_a, department_a, applicant_a, signed_on=today())
    talk(member_a, department_a, applicant_a, talked_on=today(), talker=head_a.person)
    session(department_a, applicant_a, held_on=today(), attendees=[member_a])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        person = person_since(department_a, SINCE)
        commitment(person, department_a, applicant_a, signed_on=today())
        talk(person, department_a, applicant_a, talked_on=today(), talker=head_a.person)
        session(department_a, applicant_a, held_on=today(), attendees=[member_a, person])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


# --- the forms -------------------------------------------------------------------------------


def test_the_contact_records_a_commitment_from_its_scan(
    persona_client, department_a, applicant_a, member_a, media_root
):
    client = persona_client("applicant_a")
    url = reverse("integrity:commitment_new", args=[department_a.pk])
    page = client.get(url).content.decode()
    assert member_a.name in page
    response = client.post(
        url,
        {"person": member_a.pk, "signed_on": today().isoformat(), "scan": pdf_upload()},
    )
    assert response.status_code == 302
    assert Commitment.objects.get().person == member_a
    scan = client.get(reverse("integrity:commitment_scan", args=[Commitment.objects.get().pk]))
    assert scan.status_code == 200
    assert scan["Content-Type"] == "application/pdf"


def test_a_wrong_scan_is_refused_on_the_form(
    persona_client, department_a, applicant_a, member_a, media_root
):
    response = persona_client("applicant_a").post(
        reverse("integrity:commitment_new", args=[department_a.pk]),
        {"person": member_a.pk, "signed_on": today().isoformat(), "scan": docx_named_pdf()},
    )
    assert response.status_code == 200
    assert "只能上传 PDF、JPG、PNG 文件" in response.content.decode()
    assert Commitment.objects.count() == 0


def test_the_contact_records_a_talk(persona_client, department_a, applicant_a, head_a, member_a):
    response = persona_client("applicant_a").post(
        reverse("integrity:talk_new", args=[department_a.pk]),
        {
            "talker": head_a.person.pk,
            "person": member_a.pk,
            "talked_on": today().isoformat(),
            "note": "提醒廉洁行医",
        },
    )
    assert response.status_code == 302
    assert Talk.objects.get().person == member_a


def test_an_attendee_of_another_department_is_refused_on_the_form(
    persona_client, department_a, applicant_a, member_a, member_b
):
    response = persona_client("applicant_a").post(
        reverse("integrity:session_new", args=[department_a.pk]),
        {
            "held_on": today().isoformat(),
            "topic": "学习",
            "attendees": [member_a.pk, member_b.pk],
            "minutes": "记录",
        },
    )
    assert response.status_code == 200
    assert "李护士" in response.content.decode()
    assert "不能列为参加人员" in response.content.decode()
    assert StudySession.objects.count() == 0


def test_the_same_session_form_sent_twice_records_once(
    persona_client, department_a, applicant_a, member_a
):
    client = persona_client("applicant_a")
    data = {
        "held_on": today().isoformat(),
        "topic": "学习",
        "attendees": [member_a.pk],
        "minutes": "记录",
        "submission_key": "0b8f8c1e-2d0a-4d55-9a57-2f7d3e1c9a10",
    }
    url = reverse("integrity:session_new", args=[department_a.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert StudySession.objects.count() == 1


def test_the_keeper_withdraws_a_record_with_a_reason(
    persona_client, department_a, applicant_a, member_a
):
    record = commitment(member_a, department_a, applicant_a, signed_on=today())
    response = persona_client("applicant_a").post(
        reverse("integrity:withdraw", args=["commitment", record.pk]), {"reason": "人员记错"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.withdrawal_reason == "人员记错"


def test_a_reader_who_does_not_keep_may_not_withdraw(
    persona_client, department_a, applicant_a, member_a, party_office
):
    record = commitment(member_a, department_a, applicant_a, signed_on=today())
    response = persona_client("party_office").post(
        reverse("integrity:withdraw", args=["commitment", record.pk]), {"reason": "错"}
    )
    assert response.status_code == 403
    assert Commitment.objects.get().withdrawn_at is None


# --- one's own commitment ---------------------------------------------------------------------


def test_a_staff_member_confirms_their_commitment(persona_client, staff):
    client = persona_client("staff")
    page = client.get(reverse("integrity:mine")).content.decode()
    assert "签署本年度廉洁承诺书" in page
    assert client.post(reverse("integrity:mine_confirm"), {}).status_code == 302
    assert Commitment.objects.count() == 0  # not ticked
    assert client.post(reverse("integrity:mine_confirm"), {"agree": "on"}).status_code == 302
    assert Commitment.objects.get().person == staff.person
    assert "已于" in client.get(reverse("integrity:mine")).content.decode()


# --- home ------------------------------------------------------------------------------------


def test_home_tells_staff_to_sign_until_they_have(staff):
    items = own_commitment_items(staff)
    assert [item.label for item in items] == ["签署本年度廉洁承诺书"]
    assert items[0].due_on == datetime.date(today().year, 12, 31)
    commitment(staff.person, staff.person.department, staff, signed_on=today())
    assert own_commitment_items(staff) == []


def test_home_tells_the_keeper_what_the_unit_is_missing(department_a, applicant_a, member_a):
    items = {item.label: item for item in integrity_items_of_keeper(applicant_a)}
    assert items["心内科：本季度尚无科内学习"].due_on.month in (3, 6, 9, 12)
    assert items["心内科：尚未签署本年度廉洁承诺书的人员"].count == 2
    session(department_a, applicant_a, held_on=today(), attendees=[member_a])
    labels = [item.label for item in integrity_items_of_keeper(applicant_a)]
    assert "心内科：本季度尚无科内学习" not in labels


def test_home_has_nothing_for_who_keeps_no_unit(staff):
    assert integrity_items_of_keeper(staff) == []


def test_home_page_shows_the_integrity_items(persona_client, staff):
    content = persona_client("staff").get(reverse("home")).content.decode()
    assert "签署本年度廉洁承诺书" in content

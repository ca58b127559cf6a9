"""Chinese by default, English on request, and a catalogue with no gaps.

The English pages are rendered from the checked-in locale/en/LC_MESSAGES/django.po,
compiled once into a temporary folder (``.mo`` files are built by ``make setup``
and never committed), so these tests read exactly what translators wrote.
"""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from appraisal.services import applications as application_services
from core.errors import DomainError, StaleStateError
from core.i18n import join_items, join_sentences, month_day, month_day_time
from departments import services as department_services
from departments.models import RosterImport
from notifications.models import Notification
from tests.factories import (
    DEPARTMENT_HEADERS,
    PASSWORD,
    PEOPLE_HEADERS,
    PersonFactory,
    open_campaign,
    spreadsheet_upload,
)
from workcalendar.models import CalendarYear

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)")


# --- reading the .po file -------------------------------------------------------------------


def _unquote(line):
    text = line.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def read_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (a list), flags."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": [], "flags": set()}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field == "msgstr":
                    entry["msgstr"][-1] += _unquote(line)
                else:
                    entry[field] += _unquote(line)
            else:
                keyword, value = line.split(" ", 1)
                if keyword.startswith("msgstr"):
                    field = "msgstr"
                    entry["msgstr"].append(_unquote(value))
                else:
                    field = keyword
                    entry[field] = _unquote(value)
        entries.append(entry)
    return [entry for entry in entries if entry["msgid"]]  # the header has an empty msgid


def _label(entry):
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return context + entry["msgid"]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def english_catalogue(tmp_path_factory):
    """The checked-in English .po, compiled with msgfmt (gettext) into a temporary LOCALE_PATHS."""
    locale = tmp_path_factory.mktemp("locale")
    target = locale / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is missing: `make setup` installs it"
    subprocess.run(  # noqa: S603 - a fixed command on the project's own file
        [msgfmt, "--check", "-o", str(target / "django.mo"), str(PO_FILE)], check=True
    )
    return locale


@pytest.fixture
def english_available(settings, english_catalogue):
    settings.LOCALE_PATHS = [english_catalogue]


def _switch_to_english(client, next_url="/"):
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return response


# --- Chinese by default -------------------------------------------------------------------------


def test_page_without_language_preference_is_chinese(client, db, english_available):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert '<h1 class="h3 mb-3">登录</h1>' in page
    assert "连续输错 5 次密码，该账号在本机地址上将被锁定 30 分钟。" in page


def test_home_page_without_language_preference_is_chinese(persona_client, english_available):
    page = persona_client("party_office").get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "党办干事，您好" in page
    assert ">党办</div>" in page
    assert ">科室</a>" in page
    assert 'value="en" lang="en" class="btn btn-link btn-sm p-0">English</button>' in page


def test_browser_asking_for_english_still_gets_chinese(client, db, english_available):
    """Accept-Language is never followed: a hospital computer set up in English is common."""
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert '<h1 class="h3 mb-3">登录</h1>' in page
    assert response["Content-Language"] == "zh-hans"
    assert "Accept-Language" not in response.get("Vary", "")


def test_signed_in_user_who_chose_nothing_gets_chinese_from_an_english_browser(
    persona_client, english_available
):
    client = persona_client("party_office")
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "党办干事，您好" in page


# --- the switch ----------------------------------------------------------------------------------


def test_login_page_offers_the_language_switch_to_anonymous_visitors(db, client, english_available):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert (
        '<button type="submit" name="language" value="en" lang="en" '
        'class="btn btn-outline-light btn-sm">English</button>'
    ) in page


def test_switch_back_to_chinese_is_offered_in_english(db, client, english_available):
    login = reverse("accounts:login")
    _switch_to_english(client, login)
    page = client.get(login).content.decode()
    assert 'value="zh-hans" lang="zh-hans"' in page
    assert ">简体中文</button>" in page
    assert 'value="en"' not in page


def test_login_page_in_english_after_switching(db, client, english_available):
    login = reverse("accounts:login")
    _switch_to_english(client, login)
    page = client.get(login).content.decode()
    assert '<html lang="en">' in page
    assert '<h1 class="h3 mb-3">Log in</h1>' in page
    assert "Clean Department Evaluation System" in page
    assert (
        "After 5 wrong passwords in a row, the account is locked for 30 minutes at this address."
        in page
    )
    assert "登录" not in page


def test_switching_back_to_chinese_restores_chinese(db, client, english_available):
    login = reverse("accounts:login")
    _switch_to_english(client, login)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": login})
    page = client.get(login).content.decode()
    assert '<html lang="zh-hans">' in page
    assert '<h1 class="h3 mb-3">登录</h1>' in page


def test_choice_made_signed_in_is_remembered_for_the_user_in_another_browser(
    persona_client, english_available, party_office
):
    _switch_to_english(persona_client("party_office"))
    party_office.refresh_from_db()
    assert party_office.language == "en"

    other_browser = Client()  # no cookie, a new session, a browser asking for Chinese
    other_browser.force_login(party_office)
    page = other_browser.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in page
    assert "Hello, 党办干事" in page


def test_stored_choice_wins_over_the_browser_cookie(
    persona_client, english_available, party_office
):
    client = persona_client("party_office")
    _switch_to_english(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_choice_on_the_sign_in_page_becomes_the_users_at_sign_in(
    client, english_available, party_office
):
    login = reverse("accounts:login")
    _switch_to_english(client, login)
    response = client.post(login, {"username": party_office.username, "password": PASSWORD})
    assert response.status_code == 302
    party_office.refresh_from_db()
    assert party_office.language == "en"
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_sign_in_without_a_choice_keeps_the_users_language(client, english_available, party_office):
    party_office.language = "en"
    party_office.save(update_fields=["language"])
    response = client.post(
        reverse("accounts:login"), {"username": party_office.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    party_office.refresh_from_db()
    assert party_office.language == "en"
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_choice_before_sign_in_does_not_pass_to_the_next_person_after_sign_out(
    client, english_available, party_office, staff
):
    login = reverse("accounts:login")
    _switch_to_english(client, login)
    client.post(login, {"username": party_office.username, "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    client.post(login, {"username": staff.username, "password": PASSWORD})
    staff.refresh_from_db()
    assert staff.language == ""
    assert '<html lang="zh-hans">' in client.get(reverse("home")).content.decode()


def test_home_page_and_navigation_in_english_after_switching(persona_client, english_available):
    client = persona_client("party_office")
    _switch_to_english(client)
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Hello, 党办干事" in page
    assert '<div class="card-header fw-semibold">Party office</div>' in page
    for item in ("Campaigns</a>", "Departments and clean teams</a>", "Staff on the roster</a>"):
        assert item in page
    for link in (
        f'href="{reverse("appraisal:campaigns")}">Campaigns</a>',
        f'href="{reverse("departments:list")}">Departments</a>',
        f'href="{reverse("departments:people")}">People</a>',
        f'href="{reverse("workcalendar:list")}">Work calendar</a>',
        f'href="{reverse("accounts:password_change")}">Change password</a>',
    ):
        assert link in page
    assert ">Notifications\n" in page
    assert 'type="submit">Log out</button>' in page


def test_department_list_in_english(persona_client, english_available, department_a):
    client = persona_client("party_office")
    _switch_to_english(client)
    page = client.get(reverse("departments:list")).content.decode()
    assert "<title>Departments · Clean Department Evaluation</title>" in page
    assert '<h1 class="h3 mb-0">Departments and clean teams</h1>' in page
    # Each header is a sort link: its text, before the hidden words about sorting.
    headers = re.findall(r'<th [^>]*scope="col"[^>]*>\s*<a [^>]*>([^<]*)<', page)
    assert headers == [
        "Code",
        "Name",
        "Category",
        "Party branch",
        "Head",
        "Staff",
        "Party members",
        "Active",
    ]
    assert '<option value="" selected>All categories</option>' in page
    assert '<option value="clinical">Clinical</option>' in page
    assert '<option value="" selected>All party branches</option>' in page
    assert ">Include inactive</label>" in page
    assert re.search(r"<td[^>]*>Clinical</td>", page)


def test_form_labels_in_english(persona_client, english_available):
    client = persona_client("party_office")
    _switch_to_english(client)
    page = client.get(reverse("appraisal:campaign_create")).content.decode()
    labels = re.findall(r'<label class="form(?:-check)?-label" for="id_\w+">([^<]+)', page)
    assert [label.strip() for label in labels] == [
        "Year",
        "Name",
        "Document number",
        "Applications open",
        "Applications close",
        "Quota",
        "Publicity period (working days)",
        "Minimum statement length (characters)",
        "Maximum statement length (characters)",
        "Party branch opinion required",
        "Departments may apply",
        "Clean teams may apply",
        "Reviewers per application",
        "Reviewers skip their own party branch",
        "Drop the highest and the lowest score",
        "Review deadline",
        "Review period (working days)",
        "Reminder before the deadline (working days)",
        "Veto look-back from",
        "Yearly grade required to apply",
    ]
    assert (
        '<div class="form-text" id="id_document_number_helptext">For example: 〔2026〕49号</div>'
        in page
    )
    assert "All times are Beijing time." in page


def test_domain_error_reaches_an_english_session_in_english(
    persona_client, english_available, admin_user
):
    CalendarYear.objects.create(year=2031)
    client = persona_client("admin_user")
    _switch_to_english(client)
    response = client.post(reverse("workcalendar:create"), {"year": 2031}, follow=True)
    page = response.content.decode()
    assert '<div class="alert alert-danger" role="alert">' in page
    assert "The work calendar for 2031 already exists." in page
    assert "2031 年的工作日历已存在" not in page


def test_domain_error_stays_chinese_by_default(persona_client, english_available, admin_user):
    CalendarYear.objects.create(year=2031)
    response = persona_client("admin_user").post(
        reverse("workcalendar:create"), {"year": 2031}, follow=True
    )
    assert "2031 年的工作日历已存在。" in response.content.decode()


@pytest.fixture
def bare_application(party_office, applicant_a, department_a):
    """A draft application with no statement and no confirmation by the head."""
    campaign = open_campaign(party_office)
    return application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )


def test_refusal_listing_several_sentences_reads_as_english_sentences(
    persona_client, english_available, bare_application
):
    client = persona_client("applicant_a")
    _switch_to_english(client)
    response = client.post(
        reverse("appraisal:application_submit", args=[bare_application.pk]), follow=True
    )
    assert (
        "Cannot be submitted yet: The statement has 0 characters; it must have between 600 "
        "and 1000. The department head has not confirmed the current content yet"
    ) in response.content.decode()


def test_refusal_listing_several_sentences_is_unchanged_in_chinese(
    english_available, bare_application, applicant_a
):
    with pytest.raises(DomainError) as refusal:
        application_services.application_submit(application=bare_application, by=applicant_a)
    assert refusal.value.message == (
        "暂不能提交：申报材料现为 0 字，应在 600 至 1000 字之间。"
        "科室负责人尚未确认当前内容（负责人须用本人账号确认；确认后如有修改需重新确认）。"
    )


def test_notification_is_written_in_the_site_language_whoever_acts(
    english_available, bare_application, head_a, applicant_a
):
    with translation.override("en"):
        application_services.head_confirm(application=bare_application, by=head_a)
    notification = Notification.objects.get(recipient=applicant_a)
    assert notification.subject == "心内科申报已经科室负责人确认"
    assert notification.body == "负责人已确认申报内容，可以提交。此后如再修改，需负责人重新确认。"


def test_stale_state_error_names_the_state_in_the_request_language(english_available):
    with translation.override("en"):
        error = StaleStateError(current=translation.gettext("已提交"))
    assert error.message == (
        "This record is now “Submitted”: someone else has handled it. "
        "Reload the page before trying again."
    )
    assert StaleStateError(current="已提交").message == (
        "该记录当前状态为“已提交”，已被他人处理，请刷新页面后再操作。"
    )


# --- roster files: Chinese data, messages in the page's language -----------------------------


def _upload_people_with_unknown_department(client):
    rows = [["E001", "张三", "X99", "2020-03-01", "否", "是"]]
    return client.post(
        reverse("departments:import"),
        {"roster": "people", "file": spreadsheet_upload(PEOPLE_HEADERS, rows)},
        follow=True,
    ).content.decode()


def test_import_error_reaches_an_english_session_in_english(
    persona_client, english_available, media_root, department_a
):
    client = persona_client("party_office")
    chinese = _upload_people_with_unknown_department(client)
    assert "发现 1 处错误，未导入任何数据。" in chinese
    assert "<li>第 2 行「科室编码」：科室编码“X99”不存在</li>" in chinese

    _switch_to_english(client, reverse("departments:import"))
    english = _upload_people_with_unknown_department(client)
    assert "Found 1 error; nothing was imported." in english
    assert "<li>Row 2, column 「科室编码」: department code “X99” does not exist</li>" in english
    assert "不存在" not in english


def test_import_previewed_in_english_can_be_confirmed_in_chinese(
    english_available, media_root, party_office, department_a
):
    """The preview's notes are in English, the file's values Chinese; the fingerprint is neither."""
    PersonFactory(employee_number="H001", name="钱主任", department=department_a)
    rows = [["N01", "神经内科", "临床", "", "神经党支部", "H001", "是", "新科室"]]
    with translation.override("en"):
        roster_import = department_services.roster_import_upload(
            roster="departments",
            uploaded_file=spreadsheet_upload([*DEPARTMENT_HEADERS, "备注"], rows),
            by=party_office,
        )
    assert roster_import.preview["notes"] == [
        "These columns are not imported and were ignored: 备注",
        "New party branches: 神经党支部",
    ]
    assert roster_import.preview["rows"][0]["values"] == [
        "N01",
        "神经内科",
        "临床",
        "",
        "神经党支部",
        "钱主任（H001）",
        "是",
    ]
    confirmed = department_services.roster_import_confirm(
        roster_import=roster_import, by=party_office
    )
    assert confirmed.state == RosterImport.State.IMPORTED


def test_roster_export_stays_chinese_in_an_english_session(
    persona_client, english_available, department_a
):
    client = persona_client("party_office")
    _switch_to_english(client, reverse("departments:list"))
    response = client.get(reverse("departments:export", args=["departments", "csv"]))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E7%A7%91%E5%AE%A4%E5%90%8D%E5%86%8C-"
        + f"{timezone.localdate():%Y%m%d}.csv"
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert (
        lines[0]
        == "科室编码,科室名称,类别,所属科室编码,党支部,负责人工号,负责人姓名,在用,科室联络员工号"
    )
    assert "A01,心内科,临床,,内科党支部,,,是," in lines


# --- dates and the pieces of a sentence ----------------------------------------------------


def test_dates_on_pages_follow_the_language(persona_client, english_available, department_a):
    PersonFactory(department=department_a, joined_department_on=datetime.date(2026, 9, 18))
    client = persona_client("party_office")
    url = reverse("departments:people")
    assert re.search(r"<td[^>]*>2026年9月18日</td>", client.get(url).content.decode())
    _switch_to_english(client)
    assert re.search(r"<td[^>]*>Sept. 18, 2026</td>", client.get(url).content.decode())


def test_typography_helpers_keep_chinese_and_give_english_its_own(english_available):
    moment = datetime.datetime(2026, 9, 30, 9, 5, tzinfo=datetime.UTC)  # 17:05 in Shanghai
    chinese = (
        month_day(datetime.date(2026, 9, 18)),
        month_day_time(moment),
        join_items(["PDF", "JPG"]),
        join_sentences(["甲。", "乙。", "丙。"]),
    )
    assert chinese == ("9月18日", "9月30日17:05", "PDF、JPG", "甲。乙。丙。")
    with translation.override("en"):
        english = (
            month_day(datetime.date(2026, 9, 18)),
            month_day_time(moment),
            join_items(["PDF", "JPG"]),
            join_sentences(["One.", "Two.", "Three."]),
        )
    assert english == ("September 18", "September 30, 17:05", "PDF, JPG", "One. Two. Three.")


# --- the catalogue ---------------------------------------------------------------------------


def test_po_file_has_no_untranslated_or_fuzzy_entry():
    entries = read_po(PO_FILE)
    assert len(entries) > 400
    gaps = [
        _label(entry)
        for entry in entries
        if "fuzzy" in entry["flags"] or not all(text.strip() for text in entry["msgstr"])
    ]
    assert gaps == [], "untranslated or fuzzy in locale/en/LC_MESSAGES/django.po"


def test_po_file_translations_keep_their_placeholders():
    changed = [
        _label(entry)
        for entry in read_po(PO_FILE)
        for text in entry["msgstr"]
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(entry["msgid"]))
    ]
    assert changed == []


def test_po_file_lists_every_string_marked_in_the_code(tmp_path, monkeypatch, settings):
    """makemessages run on a copy of the project finds nothing the checked-in .po lacks.

    When this fails, run the command of the README (makemessages -l en …) and
    translate the new entries.
    """
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", "tests", ".git", "__pycache__", "*.mo", ".ruff_cache", "test-results"
        ),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=[".venv", "var", "tests"],
        no_obsolete=True,
        verbosity=0,
    )
    extracted = {
        (entry["msgctxt"], entry["msgid"])
        for entry in read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    }
    checked_in = {(entry["msgctxt"], entry["msgid"]) for entry in read_po(PO_FILE)}
    assert sorted(extracted - checked_in, key=str) == []

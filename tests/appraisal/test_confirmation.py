"""The party committee's confirmation (党委确认): every refusal with its message, the
commendation with its titles, events, documents and notifications, and its pages."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from appraisal.enums import ApplicationState, CampaignState, TitleStatus
from appraisal.models import Application, ApplicationEvent, Campaign, CampaignEvent, Title
from core.errors import DomainError
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from notifications.models import Notification
from publicity.models import Objection, Publicity
from publicity.services.board import BOARD_CACHE_KEY
from publicity.services.confirmation import campaign_confirm
from tests.conftest import needs_postgresql
from tests.factories import (
    DepartmentFactory,
    UserFactory,
    applicant_of,
    confirmable_campaign,
    confirmed_campaign,
    decided_campaign,
    head_of,
    publicity_of,
)

pytestmark = pytest.mark.django_db

MEETING = "院党委会2026年第12次会议"


def _cn(day):
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def units(department_a, department_b):
    """B01 and A01, passed out of code order: titles are numbered in code order."""
    return [department_b, department_a]


@pytest.fixture
def ready(party_office, units):
    campaign, applications, publicity = confirmable_campaign(party_office, units)
    return campaign, {a.unit.code: a for a in applications}, publicity


def _confirm(campaign, by, *, confirmed_on=None, reference=MEETING):
    return campaign_confirm(
        campaign=campaign,
        by=by,
        confirmed_on=confirmed_on or timezone.localdate(),
        reference=reference,
    )


def _refusal(campaign, by, **kwargs):
    with pytest.raises(DomainError) as refused:
        _confirm(campaign, by, **kwargs)
    return refused.value.message


def _objection(publicity, application, *, n, state="submitted"):
    objector = UserFactory(username=f"objector{n}", name=f"异议人{n}")
    objection = Objection.objects.create(
        publicity=publicity,
        application=application,
        objector=objector,
        receipt_number=f"YY-{n:04d}",
        content="该科室有违规收费情况。",
    )
    Objection.objects.filter(pk=objection.pk).update(state=state)
    return objection


# --- refusals -------------------------------------------------------------------------------


def test_confirm_refused_to_the_party_office(ready, party_office):
    campaign, _apps, _publicity = ready
    assert _refusal(campaign, party_office) == "只有院党委可以确认名单。"


def test_confirm_refused_before_the_publicity(party_office, party_committee, units):
    campaign, _apps = decided_campaign(party_office, units)
    assert _refusal(campaign, party_committee) == (
        f"“{campaign.title}”当前为“名单已审定”，公示结束后才能由党委确认名单。"
    )


def test_confirm_refused_while_the_publicity_is_open(party_office, party_committee, units):
    campaign, _apps = decided_campaign(party_office, units)
    publicity = publicity_of(campaign, party_office)
    assert _refusal(campaign, party_committee) == (
        f"公示尚未结束：公示期至{_cn(publicity.last_day)} 24:00，期满且异议全部办结后才能确认。"
    )
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.PUBLICITY


def test_confirm_refused_while_objections_are_unsettled(party_office, party_committee, units):
    campaign, applications, publicity = confirmable_campaign(
        party_office, units, state="closed_pending"
    )
    _objection(publicity, applications[0], n=1)
    _objection(publicity, applications[1], n=2, state="taken_up")
    _objection(publicity, applications[1], n=3, state="dismissed")
    assert _refusal(campaign, party_committee) == (
        "公示期已满，但尚有 2 件异议未办结。纪检监察室全部办结后才能确认。"
    )


def test_confirm_refused_twice(party_office, party_committee, units):
    campaign, _apps = confirmed_campaign(party_office, party_committee, units)
    assert _refusal(campaign, party_committee) == (
        f"“{campaign.title}”的名单已于{_cn(campaign.confirmed_on)}经党委确认，不能再次确认。"
    )


def test_confirm_refused_without_a_date(ready, party_committee):
    campaign, _apps, _publicity = ready
    with pytest.raises(DomainError) as refused:
        campaign_confirm(
            campaign=campaign, by=party_committee, confirmed_on=None, reference=MEETING
        )
    assert refused.value.message == "请填写党委确认日期（党委会召开的日期）。"


def test_confirm_refused_with_a_date_in_the_future(ready, party_committee):
    campaign, _apps, _publicity = ready
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert _refusal(campaign, party_committee, confirmed_on=tomorrow) == (
        f"党委确认日期不能晚于今天（{_cn(today)}）。"
    )


def test_confirm_refused_before_the_publicitys_last_day(ready, party_committee):
    campaign, _apps, publicity = ready
    day_before = publicity.last_day - datetime.timedelta(days=1)
    assert _refusal(campaign, party_committee, confirmed_on=day_before) == (
        f"党委确认日期不能早于公示截止日期（{_cn(publicity.last_day)}）。"
    )


def test_confirm_on_the_publicitys_last_day_is_accepted(ready, party_committee):
    campaign, _apps, publicity = ready
    campaign = _confirm(campaign, party_committee, confirmed_on=publicity.last_day)
    assert campaign.confirmed_on == publicity.last_day


def test_confirm_refused_without_the_meeting(ready, party_committee):
    campaign, _apps, _publicity = ready
    assert _refusal(campaign, party_committee, reference="  ") == (
        "请填写确认名单的会议，例如：院党委会2026年第12次会议。"
    )


def test_confirm_refused_when_every_department_was_removed(ready, party_committee):
    campaign, _apps, _publicity = ready
    Application.objects.filter(campaign=campaign).update(state=ApplicationState.REMOVED)
    assert _refusal(campaign, party_committee) == (
        "名单上已没有审定通过的科室（均因异议成立撤出名单），没有可以表扬的科室。"
    )


def test_refused_confirmation_changes_nothing(ready, party_committee):
    campaign, _apps, _publicity = ready
    _refusal(campaign, party_committee, reference="")
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.PUBLICITY
    assert campaign.confirmed_on is None
    assert not Title.objects.exists()
    assert not OfficialDocument.objects.exclude(kind=DocumentKind.APPLICATION_FORM).exists()


# --- the commendation -----------------------------------------------------------------------


def test_confirm_closes_the_campaign_with_the_meeting(ready, party_committee):
    campaign, _apps, publicity = ready
    confirmed_on = publicity.last_day + datetime.timedelta(days=1)
    campaign = _confirm(campaign, party_committee, confirmed_on=confirmed_on)
    campaign.refresh_from_db()
    year = campaign.year
    assert campaign.state == CampaignState.CLOSED
    assert campaign.confirmed_on == confirmed_on
    assert campaign.confirmation_reference == MEETING
    assert campaign.confirmed_by == party_committee
    assert campaign.commendation_number == f"院党〔{year}〕1号"
    event = CampaignEvent.objects.get(subject=campaign, transition="confirm")
    assert (event.actor, event.from_state, event.to_state) == (
        party_committee,
        CampaignState.PUBLICITY,
        CampaignState.CLOSED,
    )
    assert event.reason == (
        f"{MEETING}确认名单，表扬 2 个：心内科、骨科；表扬通报 院党〔{year}〕1号"
    )


def test_confirm_commends_each_listed_application(ready, party_committee, party_office):
    campaign, _apps, _publicity = ready
    removed = Application.objects.create(
        campaign=campaign,
        unit=DepartmentFactory(code="C09", name="眼科"),
        created_by=party_office,
    )
    Application.objects.filter(pk=removed.pk).update(state=ApplicationState.REMOVED)
    _confirm(campaign, party_committee)
    states = dict(Application.objects.filter(campaign=campaign).values_list("unit__code", "state"))
    assert states == {
        "A01": ApplicationState.COMMENDED,
        "B01": ApplicationState.COMMENDED,
        "C09": ApplicationState.REMOVED,
    }
    events = ApplicationEvent.objects.filter(transition="commend").order_by("subject__unit__code")
    assert [(e.subject.unit.code, e.actor, e.from_state, e.to_state, e.reason) for e in events] == [
        ("A01", party_committee, "approved", "commended", MEETING),
        ("B01", party_committee, "approved", "commended", MEETING),
    ]


def test_confirm_awards_titles_numbered_in_unit_code_order(ready, party_committee):
    campaign, apps, _publicity = ready
    today = timezone.localdate()
    _confirm(campaign, party_committee, confirmed_on=today)
    year = campaign.year
    titles = list(Title.objects.order_by("certificate_number"))
    assert [
        (t.unit.code, t.application_id, t.year, t.awarded_on, t.certificate_number, t.status)
        for t in titles
    ] == [
        ("A01", apps["A01"].pk, year, today, f"QL{year}-001", TitleStatus.HELD),
        ("B01", apps["B01"].pk, year, today, f"QL{year}-002", TitleStatus.HELD),
    ]
    for title in titles:
        [event] = title.events.all()
        assert (event.transition, event.actor, event.to_state, event.reason) == (
            "award",
            party_committee,
            TitleStatus.HELD,
            MEETING,
        )
        assert title.history.first().history_user == party_committee


def test_certificate_numbers_continue_in_a_second_campaign_of_the_year(
    ready, party_office, party_committee
):
    campaign, _apps, _publicity = ready
    _confirm(campaign, party_committee)
    later = DepartmentFactory(code="D50", name="儿科")
    second, _apps, _publicity = confirmable_campaign(party_office, [later], title="第二批")
    _confirm(second, party_committee)
    year = campaign.year
    assert Title.objects.get(campaign=second).certificate_number == f"QL{year}-003"
    assert second.__class__.objects.get(pk=second.pk).commendation_number == f"院党〔{year}〕2号"


def test_confirm_requests_the_commendation_and_the_certificates(ready, party_committee):
    campaign, _apps, _publicity = ready
    _confirm(campaign, party_committee)
    titles = list(Title.objects.order_by("unit__code"))
    documents = {
        d.key: (d.kind, d.campaign_id, d.title_id, d.state)
        for d in OfficialDocument.objects.exclude(kind=DocumentKind.APPLICATION_FORM)
    }
    assert documents == {
        f"commendation:{campaign.pk}": (DocumentKind.COMMENDATION, campaign.pk, None, "pending"),
        f"certificates:{campaign.pk}": (DocumentKind.CERTIFICATES, campaign.pk, None, "pending"),
        **{
            f"certificate:{t.pk}": (DocumentKind.CERTIFICATE, campaign.pk, t.pk, "pending")
            for t in titles
        },
    }


def test_confirm_clears_the_board_cache(ready, party_committee, django_capture_on_commit_callbacks):
    campaign, _apps, _publicity = ready
    cache.set(BOARD_CACHE_KEY, "old board")
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(campaign, party_committee)
    assert cache.get(BOARD_CACHE_KEY) is None


def test_confirm_notifies_the_units_the_party_office_and_the_leading_group(
    ready, party_committee, party_office, leading_group, staff
):
    campaign, apps, _publicity = ready
    Notification.objects.all().delete()  # those of the application steps
    _confirm(campaign, party_committee, confirmed_on=timezone.localdate())
    year = campaign.year
    by_subject = {}
    for n in Notification.objects.select_related("recipient"):
        by_subject.setdefault(n.subject, set()).add(n.recipient.username)
    assert by_subject == {
        f"心内科获评{year}年度清廉科室": {
            applicant_of(apps["A01"].unit).username,
            head_of(apps["A01"].unit).username,
        },
        f"骨科获评{year}年度清廉科室": {
            applicant_of(apps["B01"].unit).username,
            head_of(apps["B01"].unit).username,
        },
        f"院党委已确认“{campaign.title}”名单（2 个）": {"party_office", "leading_group"},
    }
    unit_notice = Notification.objects.get(
        subject=f"心内科获评{year}年度清廉科室", recipient__username="applicant_a01"
    )
    assert unit_notice.body == (
        f"院党委于{_cn(timezone.localdate())}（{MEETING}）确认名单，心内科予以通报表扬"
        f"（院党〔{year}〕1号），授予清廉科室称号。"
    )
    assert unit_notice.url == reverse("appraisal:application", args=[apps["A01"].pk])


# --- the pages -------------------------------------------------------------------------------


def test_confirm_page_shows_the_final_list_without_objectors(ready, persona_client, party_office):
    campaign, apps, publicity = ready
    objection = _objection(publicity, apps["B01"], n=7, state="upheld")
    Application.objects.filter(pk=apps["B01"].pk).update(state=ApplicationState.REMOVED)
    response = persona_client("party_committee").get(
        reverse("confirmation:confirm", args=[campaign.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "心内科" in page
    assert "骨科：异议成立，撤出名单" in page
    assert objection.objector.name not in page
    assert objection.content not in page
    assert "公示结束" in page
    assert 'name="confirmed_on"' in page
    assert 'name="reference"' in page


def test_confirm_page_posts_the_confirmation(ready, persona_client):
    campaign, _apps, publicity = ready
    response = persona_client("party_committee").post(
        reverse("confirmation:confirm", args=[campaign.pk]),
        {"confirmed_on": publicity.last_day.isoformat(), "reference": MEETING},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisal:campaign", args=[campaign.pk])
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.CLOSED


def test_confirm_page_shows_a_refusal_in_the_form(ready, persona_client):
    campaign, _apps, publicity = ready
    day_before = publicity.last_day - datetime.timedelta(days=1)
    response = persona_client("party_committee").post(
        reverse("confirmation:confirm", args=[campaign.pk]),
        {"confirmed_on": day_before.isoformat(), "reference": MEETING},
    )
    assert response.status_code == 200
    assert (
        f"党委确认日期不能早于公示截止日期（{_cn(publicity.last_day)}）。"
        in response.content.decode()
    )
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.PUBLICITY


def test_confirm_page_says_until_when_the_publicity_runs(party_office, persona_client, units):
    campaign, _apps = decided_campaign(party_office, units)
    publicity = publicity_of(campaign, party_office)
    page = (
        persona_client("party_committee")
        .get(reverse("confirmation:confirm", args=[campaign.pk]))
        .content.decode()
    )
    assert f"公示期至{_cn(publicity.last_day)} 24:00" in page
    assert 'name="confirmed_on"' not in page


def test_confirm_page_is_read_only_for_the_party_office(ready, persona_client):
    campaign, _apps, _publicity = ready
    client = persona_client("party_office")
    page = client.get(reverse("confirmation:confirm", args=[campaign.pk])).content.decode()
    assert "心内科" in page
    assert 'name="confirmed_on"' not in page
    response = client.post(
        reverse("confirmation:confirm", args=[campaign.pk]),
        {"confirmed_on": timezone.localdate().isoformat(), "reference": MEETING},
    )
    assert response.status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.PUBLICITY


def test_campaign_page_links_the_confirmation_during_publicity(ready, persona_client):
    campaign, _apps, _publicity = ready
    page = (
        persona_client("party_committee")
        .get(reverse("appraisal:campaign", args=[campaign.pk]))
        .content.decode()
    )
    assert f'href="{reverse("confirmation:confirm", args=[campaign.pk])}"' in page
    assert "党委确认名单" in page


def test_campaign_page_shows_the_confirmation_and_the_titles(
    party_office, party_committee, persona_client, units
):
    campaign, _apps = confirmed_campaign(party_office, party_committee, units)
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:campaign", args=[campaign.pk]))
        .content.decode()
    )
    year = campaign.year
    assert _cn(campaign.confirmed_on) in page
    assert MEETING in page
    assert f"院党〔{year}〕1号" in page
    assert f"QL{year}-001" in page
    assert f"QL{year}-002" in page
    assert f'href="{reverse("appraisal:bonus_list", args=[campaign.pk])}"' in page


def test_campaign_page_shows_the_commendation_notice_while_it_is_generated(
    party_office, party_committee, persona_client, units
):
    campaign, _apps = confirmed_campaign(party_office, party_committee, units)
    document = OfficialDocument.objects.get(kind=DocumentKind.COMMENDATION, campaign=campaign)
    page = (
        persona_client("party_committee")
        .get(reverse("appraisal:campaign", args=[campaign.pk]))
        .content.decode()
    )
    assert "表扬通报正在生成…" in page
    assert f'hx-get="{reverse("documents:document_status", args=[document.pk])}"' in page


def test_campaign_page_links_the_commendation_notice_once_rendered(
    party_office, party_committee, persona_client, units, media_root
):
    from documents.rendering import document_render

    campaign, _apps = confirmed_campaign(party_office, party_committee, units)
    document = OfficialDocument.objects.get(kind=DocumentKind.COMMENDATION, campaign=campaign)
    document_render(pk=document.pk, revision=document.revision)
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:campaign", args=[campaign.pk]))
        .content.decode()
    )
    assert (
        f'href="{reverse("documents:document", args=[document.pk])}" download>下载表扬通报</a>'
        in page
    )


def test_campaign_page_has_no_commendation_notice_before_the_confirmation(ready, persona_client):
    campaign, _apps, _publicity = ready
    page = (
        persona_client("party_committee")
        .get(reverse("appraisal:campaign", args=[campaign.pk]))
        .content.decode()
    )
    assert "commendation-document" not in page


def test_home_lists_campaigns_awaiting_the_party_committee(ready, persona_client, party_office):
    campaign, _apps, publicity = ready
    other, _ = decided_campaign(party_office, [DepartmentFactory(code="E01")], title="公示中批次")
    publicity_of(other, party_office)
    page = persona_client("party_committee").get(reverse("home")).content.decode()
    assert f"待党委确认：{campaign.title}" in page
    assert f'href="{reverse("confirmation:confirm", args=[campaign.pk])}"' in page
    assert f"公示已于{_cn(publicity.last_day)}结束，异议均已办结" in page
    assert "待党委确认：公示中批次" not in page


def test_publicity_state_closed_is_required_not_the_date(ready, party_committee):
    """The state decides, not the clock: a publicity past its end but not yet swept is refused."""
    campaign, _apps, publicity = ready
    Publicity.objects.filter(pk=publicity.pk).update(state="open")
    assert _refusal(campaign, party_committee).startswith("公示尚未结束")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("staff", 403),
        ("applicant_a", 403),
        ("leading_group", 403),
        ("discipline_office", 403),
        ("party_office", 403),
        ("admin_user", 403),
    ],
)
def test_confirm_post_is_for_the_party_committee_only(ready, persona_client, persona, status):
    campaign, _apps, publicity = ready
    response = persona_client(persona).post(
        reverse("confirmation:confirm", args=[campaign.pk]),
        {"confirmed_on": publicity.last_day.isoformat(), "reference": MEETING},
    )
    assert response.status_code == status
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.PUBLICITY


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_concurrent_confirmations_commend_once(party_office, party_committee, units):
    campaign, _apps, publicity = confirmable_campaign(party_office, units)
    second_member = UserFactory(username="committee_two", roles=[Role.PARTY_COMMITTEE])
    outcomes = []
    barrier = threading.Barrier(2)

    def confirm(by):
        barrier.wait()
        try:
            _confirm(campaign, by, confirmed_on=publicity.last_day)
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=confirm, args=(u,)) for u in (party_committee, second_member)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Title.objects.filter(campaign=campaign).count() == 2
    assert CampaignEvent.objects.filter(subject=campaign, transition="confirm").count() == 1
    assert Campaign.objects.get(pk=campaign.pk).commendation_number.endswith("〕1号")


# --- the page agrees with itself and proposes today -------------------------------------------


def _page(persona_client, campaign, persona="party_committee"):
    return persona_client(persona).get(reverse("confirmation:confirm", args=[campaign.pk]))


def test_confirm_page_proposes_today_in_shanghai_as_the_date(ready, persona_client):
    campaign, _apps, _publicity = ready
    response = _page(persona_client, campaign)
    today = timezone.localdate()
    assert response.context["form"]["confirmed_on"].value() == today
    assert f'name="confirmed_on" value="{today.isoformat()}"' in response.content.decode()


def test_confirm_page_heading_says_waiting_when_the_list_can_be_confirmed(ready, persona_client):
    campaign, _apps, _publicity = ready
    page = _page(persona_client, campaign).content.decode()
    assert '<span class="badge text-bg-primary" id="confirmation-status">待党委确认</span>' in page
    assert "公示中" not in page.split("</h1>")[0]
    assert "公示状态" in page


def test_confirm_page_heading_says_not_yet_while_the_publicity_runs(
    party_office, persona_client, units
):
    campaign, _apps = decided_campaign(party_office, units)
    publicity_of(campaign, party_office)
    page = _page(persona_client, campaign).content.decode()
    heading = page.split("</h1>")[0]
    assert 'id="confirmation-status">尚不能确认</span>' in heading
    assert "公示尚未结束" in page


def test_confirm_page_heading_says_confirmed_with_the_record(
    ready, party_committee, persona_client
):
    campaign, _apps, _publicity = ready
    _confirm(campaign, party_committee)
    page = _page(persona_client, campaign).content.decode()
    heading = page.split("</h1>")[0]
    assert 'id="confirmation-status">已确认</span>' in heading
    assert "待党委确认" not in page
    assert MEETING in page
    assert 'name="confirmed_on"' not in page

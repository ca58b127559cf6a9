"""The unit's year-round records as evidence of its application
(appraisal/services/records.py, docs/yearwork.md "Records as evidence"): attach,
refresh, detach, the refusals, and the snapshot that a later change of the records
does not touch."""

import pytest

from appraisal.documents import records_text
from appraisal.enums import ApplicationState
from appraisal.models import AttachedRecord, Criterion
from appraisal.records import record_kinds
from appraisal.services import applications as application_services
from appraisal.services import records as services
from appraisal.services import rubrics
from core.errors import DomainError
from tests.factories import STATEMENT, open_campaign

pytestmark = pytest.mark.django_db

COMMITMENTS = "integrity.commitments"
TALKS = "integrity.talks"


@pytest.fixture
def campaign(party_office):
    return open_campaign(party_office)


@pytest.fixture
def application(campaign, applicant_a, department_a):
    return application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )


def criterion_with(campaign, key):
    """The default rubric's first criterion offering ``key`` (fixtures/default_rubric.json)."""
    return next(
        c
        for c in Criterion.objects.filter(standard__rubric=campaign.rubric).order_by(
            "standard__order", "order"
        )
        if key in c.record_kinds
    )


def submit(application, applicant, head):
    application_services.application_save(
        application=application,
        by=applicant,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    application_services.head_confirm(application=application, by=head)
    return application_services.application_submit(application=application, by=applicant)


# --- attaching ---------------------------------------------------------------------------


def test_attach_keeps_the_summary_of_the_campaigns_year_as_it_is_now(
    fake_records, application, applicant_a, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人（100%）")
    criterion = criterion_with(campaign, COMMITMENTS)
    attached = services.records_attach(
        application=application, criterion=criterion, kind=COMMITMENTS, by=applicant_a
    )
    assert attached.year == campaign.year
    assert attached.attached_by == applicant_a
    assert attached.snapshot == {
        "kind": COMMITMENTS,
        "label": "廉洁承诺书",
        "text": "已签 42/42 人（100%）",
        "figures": {"year": campaign.year},
        "url": f"/records/{COMMITMENTS}/{department_a.pk}/",
        "items": [{"label": "廉洁承诺书记录", "date": f"{campaign.year}-03-01", "url": ""}],
    }
    # Only the kind asked for was summarised, for the campaign's year.
    assert fake_records.calls == [(COMMITMENTS, campaign.year)]


def test_attach_clears_the_heads_confirmation(
    fake_records, application, applicant_a, head_a, department_a, campaign
):
    application_services.head_confirm(application=application, by=head_a)
    fake_records.set(department_a, COMMITMENTS, "已签 10/10 人")
    services.records_attach(
        application=application,
        criterion=criterion_with(campaign, COMMITMENTS),
        kind=COMMITMENTS,
        by=applicant_a,
    )
    application.refresh_from_db()
    assert application.head_confirmed_at is None


def test_attaching_again_refreshes_as_a_new_row_and_marks_the_old_one_replaced(
    fake_records, application, applicant_a, department_a, campaign
):
    criterion = criterion_with(campaign, COMMITMENTS)
    fake_records.set(department_a, COMMITMENTS, "已签 40/42 人")
    first = services.records_attach(
        application=application, criterion=criterion, kind=COMMITMENTS, by=applicant_a
    )
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    second = services.records_attach(
        application=application,
        criterion=criterion,
        kind=COMMITMENTS,
        by=applicant_a,
        shown=first.pk,
    )
    first.refresh_from_db()
    assert first.detached_at is not None
    assert first.detached_by == applicant_a
    assert first.replaced_by == second
    assert first.snapshot["text"] == "已签 40/42 人"
    assert second.snapshot["text"] == "已签 42/42 人"
    live = AttachedRecord.objects.filter(application=application, detached_at__isnull=True)
    assert list(live) == [second]
    assert AttachedRecord.objects.count() == 2


def test_the_same_kind_may_evidence_two_criteria(
    fake_records, application, applicant_a, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    criteria = [
        c
        for c in Criterion.objects.filter(standard__rubric=campaign.rubric)
        if COMMITMENTS in c.record_kinds
    ]
    assert len(criteria) >= 2
    for criterion in criteria:
        services.records_attach(
            application=application, criterion=criterion, kind=COMMITMENTS, by=applicant_a
        )
    assert application.attached_records.filter(detached_at__isnull=True).count() == len(criteria)


# --- refusals ----------------------------------------------------------------------------


def test_attach_refused_for_a_kind_the_criterion_does_not_offer(
    fake_records, application, applicant_a, department_a, campaign
):
    fake_records.set(department_a, TALKS, "约谈 38/42 人")
    criterion = criterion_with(campaign, COMMITMENTS)
    assert TALKS not in criterion.record_kinds
    with pytest.raises(DomainError, match="不以“廉政约谈”台账作佐证"):
        services.records_attach(
            application=application, criterion=criterion, kind=TALKS, by=applicant_a
        )
    assert AttachedRecord.objects.count() == 0


def test_attach_refused_for_a_kind_no_app_registers(
    fake_records, application, applicant_a, campaign
):
    criterion = criterion_with(campaign, "supervision.ledger_items")
    with pytest.raises(DomainError, match="现未启用"):
        services.records_attach(
            application=application,
            criterion=criterion,
            kind="supervision.ledger_items",
            by=applicant_a,
        )


def test_attach_refused_when_the_unit_has_no_records_of_the_kind(
    fake_records, application, applicant_a, campaign
):
    with pytest.raises(DomainError, match="还没有廉洁承诺书台账"):
        services.records_attach(
            application=application,
            criterion=criterion_with(campaign, COMMITMENTS),
            kind=COMMITMENTS,
            by=applicant_a,
        )


def test_attach_refused_to_another_departments_applicant(
    fake_records, application, applicant_b, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    with pytest.raises(DomainError, match="您不是“心内科”的申报人"):
        services.records_attach(
            application=application,
            criterion=criterion_with(campaign, COMMITMENTS),
            kind=COMMITMENTS,
            by=applicant_b,
        )
    assert AttachedRecord.objects.count() == 0


def test_attach_refused_once_submitted(
    fake_records, application, applicant_a, head_a, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    submit(application, applicant_a, head_a)
    with pytest.raises(DomainError, match="不能修改"):
        services.records_attach(
            application=application,
            criterion=criterion_with(campaign, COMMITMENTS),
            kind=COMMITMENTS,
            by=applicant_a,
        )


def test_attach_refused_from_a_stale_page(
    fake_records, application, applicant_a, department_a, campaign
):
    """The page showed nothing attached, but a colleague attached meanwhile (or the
    button was clicked twice): nothing is done twice."""
    criterion = criterion_with(campaign, COMMITMENTS)
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    services.records_attach(
        application=application, criterion=criterion, kind=COMMITMENTS, by=applicant_a, shown=None
    )
    with pytest.raises(DomainError, match="页面已过期"):
        services.records_attach(
            application=application,
            criterion=criterion,
            kind=COMMITMENTS,
            by=applicant_a,
            shown=None,
        )
    assert AttachedRecord.objects.count() == 1


def test_attach_refused_for_a_criterion_of_another_rubric(
    fake_records, application, applicant_a, department_a, party_office
):
    other = open_campaign(party_office, title="另一批次")
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    with pytest.raises(DomainError, match="不属于本批次"):
        services.records_attach(
            application=application,
            criterion=criterion_with(other, COMMITMENTS),
            kind=COMMITMENTS,
            by=applicant_a,
        )


# --- detaching ---------------------------------------------------------------------------


def test_detach_marks_the_row_and_keeps_it(
    fake_records, application, applicant_a, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    attached = services.records_attach(
        application=application,
        criterion=criterion_with(campaign, COMMITMENTS),
        kind=COMMITMENTS,
        by=applicant_a,
    )
    services.records_detach(attached=attached, by=applicant_a, reason=" 附错了 ")
    attached.refresh_from_db()
    assert attached.detached_by == applicant_a
    assert attached.detached_at is not None
    assert attached.detach_reason == "附错了"
    assert attached.replaced_by is None
    assert AttachedRecord.objects.count() == 1


def test_detach_twice_is_refused_as_a_stale_page(
    fake_records, application, applicant_a, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    attached = services.records_attach(
        application=application,
        criterion=criterion_with(campaign, COMMITMENTS),
        kind=COMMITMENTS,
        by=applicant_a,
    )
    services.records_detach(attached=attached, by=applicant_a)
    with pytest.raises(DomainError, match="页面已过期"):
        services.records_detach(attached=attached, by=applicant_a)


def test_detach_refused_to_another_departments_applicant_and_once_submitted(
    fake_records, application, applicant_a, applicant_b, head_a, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    attached = services.records_attach(
        application=application,
        criterion=criterion_with(campaign, COMMITMENTS),
        kind=COMMITMENTS,
        by=applicant_a,
    )
    with pytest.raises(DomainError, match="您不是“心内科”的申报人"):
        services.records_detach(attached=attached, by=applicant_b)
    submit(application, applicant_a, head_a)
    with pytest.raises(DomainError, match="不能修改"):
        services.records_detach(attached=attached, by=applicant_a)
    attached.refresh_from_db()
    assert attached.detached_at is None


# --- what was submitted ------------------------------------------------------------------


def test_the_submitted_version_keeps_the_attached_snapshot_whatever_the_records_do_later(
    fake_records, application, applicant_a, head_a, department_a, campaign
):
    criterion = criterion_with(campaign, COMMITMENTS)
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人（100%）")
    attached = services.records_attach(
        application=application, criterion=criterion, kind=COMMITMENTS, by=applicant_a
    )
    application = submit(application, applicant_a, head_a)
    assert application.state == ApplicationState.SUBMITTED

    fake_records.set(department_a, COMMITMENTS, "已签 30/42 人（71%）")

    version = application.versions.get()
    assert version.records == [
        {
            "id": attached.pk,
            "criterion_id": criterion.pk,
            "kind": COMMITMENTS,
            "year": campaign.year,
            "attached_at": attached.attached_at.isoformat(),
            "snapshot": attached.snapshot,
        }
    ]
    assert version.records[0]["snapshot"]["text"] == "已签 42/42 人（100%）"
    attached.refresh_from_db()
    assert attached.text == "已签 42/42 人（100%）"
    assert records_text(application, version) == (
        f"1. {criterion.text}\n　　廉洁承诺书：已签 42/42 人（100%）"
    )


def test_a_detached_record_is_not_part_of_the_submitted_version(
    fake_records, application, applicant_a, head_a, department_a, campaign
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    attached = services.records_attach(
        application=application,
        criterion=criterion_with(campaign, COMMITMENTS),
        kind=COMMITMENTS,
        by=applicant_a,
    )
    services.records_detach(attached=attached, by=applicant_a)
    application = submit(application, applicant_a, head_a)
    assert application.versions.get().records == []
    assert records_text(application, application.versions.get()) == ""


def test_a_returned_application_may_refresh_its_records(
    fake_records, application, applicant_a, head_a, department_a, campaign, party_office
):
    criterion = criterion_with(campaign, COMMITMENTS)
    fake_records.set(department_a, COMMITMENTS, "已签 40/42 人")
    first = services.records_attach(
        application=application, criterion=criterion, kind=COMMITMENTS, by=applicant_a
    )
    submit(application, applicant_a, head_a)
    application_services.application_return(
        application=application, by=party_office, reason="承诺书未全员签订"
    )
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    second = services.records_attach(
        application=application,
        criterion=criterion,
        kind=COMMITMENTS,
        by=applicant_a,
        shown=first.pk,
    )
    application = submit(application, applicant_a, head_a)
    old, new = application.versions.order_by("number")
    assert [r["snapshot"]["text"] for r in old.records] == ["已签 40/42 人"]
    assert [r["snapshot"]["text"] for r in new.records] == ["已签 42/42 人"]
    assert new.records[0]["id"] == second.pk


# --- the rubric names the kinds ------------------------------------------------------------


def test_the_default_rubric_names_the_record_kinds_of_its_criteria(campaign):
    named = {
        c.text: c.record_kinds
        for c in Criterion.objects.filter(standard__rubric=campaign.rubric)
        if c.record_kinds
    }
    assert named["科室与全体人员签订廉洁承诺书"] == [COMMITMENTS]
    assert named["科主任每年至少对科内人员开展 1 次廉政约谈"] == [TALKS]
    assert named["开展廉政风险排查和防范化解"] == ["risks.risk_points", "risks.key_posts"]
    assert named["科内学习党纪党规、法律法规、行业作风要求每季不少于 1 次"] == [
        "integrity.study_sessions"
    ]
    assert named["开展清廉文化进科室活动，以清廉墙打造清廉文化阵地"] == [
        "reports.publicity_materials"
    ]
    assert "supervision.ledger_items" in {k for kinds in named.values() for k in kinds}


def test_a_copied_rubric_keeps_the_record_kinds(campaign):
    copy = rubrics.rubric_copy(source=campaign.rubric)
    original = sorted(
        Criterion.objects.filter(standard__rubric=campaign.rubric).values_list(
            "text", "record_kinds"
        )
    )
    copied = sorted(
        Criterion.objects.filter(standard__rubric=copy).values_list("text", "record_kinds")
    )
    assert copied == original


def test_criterion_save_takes_registered_kinds_and_keeps_an_unregistered_one_it_had(
    fake_records, campaign, party_office
):
    criterion = criterion_with(campaign, "supervision.ledger_items")
    assert "supervision.ledger_items" not in {k.key for k in record_kinds()}
    saved = rubrics.criterion_save(
        standard=criterion.standard,
        by=party_office,
        criterion=criterion,
        text=criterion.text,
        points=criterion.points,
        order=criterion.order,
        record_kinds=["supervision.ledger_items", TALKS, TALKS],
    )
    assert saved.record_kinds == ["supervision.ledger_items", TALKS]


def test_criterion_save_refuses_a_new_unregistered_kind(fake_records, campaign, party_office):
    criterion = criterion_with(campaign, COMMITMENTS)
    with pytest.raises(DomainError, match=r"台账类型“risks\.nothing”未注册"):
        rubrics.criterion_save(
            standard=criterion.standard,
            by=party_office,
            criterion=criterion,
            text=criterion.text,
            points=criterion.points,
            order=criterion.order,
            record_kinds=["risks.nothing"],
        )


def test_criterion_save_without_kinds_leaves_them(campaign, party_office):
    criterion = criterion_with(campaign, COMMITMENTS)
    saved = rubrics.criterion_save(
        standard=criterion.standard,
        by=party_office,
        criterion=criterion,
        text="科室与全体人员签订廉洁承诺书（含新入职人员）",
        points=criterion.points,
        order=criterion.order,
    )
    assert saved.record_kinds == [COMMITMENTS]


def test_the_migration_sets_the_default_kinds_only_where_the_text_is_the_defaults(
    campaign, party_office
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("appraisal.migrations.0009_default_rubric_record_kinds")
    criteria = Criterion.objects.filter(standard__rubric=campaign.rubric)
    criteria.update(record_kinds=[])
    edited = criterion_with_text(campaign, "科室与全体人员签订廉洁承诺书")
    edited.text = "科室与全体人员签订廉洁承诺书（每年）"
    edited.save(update_fields=["text"])
    chosen = criterion_with_text(campaign, "开展廉政风险排查和防范化解")
    chosen.record_kinds = [TALKS]
    chosen.save(update_fields=["record_kinds"])

    migration.set_default_record_kinds(apps, None)

    kinds = dict(criteria.values_list("text", "record_kinds"))
    assert kinds["科室与全体人员签订廉洁承诺书（每年）"] == []
    assert kinds["开展廉政风险排查和防范化解"] == [TALKS]
    assert kinds["科主任每年至少对科内人员开展 1 次廉政约谈"] == [TALKS]
    assert kinds["实行首问负责制，文明、规范用语"] == []


def criterion_with_text(campaign, text):
    return Criterion.objects.get(standard__rubric=campaign.rubric, text=text)

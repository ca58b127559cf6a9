import datetime
import io
import re
import threading
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, ApplicationEvent, Campaign, Criterion, Evidence
from appraisal.services import applications as services
from appraisal.services import branch_opinion
from appraisal.services import evidence as evidence_services
from core.errors import DomainError
from notifications.models import Notification
from tests.conftest import needs_postgresql
from tests.factories import STATEMENT, DepartmentFactory, PersonFactory, open_campaign, pdf_upload


@pytest.fixture
def campaign(party_office):
    return open_campaign(party_office)


@pytest.fixture
def application(campaign, applicant_a, department_a):
    return services.application_start(campaign=campaign, unit=department_a, by=applicant_a)


def ready(application, applicant, head):
    """Fill in what a submission needs and have the head confirm it."""
    services.application_save(
        application=application,
        by=applicant,
        staff_count=application.staff_count or 10,
        party_member_count=application.party_member_count,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    services.head_confirm(application=application, by=head)
    application.refresh_from_db()
    return application


def criterion_of(campaign, points=None):
    criteria = Criterion.objects.filter(standard__rubric=campaign.rubric)
    return criteria.filter(points=points).first() if points else criteria.first()


# --- starting -------------------------------------------------------------------------


def test_start_prefills_staff_and_party_members_from_the_roster(
    campaign, applicant_a, department_a
):
    PersonFactory.create_batch(3, department=department_a, is_party_member=True)
    PersonFactory.create_batch(2, department=department_a, is_party_member=False)
    PersonFactory(department=department_a, is_party_member=True, active=False)
    application = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    # applicant_a is on the roster too (not a party member).
    assert (application.staff_count, application.party_member_count) == (6, 3)
    assert application.party_member_share == Decimal("50.0")
    assert application.state == ApplicationState.DRAFT


def test_start_twice_gives_the_same_application(campaign, applicant_a, department_a):
    first = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    second = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_start_refused_for_another_departments_applicant(campaign, applicant_b, department_a):
    with pytest.raises(DomainError, match="您不是“心内科”的申报人"):
        services.application_start(campaign=campaign, unit=department_a, by=applicant_b)


def test_start_refused_outside_the_window(party_office, applicant_a, department_a):
    campaign = open_campaign(party_office)
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    campaign.refresh_from_db()
    with pytest.raises(DomainError, match="当前不在申报期内"):
        services.application_start(campaign=campaign, unit=department_a, by=applicant_a)


def test_clean_team_may_apply_only_when_the_campaign_allows(
    party_office, applicant_a, department_a
):
    from guardian.shortcuts import assign_perm

    team = DepartmentFactory(code="A01-T", name="心内科清廉团队", parent=department_a)
    assign_perm("departments.apply_for_department", applicant_a, team)
    closed_to_teams = open_campaign(party_office)
    with pytest.raises(DomainError, match="不接受清廉团队申报"):
        services.application_start(campaign=closed_to_teams, unit=team, by=applicant_a)
    open_to_teams = open_campaign(party_office, year=2020, allows_clean_teams=True)
    assert (
        services.application_start(campaign=open_to_teams, unit=team, by=applicant_a).unit == team
    )


# --- editing ------------------------------------------------------------------------------


def test_change_after_confirmation_needs_a_new_confirmation(application, applicant_a, head_a):
    application = ready(application, applicant_a, head_a)
    assert application.head_confirmed_by == head_a
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=application.staff_count,
        party_member_count=application.party_member_count,
        materials_list=application.materials_list,
        statement=STATEMENT + "补充一句。",
    )
    application.refresh_from_db()
    assert application.head_confirmed_at is None


def test_saving_the_same_content_keeps_the_confirmation(application, applicant_a, head_a):
    application = ready(application, applicant_a, head_a)
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=application.staff_count,
        party_member_count=application.party_member_count,
        materials_list=application.materials_list,
        statement=application.statement,
    )
    application.refresh_from_db()
    assert application.head_confirmed_by == head_a


def test_party_members_cannot_exceed_staff(application, applicant_a):
    with pytest.raises(DomainError, match="党员人数不能多于科室人数"):
        services.application_save(
            application=application,
            by=applicant_a,
            staff_count=3,
            party_member_count=4,
            materials_list="",
            statement="",
        )


def test_statement_bounds_do_not_apply_to_a_draft(application, applicant_a):
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=5,
        party_member_count=1,
        materials_list="",
        statement="短",
    )
    application.refresh_from_db()
    assert application.statement == "短"


def test_statement_length_ignores_white_space():
    assert services.statement_length("清廉 科室\n建设\u3000ok") == 8


@pytest.mark.parametrize(
    ("score", "accepted"),
    [("0", True), ("3.5", True), ("6", True), ("6.5", False), ("2.3", False), ("-1", False)],
)
def test_self_assessment_is_within_the_criterion_in_half_points(
    application, applicant_a, campaign, score, accepted
):
    criterion = criterion_of(campaign, points=6)
    if accepted:
        saved = services.self_assessment_save(
            application=application,
            by=applicant_a,
            criterion=criterion,
            score=score,
            not_applicable=False,
        )
        assert saved.score == Decimal(score)
    else:
        with pytest.raises(
            DomainError, match=re.escape("自评分须在 0 至 6 分之间，以 0.5 分为单位")
        ):
            services.self_assessment_save(
                application=application,
                by=applicant_a,
                criterion=criterion,
                score=score,
                not_applicable=False,
            )


def test_self_assessment_not_applicable_has_no_score(application, applicant_a, campaign):
    saved = services.self_assessment_save(
        application=application,
        by=applicant_a,
        criterion=criterion_of(campaign),
        score="3",
        not_applicable=True,
    )
    assert (saved.score, saved.not_applicable) == (None, True)


# --- evidence -------------------------------------------------------------------------------


def test_pdf_evidence_is_stored_privately_under_a_random_name(
    application, applicant_a, campaign, settings
):
    criterion = criterion_of(campaign)
    evidence = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload(), criterion=criterion
    )
    assert evidence.original_name == "制度汇编.pdf"
    assert evidence.kind == "pdf"
    assert "制度汇编" not in evidence.file.name
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))
    assert len(evidence.sha256) == 64


def test_renamed_executable_is_refused(application, applicant_a):
    fake = SimpleUploadedFile(
        "报告.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf"
    )
    with pytest.raises(
        DomainError,
        match=re.escape(
            "「报告.pdf」的内容不是允许的文件类型。只能上传 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx） 文件"
        ),
    ):
        evidence_services.evidence_add(application=application, by=applicant_a, upload=fake)
    assert not Evidence.objects.exists()


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_docx_is_recognised_by_its_parts(application, applicant_a):
    body = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    evidence = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=SimpleUploadedFile("总结.docx", body)
    )
    assert evidence.kind == "docx"


def test_zip_that_is_not_an_office_file_is_refused(application, applicant_a):
    body = _zip({"readme.txt": "hello"})
    with pytest.raises(DomainError, match="不是允许的文件类型"):
        evidence_services.evidence_add(
            application=application, by=applicant_a, upload=SimpleUploadedFile("a.docx", body)
        )


def test_docx_that_expands_to_gigabytes_is_refused(application, applicant_a, monkeypatch):
    monkeypatch.setattr("core.uploads.MAX_EXPANDED_BYTES", 1024 * 1024)
    body = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "0" * (2 * 1024 * 1024)})
    assert len(body) < 100 * 1024
    with pytest.raises(DomainError, match="解压后过大"):
        evidence_services.evidence_add(
            application=application, by=applicant_a, upload=SimpleUploadedFile("炸弹.docx", body)
        )


def test_oversized_file_is_refused(application, applicant_a):
    upload = pdf_upload(size=20 * 1024 * 1024 + 1)
    with pytest.raises(DomainError, match=re.escape("大小为 20.0 MB，超过单个文件 20 MB 的上限")):
        evidence_services.evidence_add(application=application, by=applicant_a, upload=upload)


def test_application_total_is_limited(application, applicant_a, monkeypatch):
    monkeypatch.setattr(evidence_services, "MAX_APPLICATION_EVIDENCE_BYTES", 2500)
    evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload(size=2000)
    )
    with pytest.raises(DomainError, match="每份申报的佐证材料合计不超过"):
        evidence_services.evidence_add(
            application=application, by=applicant_a, upload=pdf_upload(size=1000)
        )
    assert Evidence.objects.count() == 1


def test_empty_file_is_refused(application, applicant_a):
    with pytest.raises(DomainError, match="是空文件"):
        evidence_services.evidence_add(
            application=application, by=applicant_a, upload=SimpleUploadedFile("空.pdf", b"")
        )


def test_removed_evidence_stays_with_its_file(application, applicant_a):
    evidence = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload()
    )
    evidence_services.evidence_remove(evidence=evidence, by=applicant_a)
    evidence.refresh_from_db()
    assert evidence.removed_by == applicant_a
    assert evidence.file.storage.exists(evidence.file.name)


# --- confirmation and submission --------------------------------------------------------


def test_only_the_head_confirms(application, applicant_a):
    with pytest.raises(DomainError, match="只有“心内科”的科室负责人本人可以确认申报"):
        services.head_confirm(application=application, by=applicant_a)


def test_submit_without_confirmation_is_refused(application, applicant_a, head_a):
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=5,
        party_member_count=1,
        materials_list="",
        statement=STATEMENT,
    )
    with pytest.raises(DomainError, match="科室负责人尚未确认当前内容"):
        services.application_submit(application=application, by=applicant_a)


def test_submit_checks_statement_bounds(application, applicant_a, head_a):
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=5,
        party_member_count=1,
        materials_list="",
        statement="太短了",
    )
    services.head_confirm(application=application, by=head_a)
    with pytest.raises(DomainError, match="申报材料现为 3 字，应在 600 至 1000 字之间"):
        services.application_submit(application=application, by=applicant_a)


def test_submit_sends_to_the_party_office_and_freezes_the_rubric(
    application, applicant_a, head_a, party_office, campaign
):
    application = ready(application, applicant_a, head_a)
    evidence = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload()
    )
    services.head_confirm(application=application, by=head_a)
    submitted = services.application_submit(application=application, by=applicant_a)
    assert submitted.state == ApplicationState.SUBMITTED
    assert submitted.version == 1
    version = submitted.versions.get()
    assert version.statement == STATEMENT
    assert version.evidence == [
        {"id": evidence.pk, "criterion_id": None, "name": "制度汇编.pdf", "sha256": evidence.sha256}
    ]
    campaign.rubric.refresh_from_db()
    assert campaign.rubric.is_frozen
    assert (
        Notification.objects.filter(
            recipient=party_office, subject__contains="心内科提交了清廉科室申报"
        ).count()
        == 1
    )
    event = ApplicationEvent.objects.filter(subject=application).last()
    assert (event.transition, event.actor, event.to_state) == ("submit", applicant_a, "submitted")


def test_submitted_application_is_read_only(application, applicant_a, head_a):
    application = services.application_submit(
        application=ready(application, applicant_a, head_a), by=applicant_a
    )
    with pytest.raises(DomainError, match="申报当前状态为“已提交”，不能修改"):
        services.application_save(
            application=application,
            by=applicant_a,
            staff_count=1,
            party_member_count=0,
            materials_list="",
            statement="",
        )
    with pytest.raises(DomainError, match="不能修改"):
        evidence_services.evidence_add(application=application, by=applicant_a, upload=pdf_upload())


def test_submit_after_the_window_closed_is_refused(application, applicant_a, head_a, campaign):
    application = ready(application, applicant_a, head_a)
    late = campaign.closes_at + datetime.timedelta(seconds=1)
    with pytest.raises(DomainError, match="申报已截止，不能再提交"):
        services.application_submit(application=application, by=applicant_a, now=late)


def test_double_submit_makes_one_submission(application, applicant_a, head_a):
    application = ready(application, applicant_a, head_a)
    services.application_submit(application=application, by=applicant_a)
    with pytest.raises(DomainError, match="已提交"):
        services.application_submit(application=application, by=applicant_a)
    application.refresh_from_db()
    assert application.version == 1
    assert application.versions.count() == 1


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_concurrent_double_submit_makes_one_submission(
    party_office, applicant_a, head_a, department_a
):
    campaign = open_campaign(party_office)
    application = ready(
        services.application_start(campaign=campaign, unit=department_a, by=applicant_a),
        applicant_a,
        head_a,
    )
    outcomes = []
    barrier = threading.Barrier(2)

    def submit():
        barrier.wait()
        try:
            services.application_submit(application=application, by=applicant_a)
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Application.objects.get(pk=application.pk).versions.count() == 1


# --- withdraw, branch opinion, return -----------------------------------------------------


def test_withdraw_returns_to_draft_and_needs_a_new_confirmation(application, applicant_a, head_a):
    application = services.application_submit(
        application=ready(application, applicant_a, head_a), by=applicant_a
    )
    withdrawn = services.application_withdraw(
        application=application, by=applicant_a, reason="补充材料"
    )
    assert withdrawn.state == ApplicationState.DRAFT
    assert withdrawn.head_confirmed_at is None
    assert withdrawn.versions.count() == 1


def test_withdraw_refused_once_review_started(application, applicant_a, head_a):
    application = services.application_submit(
        application=ready(application, applicant_a, head_a), by=applicant_a
    )
    Application.objects.filter(pk=application.pk).update(state=ApplicationState.UNDER_REVIEW)
    application.refresh_from_db()
    with pytest.raises(DomainError, match="评审已经开始，申报不能再撤回"):
        services.application_withdraw(application=application, by=applicant_a)


def test_branch_step_goes_to_the_secretary_first(
    party_office, applicant_a, head_a, branch_secretary_a, department_a
):
    campaign = open_campaign(party_office, uses_branch_opinion=True)
    application = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    application = services.application_submit(
        application=ready(application, applicant_a, head_a), by=applicant_a
    )
    assert application.state == ApplicationState.AWAITING_BRANCH
    assert Notification.objects.filter(
        recipient=branch_secretary_a, subject__contains="请填写党支部意见"
    ).exists()
    assert not Notification.objects.filter(
        recipient=party_office, subject__contains="提交了清廉科室申报"
    ).exists()
    with pytest.raises(DomainError, match="所在党支部的书记"):
        branch_opinion.branch_opinion_record(
            application=application, by=party_office, agrees=True, opinion="同意"
        )
    application = branch_opinion.branch_opinion_record(
        application=application, by=branch_secretary_a, agrees=False, opinion="廉洁承诺书签订不全"
    )
    assert application.state == ApplicationState.SUBMITTED
    opinion = application.branch_opinions.get()
    assert (opinion.agrees, opinion.version, opinion.given_by) == (False, 1, branch_secretary_a)
    assert Notification.objects.filter(
        recipient=party_office, subject__contains="党支部意见（不同意）"
    ).exists()


def test_return_needs_a_reason(application, applicant_a, head_a, party_office):
    application = services.application_submit(
        application=ready(application, applicant_a, head_a), by=applicant_a
    )
    with pytest.raises(DomainError, match="退回必须说明理由"):
        services.application_return(application=application, by=party_office, reason=" ")


def test_party_office_member_of_the_unit_cannot_return_it(
    application, applicant_a, head_a, party_office, department_a
):
    application = services.application_submit(
        application=ready(application, applicant_a, head_a), by=applicant_a
    )
    party_office.person.department = department_a
    party_office.person.save(update_fields=["department"])
    with pytest.raises(DomainError, match="须回避"):
        services.application_return(application=application, by=party_office, reason="请补充")


def test_returned_application_is_revised_and_resubmitted_after_the_window(
    application, applicant_a, head_a, party_office, campaign
):
    application = services.application_submit(
        application=ready(application, applicant_a, head_a), by=applicant_a
    )
    returned = services.application_return(
        application=application, by=party_office, reason="请补充廉政约谈记录"
    )
    assert returned.state == ApplicationState.RETURNED
    assert returned.return_reason == "请补充廉政约谈记录"
    assert Notification.objects.filter(
        recipient=applicant_a, body__contains="请补充廉政约谈记录"
    ).exists()
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)
    services.application_save(
        application=returned,
        by=applicant_a,
        staff_count=returned.staff_count,
        party_member_count=returned.party_member_count,
        materials_list="廉洁承诺书\n廉政约谈记录",
        statement=STATEMENT + "已补充约谈记录。",
    )
    services.head_confirm(application=returned, by=head_a)
    late = campaign.closes_at + datetime.timedelta(days=2)
    resubmitted = services.application_submit(application=returned, by=applicant_a, now=late)
    assert resubmitted.state == ApplicationState.SUBMITTED
    assert resubmitted.version == 2
    assert resubmitted.return_reason == ""
    assert [v.number for v in resubmitted.versions.all()] == [1, 2]


def test_branch_step_without_a_secretary_is_refused_with_a_reason(
    party_office, applicant_a, head_a, department_a
):
    campaign = open_campaign(party_office, uses_branch_opinion=True)
    application = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    with pytest.raises(DomainError, match="所在党支部未登记书记或书记没有账号"):
        services.application_submit(
            application=ready(application, applicant_a, head_a), by=applicant_a
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


# --- the same file uploaded twice (drills) ------------------------------------------------


def test_same_file_for_the_same_criterion_is_stored_once(application, applicant_a):
    criterion = criterion_of(application.campaign)
    evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload(), criterion=criterion
    )
    with pytest.raises(DomainError) as refusal:
        evidence_services.evidence_add(
            application=application, by=applicant_a, upload=pdf_upload(), criterion=criterion
        )
    assert refusal.value.message == "「制度汇编.pdf」已上传（内容相同），无需重复上传。"
    assert Evidence.objects.filter(application=application).count() == 1


def test_same_file_for_another_criterion_or_after_removal_is_stored(application, applicant_a):
    first = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload()
    )
    evidence_services.evidence_add(
        application=application,
        by=applicant_a,
        upload=pdf_upload(),
        criterion=criterion_of(application.campaign),
    )
    evidence_services.evidence_remove(evidence=first, by=applicant_a)
    evidence_services.evidence_add(application=application, by=applicant_a, upload=pdf_upload())
    assert Evidence.objects.filter(application=application).count() == 3

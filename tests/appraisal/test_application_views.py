from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.enums import ApplicationState
from appraisal.models import Application, Criterion, Evidence
from appraisal.services import applications as services
from appraisal.services import evidence as evidence_services
from tests.factories import STATEMENT, DepartmentFactory, open_campaign, pdf_upload


def _start(party_office, applicant, unit):
    campaign = open_campaign(party_office)
    return services.application_start(campaign=campaign, unit=unit, by=applicant)


def test_unit_home_starts_the_application(persona_client, party_office, department_a):
    campaign = open_campaign(party_office)
    client = persona_client("applicant_a")
    url = reverse("appraisal:unit_home", args=[campaign.pk, department_a.pk])
    assert "开始申报" in client.get(url).content.decode()
    response = client.post(url)
    application = Application.objects.get()
    assert response["Location"] == reverse("appraisal:application_edit", args=[application.pk])
    assert client.get(url)["Location"] == reverse("appraisal:application", args=[application.pk])


def test_edit_page_saves_the_form_and_counts_characters(
    persona_client, party_office, applicant_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    client = persona_client("applicant_a")
    url = reverse("appraisal:application_edit", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'data-char-count="statement-count"' in page
    assert 'data-min="600" data-max="1000"' in page
    response = client.post(
        url,
        {
            "staff_count": 12,
            "party_member_count": 5,
            "materials_list": "廉洁承诺书",
            "statement": STATEMENT,
        },
        follow=True,
    )
    assert "已保存" in response.content.decode()
    application.refresh_from_db()
    assert (application.staff_count, application.party_member_count, application.statement) == (
        12,
        5,
        STATEMENT,
    )


def test_edit_page_shows_form_errors_in_chinese(
    persona_client, party_office, applicant_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    response = persona_client("applicant_a").post(
        reverse("appraisal:application_edit", args=[application.pk]),
        {"staff_count": 3, "party_member_count": 5, "statement": ""},
    )
    assert "党员人数不能多于科室人数" in response.content.decode()


def test_self_assessment_with_htmx_answers_the_row(
    persona_client, party_office, applicant_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    criterion = Criterion.objects.filter(
        standard__rubric=application.campaign.rubric, points=6
    ).first()
    url = reverse("appraisal:self_assessment", args=[application.pk, criterion.pk])
    client = persona_client("applicant_a")
    ok = client.post(url, {"score": "5.5", "note": "每季度开展"}, headers={"HX-Request": "true"})
    assert "已保存" in ok.content.decode()
    refused = client.post(url, {"score": "7"}, headers={"HX-Request": "true"})
    assert "自评分须在 0 至 6 分之间" in refused.content.decode()
    assert application.self_assessments.get().score == 5.5


def test_upload_of_the_wrong_kind_says_what_is_allowed(
    persona_client, party_office, applicant_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    response = persona_client("applicant_a").post(
        reverse("appraisal:evidence_add", args=[application.pk]),
        {"file": SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00binary")},
        follow=True,
    )
    assert "只能上传 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx） 文件" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_downloads_with_its_name_only_for_those_allowed(
    persona_client, party_office, applicant_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    evidence = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload("廉政约谈记录.pdf")
    )
    url = reverse("appraisal:evidence", args=[application.pk, evidence.pk])
    response = persona_client("party_office").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "%E5%BB%89%E6%94%BF" in response["Content-Disposition"]  # 廉政, RFC 5987-encoded
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert persona_client("applicant_b").get(url).status_code == 404


def test_evidence_inline_only_when_asked_and_framed_only_by_the_site(
    persona_client, party_office, applicant_a, department_a
):
    """The review page embeds a PDF (?inline=1, framed by the site itself); a plain
    download is an attachment no page may frame."""
    application = _start(party_office, applicant_a, department_a)
    evidence = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload()
    )
    url = reverse("appraisal:evidence", args=[application.pk, evidence.pk])
    inline = persona_client("party_office").get(f"{url}?inline=1")
    assert inline["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    download = persona_client("party_office").get(url)
    assert download["Content-Disposition"].startswith("attachment")
    assert "frame-ancestors 'none'" in download["Content-Security-Policy"]


def test_evidence_of_another_application_is_not_found_by_guessing(
    persona_client, party_office, applicant_a, applicant_b, department_a, department_b
):
    mine = _start(party_office, applicant_a, department_a)
    theirs = services.application_start(campaign=mine.campaign, unit=department_b, by=applicant_b)
    foreign = evidence_services.evidence_add(
        application=theirs, by=applicant_b, upload=pdf_upload()
    )
    response = persona_client("applicant_a").get(
        reverse("appraisal:evidence", args=[mine.pk, foreign.pk])
    )
    assert response.status_code == 404


def test_whole_flow_through_the_pages(
    persona_client, party_office, applicant_a, head_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    applicant = persona_client("applicant_a")
    applicant.post(
        reverse("appraisal:application_edit", args=[application.pk]),
        {"staff_count": 12, "party_member_count": 5, "materials_list": "", "statement": STATEMENT},
    )
    page = applicant.get(reverse("appraisal:application", args=[application.pk])).content.decode()
    assert "科室负责人尚未确认当前内容" in page
    refused = applicant.post(
        reverse("appraisal:application_submit", args=[application.pk]), follow=True
    )
    assert "暂不能提交" in refused.content.decode()

    head = persona_client("head_a")
    confirmed = head.post(reverse("appraisal:head_confirm", args=[application.pk]), follow=True)
    assert "已确认申报内容" in confirmed.content.decode()

    applicant = persona_client("applicant_a")
    submitted = applicant.post(
        reverse("appraisal:application_submit", args=[application.pk]), follow=True
    )
    assert "已提交党办" in submitted.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    read_only = applicant.get(
        reverse("appraisal:application_edit", args=[application.pk]), follow=True
    )
    assert "申报已提交，现为只读" in read_only.content.decode()

    office = persona_client("party_office")
    returned = office.post(
        reverse("appraisal:application_return", args=[application.pk]),
        {"reason": "请补充约谈记录"},
        follow=True,
    )
    assert "已退回科室修改" in returned.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED


def test_resubmission_shows_what_changed(
    persona_client, party_office, applicant_a, head_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    for statement in (STATEMENT, STATEMENT.replace("全过程", "各环节", 1)):
        services.application_save(
            application=application,
            by=applicant_a,
            staff_count=9,
            party_member_count=3,
            materials_list="",
            statement=statement,
        )
        services.head_confirm(application=application, by=head_a)
        application = services.application_submit(application=application, by=applicant_a)
        if application.version == 1:
            application = services.application_return(
                application=application, by=party_office, reason="请修改"
            )
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:application", args=[application.pk]))
        .content.decode()
    )
    assert "与上一版相比的修改（第 2 版）" in page
    assert "<del>全过程</del><ins>各环节</ins>" in page


def test_statement_diff_escapes_html():
    from appraisal.selectors import statement_diff

    assert str(statement_diff("<b>旧</b>", "<script>新</script>")) == (
        "&lt;<del>b</del><ins>script</ins>&gt;<del>旧</del><ins>新</ins>&lt;/<del>b</del><ins>script</ins>&gt;"
    )


def test_branch_secretary_gives_the_opinion_through_the_page(
    persona_client, party_office, applicant_a, head_a, branch_secretary_a, department_a
):
    campaign = open_campaign(party_office, uses_branch_opinion=True)
    application = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=9,
        party_member_count=3,
        materials_list="",
        statement=STATEMENT,
    )
    services.head_confirm(application=application, by=head_a)
    services.application_submit(application=application, by=applicant_a)
    secretary = persona_client("branch_secretary_a")
    assert (
        "填写党支部意见"
        in secretary.get(reverse("appraisal:application", args=[application.pk])).content.decode()
    )
    response = secretary.post(
        reverse("appraisal:branch_opinion", args=[application.pk]),
        {"agrees": "yes", "opinion": "同意推荐"},
        follow=True,
    )
    assert "党支部意见已记录" in response.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_application_list_filters_and_counts(
    persona_client, party_office, applicant_a, head_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    client = persona_client("party_office")
    url = reverse("appraisal:applications", args=[application.campaign.pk])
    page = client.get(url)
    assert {state.value: n for state, n in page.context["counts"]}["draft"] == 1
    filtered = client.get(url, {"state": "submitted"}, headers={"HX-Request": "true"})
    assert "没有符合条件的记录。" in filtered.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_application_list_query_count_does_not_grow(
    persona_client, party_office, applicant_a, department_a
):
    from guardian.shortcuts import assign_perm

    application = _start(party_office, applicant_a, department_a)
    client = persona_client("party_office")
    url = reverse("appraisal:applications", args=[application.campaign.pk])
    one = _queries(client, url)
    for n in range(3):
        unit = DepartmentFactory(code=f"Q{n}", name=f"科室Q{n}")
        assign_perm("departments.apply_for_department", applicant_a, unit)
        added = services.application_start(campaign=application.campaign, unit=unit, by=applicant_a)
        evidence_services.evidence_add(application=added, by=applicant_a, upload=pdf_upload())
    assert _queries(client, url) == one


def test_application_page_query_count_does_not_grow_with_evidence(
    persona_client, party_office, applicant_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    client = persona_client("party_office")
    url = reverse("appraisal:application", args=[application.pk])
    evidence_services.evidence_add(application=application, by=applicant_a, upload=pdf_upload())
    one = _queries(client, url)
    for criterion in Criterion.objects.filter(standard__rubric=application.campaign.rubric)[:4]:
        evidence_services.evidence_add(
            application=application, by=applicant_a, upload=pdf_upload(), criterion=criterion
        )
        services.self_assessment_save(
            application=application,
            by=applicant_a,
            criterion=criterion,
            score="1",
            not_applicable=False,
        )
    assert _queries(client, url) == one


def test_resubmission_lists_evidence_added_and_removed(
    persona_client, party_office, applicant_a, head_a, department_a
):
    application = _start(party_office, applicant_a, department_a)
    first = evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload("旧制度.pdf", size=300)
    )
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=9,
        party_member_count=3,
        materials_list="",
        statement=STATEMENT,
    )
    services.head_confirm(application=application, by=head_a)
    application = services.application_submit(application=application, by=applicant_a)
    application = services.application_return(
        application=application, by=party_office, reason="请更新制度"
    )
    evidence_services.evidence_remove(evidence=first, by=applicant_a)
    evidence_services.evidence_add(
        application=application, by=applicant_a, upload=pdf_upload("新制度.pdf", size=400)
    )
    services.head_confirm(application=application, by=head_a)
    services.application_submit(application=application, by=applicant_a)
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:application", args=[application.pk]))
        .content.decode()
    )
    assert "新增 新制度.pdf；" in page
    assert "移除 旧制度.pdf；" in page

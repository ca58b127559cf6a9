"""The materials list (科室资料目录): each item with the evidence files that support it,
on the application's page (links to the permission-checked download) and in the
申报表 (the file names). The rule is appraisal/materials.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.documents import materials_text
from appraisal.materials import materials_items, materials_with_evidence, supports
from appraisal.models import Criterion
from appraisal.services import applications as services
from appraisal.services import evidence as evidence_services
from tests.factories import STATEMENT, head_of, open_campaign, pdf_upload

pytestmark = pytest.mark.django_db

MATERIALS = "1. 廉洁承诺书\n2、廉政约谈记录\n（三）清廉文化活动照片"


# --- the rule, alone --------------------------------------------------------------------------


def test_items_are_the_lines_without_their_numbering():
    assert materials_items(MATERIALS) == ["廉洁承诺书", "廉政约谈记录", "清廉文化活动照片"]


def test_items_of_a_one_line_list_are_split_on_the_enumeration_comma():
    assert materials_items("廉洁承诺书、廉政约谈记录；风险排查表") == [
        "廉洁承诺书",
        "廉政约谈记录",
        "风险排查表",
    ]


def test_items_of_an_empty_list_are_none():
    assert materials_items("  \n ") == []


@pytest.mark.parametrize(
    ("item", "name", "criterion", "expected"),
    [
        ("廉洁承诺书", "2026年廉洁承诺书（全科）.pdf", "", True),
        ("廉政约谈记录", "约谈记录.docx", "", True),
        ("廉洁承诺书", "扫描件.pdf", "科室与全体人员签订廉洁承诺书", True),
        ("廉洁承诺书", "照片.jpg", "开展清廉文化进科室活动", False),
        ("清廉文化活动照片", "a.pdf", "", False),  # a one-letter name supports nothing
        ("“清廉”活动", "清廉活动.pdf", "", True),  # quotation marks set aside
    ],
)
def test_supports(item, name, criterion, expected):
    assert supports(item, name, criterion) is expected


def test_materials_with_evidence_keeps_the_callers_objects_and_order():
    files = [("A", "廉洁承诺书.pdf", ""), ("B", "约谈记录.pdf", ""), ("C", "其他.pdf", "")]
    items = materials_with_evidence(MATERIALS, files)
    assert [(m.text, m.files) for m in items] == [
        ("廉洁承诺书", ["A"]),
        ("廉政约谈记录", ["B"]),
        ("清廉文化活动照片", []),
    ]


# --- the page and the form ----------------------------------------------------------------


@pytest.fixture
def application(party_office, applicant_a, department_a):
    campaign = open_campaign(party_office)
    application = services.application_start(campaign=campaign, unit=department_a, by=applicant_a)
    services.application_save(
        application=application,
        by=applicant_a,
        staff_count=10,
        party_member_count=3,
        materials_list=MATERIALS,
        statement=STATEMENT,
    )
    return application


def _add(application, applicant, name, criterion=None):
    return evidence_services.evidence_add(
        application=application, by=applicant, upload=pdf_upload(name), criterion=criterion
    )


def _criterion(application, text):
    return Criterion.objects.get(standard__rubric=application.campaign.rubric, text=text)


def test_page_links_each_item_to_its_evidence_downloads(application, applicant_a, persona_client):
    pledge = _add(
        application,
        applicant_a,
        "扫描件.pdf",
        _criterion(application, "科室与全体人员签订廉洁承诺书"),
    )
    talks = _add(application, applicant_a, "约谈记录.pdf")
    page = (
        persona_client("party_office")
        .get(reverse("appraisal:application", args=[application.pk]))
        .content.decode()
    )
    listed = page.split('id="materials-list"')[1].split("</ol>")[0]
    pledge_url = reverse("appraisal:evidence", args=[application.pk, pledge.pk])
    talks_url = reverse("appraisal:evidence", args=[application.pk, talks.pk])
    assert (
        f'<li>廉洁承诺书<span class="d-block small">佐证材料：<a href="{pledge_url}">扫描件.pdf</a></span></li>'
        in listed
    )
    assert (
        f'<li>廉政约谈记录<span class="d-block small">佐证材料：<a href="{talks_url}">约谈记录.pdf</a></span></li>'
        in listed
    )
    assert (
        '<li>清廉文化活动照片<span class="d-block small text-muted">未找到对应的佐证材料' in listed
    )


def test_page_links_are_the_permission_checked_download(application, applicant_a, persona_client):
    talks = _add(application, applicant_a, "约谈记录.pdf")
    url = reverse("appraisal:evidence", args=[application.pk, talks.pk])
    assert persona_client("party_office").get(url).status_code == 200
    assert persona_client("applicant_b").get(url).status_code == 404


def test_page_query_count_does_not_grow_with_materials_and_evidence(
    application, applicant_a, persona_client
):
    client = persona_client("party_office")
    url = reverse("appraisal:application", args=[application.pk])
    _add(application, applicant_a, "廉洁承诺书.pdf")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    for name in ("约谈记录.pdf", "清廉文化活动照片.pdf", "廉洁承诺书-附件.pdf"):
        _add(application, applicant_a, name)
    assert queries() == one


def test_form_prints_each_item_with_the_submitted_file_names(
    application, applicant_a, department_a
):
    _add(application, applicant_a, "廉洁承诺书.pdf")
    _add(application, applicant_a, "约谈记录.pdf")
    services.head_confirm(application=application, by=head_of(department_a))
    services.application_submit(application=application, by=applicant_a)
    # A file added to a later draft is not the submitted version's.
    application.refresh_from_db()
    submitted = application.versions.get()

    assert materials_text(application, submitted).splitlines() == [
        "1. 廉洁承诺书（佐证材料：廉洁承诺书.pdf）",
        "2. 廉政约谈记录（佐证材料：约谈记录.pdf）",
        "3. 清廉文化活动照片（佐证材料：未附）",
    ]


def test_form_of_a_draft_uses_the_live_evidence(application, applicant_a):
    _add(application, applicant_a, "清廉文化活动照片.jpg.pdf")
    application.refresh_from_db()
    assert materials_text(application, application).splitlines()[2] == (
        "3. 清廉文化活动照片（佐证材料：清廉文化活动照片.jpg.pdf）"
    )

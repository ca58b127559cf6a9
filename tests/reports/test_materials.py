"""reports.services.materials: a unit sends a publicity material, the party office
accepts it or returns it with a reason; the count per department and year; the
record kind appraisal reads."""

import datetime
import uuid

import pytest
from django.utils import timezone

from appraisal.records import record_kind
from core.errors import AlreadySubmittedError, DomainError, StaleStateError
from reports.enums import MaterialState
from reports.models import PublicityMaterial, PublicityMaterialEvent
from reports.records import PUBLICITY_MATERIALS, summarize_publicity_materials
from reports.selectors import material_counts
from reports.services import materials as services
from tests.reports.factories import material, pdf, text_file

pytestmark = pytest.mark.django_db


def test_a_department_sends_a_material(department_a, applicant_a, party_office, media_root):
    row = services.material_submit(
        by=applicant_a,
        unit=department_a,
        title=" 清廉文化 进科室 ",
        text="内容",
        uploads=[pdf()],
        now=timezone.make_aware(datetime.datetime(2026, 5, 12, 9)),
    )
    assert (row.title, row.year, row.state) == ("清廉文化 进科室", 2026, MaterialState.SUBMITTED)
    assert row.files.count() == 1
    assert party_office.notifications.count() == 1


def test_a_branch_secretary_sends_for_the_branch(department_a, branch_secretary_a):
    row = services.material_submit(
        by=branch_secretary_a, branch=department_a.party_branch, title="支部亮点", text="内容"
    )
    assert row.branch == department_a.party_branch


def test_sending_for_another_unit_is_refused(department_a, applicant_b, branch_secretary_a):
    with pytest.raises(DomainError) as refused:
        services.material_submit(by=applicant_b, unit=department_a, title="标题", text="内容")
    assert "心内科" in str(refused.value)
    with pytest.raises(DomainError):
        services.material_submit(by=branch_secretary_a, unit=department_a, title="t", text="x")
    assert PublicityMaterial.objects.count() == 0


def test_neither_unit_nor_branch_is_refused(applicant_a):
    with pytest.raises(DomainError):
        services.material_submit(by=applicant_a, title="标题", text="内容")


def test_empty_title_or_text_is_refused(department_a, applicant_a):
    with pytest.raises(DomainError) as refused:
        services.material_submit(by=applicant_a, unit=department_a, title=" ", text="内容")
    assert refused.value.field == "title"
    with pytest.raises(DomainError) as refused:
        services.material_submit(by=applicant_a, unit=department_a, title="标题", text="")
    assert refused.value.field == "text"


def test_an_attachment_of_the_wrong_kind_is_refused(department_a, applicant_a, media_root):
    with pytest.raises(DomainError) as refused:
        services.material_submit(
            by=applicant_a, unit=department_a, title="标题", text="内容", uploads=[text_file()]
        )
    assert "只能上传 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx） 文件" in str(refused.value)
    assert PublicityMaterial.objects.count() == 0


def test_the_same_form_twice_sends_once(department_a, applicant_a):
    key = uuid.uuid4()
    first = services.material_submit(
        by=applicant_a, unit=department_a, title="标题", text="内容", submission_key=key
    )
    with pytest.raises(AlreadySubmittedError) as repeat:
        services.material_submit(
            by=applicant_a, unit=department_a, title="标题", text="内容", submission_key=key
        )
    assert repeat.value.existing == first
    assert PublicityMaterial.objects.count() == 1


def test_the_party_office_accepts(department_a, applicant_a, party_office):
    row = material(department_a, applicant_a)
    services.material_accept(material=row, by=party_office)
    row.refresh_from_db()
    assert (row.state, row.checked_by) == (MaterialState.ACCEPTED, party_office)
    assert applicant_a.notifications.filter(subject__contains="已采用").exists()
    with pytest.raises(StaleStateError):
        services.material_return(material=row, by=party_office, reason="晚了")


def test_return_needs_a_reason(department_a, applicant_a, party_office):
    row = material(department_a, applicant_a)
    with pytest.raises(DomainError) as refused:
        services.material_return(material=row, by=party_office, reason="")
    assert refused.value.field == "reason"
    services.material_return(material=row, by=party_office, reason="缺少照片")
    row.refresh_from_db()
    assert (row.state, row.return_reason) == (MaterialState.RETURNED, "缺少照片")
    assert PublicityMaterialEvent.objects.get().reason == "缺少照片"


def test_only_the_party_office_checks(department_a, applicant_a, discipline_office):
    row = material(department_a, applicant_a)
    for person in (discipline_office, applicant_a):
        with pytest.raises(DomainError):
            services.material_accept(material=row, by=person)


def test_counted_per_department_and_year(department_a, department_b, applicant_a):
    material(department_a, applicant_a, state=MaterialState.ACCEPTED)
    material(department_a, applicant_a, state=MaterialState.ACCEPTED)
    material(department_a, applicant_a, state=MaterialState.RETURNED)
    material(department_a, applicant_a, year=2025, state=MaterialState.ACCEPTED)
    counts = {d.code: (d.sent, d.accepted, d.returned) for d in material_counts(2026)}
    assert counts == {"A01": (3, 2, 1), "B01": (0, 0, 0)}


def test_the_record_kind_counts_accepted_materials_of_the_year(
    department_a, department_b, applicant_a, django_assert_num_queries
):
    material(department_a, applicant_a, state=MaterialState.ACCEPTED, title="甲")
    material(department_a, applicant_a, state=MaterialState.SUBMITTED, title="乙")
    material(department_a, applicant_a, year=2025, state=MaterialState.ACCEPTED)
    with django_assert_num_queries(1):
        summaries = summarize_publicity_materials([department_a, department_b], 2026)
    assert summaries[department_a.pk].figures == {"accepted": 1}
    assert summaries[department_a.pk].text == "2026年宣传材料采用 1 篇"
    assert [item.label for item in summaries[department_a.pk].items] == ["甲"]
    assert summaries[department_b.pk].figures == {"accepted": 0}
    assert record_kind(PUBLICITY_MATERIALS).summarize is summarize_publicity_materials


def test_the_kept_record_kind_changes_when_a_material_is_accepted(
    department_a, applicant_a, party_office
):
    """Kept in the cache (record_summaries_kept) until a material is sent or checked."""
    from appraisal.records import record_summaries_kept

    def accepted():
        (summary,) = record_summaries_kept([department_a], 2026, keys={PUBLICITY_MATERIALS})[
            department_a.pk
        ]
        return summary.figures["accepted"], [item.label for item in summary.items]

    first = material(department_a, applicant_a, title="甲")
    assert accepted() == (0, [])
    services.material_accept(material=first, by=party_office)
    assert accepted() == (1, ["甲"])
    second = material(department_a, applicant_a, title="乙")
    assert accepted() == (1, ["甲"])
    services.material_return(material=second, by=party_office, reason="缺少照片")
    assert accepted() == (1, ["甲"])

"""The documents about appraisal's records: the application form (申报表), the
commendation notice (表扬通报), a title's certificate (荣誉证书) and the ZIP of
a campaign's certificates; what each says, its file name and who may read it.

``register`` hands them to ``documents.registry`` (called from ``AppConfig.ready()``).
"""

import io
import zipfile

from django.utils import timezone

from appraisal.enums import ApplicationState, CampaignState, TitleStatus
from appraisal.materials import materials_with_evidence
from appraisal.models import Application, ApplicationVersion, Campaign, Criterion, Title
from appraisal.rules import VIEW
from core.templatetags.qinglian import cn_date
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.notices import DISCLOSURE, FormRow, Heading, Notice, NoticeKind, Table, render_notice
from documents.permissions import may_download_document
from documents.registry import (
    DocumentNotBuildableError,
    register_kind,
    safe_file_name,
    subject_pk,
)
from hospital.selectors import hospital_profile

LIST_COLUMNS = ("序号", "科室/清廉团队", "党支部")


# --- the list of departments (the publicity notice prints it too) -------------------------


def branch_name(unit):
    """The unit's party branch; a clean team without its own is in its department's."""
    branch = unit.party_branch or (unit.parent.party_branch if unit.parent_id else None)
    return branch.name if branch else "—"


def listed_units(campaign, state):
    """The units of ``campaign``'s applications in ``state``, in unit code order."""
    applications = (
        Application.objects.filter(campaign=campaign, state=state)
        .select_related("unit__party_branch", "unit__parent__party_branch")
        .order_by("unit__code", "pk")
    )
    return [application.unit for application in applications]


def list_table(units):
    """The table of a list of departments, as the publicity and the commendation print it."""
    return Table(
        columns=LIST_COLUMNS,
        rows=[(str(number), unit.name, branch_name(unit)) for number, unit in enumerate(units, 1)],
    )


def _counted(units):
    """“心内科等3个科室（团队）”, or the one unit's name."""
    if len(units) == 1:
        return units[0].name
    return f"{units[0].name}等{len(units)}个科室（团队）"


# --- one function per kind ----------------------------------------------------------------


def commendation_notice(campaign):
    """The commendation notice (通报表扬), issued as a 文件 after the party committee confirmed."""
    if campaign.confirmed_on is None:
        raise DocumentNotBuildableError(f"campaign {campaign.pk} is not confirmed yet")
    units = listed_units(campaign, ApplicationState.COMMENDED)
    if not units:
        raise DocumentNotBuildableError(f"campaign {campaign.pk} has no commended department")
    meeting = campaign.confirmation_reference or "院党委会"
    profile = hospital_profile()
    title = profile.title_wording
    return Notice(
        kind=NoticeKind.COMMENDATION,
        issuing_body=profile.party_committee.name,
        document_number=campaign.commendation_number,
        title=f"关于表扬{campaign.year}年度{title}的通报",
        recipients="各党支部、各科室",
        body=(
            f"根据{campaign.year}年度{title}创建考评工作安排，经科室申报、党办评审、"
            f"{title}创建考评工作领导小组审定、院内公示，{meeting}研究确认，"
            f"决定对{_counted(units)}予以通报表扬，并授予“{title}”称号。",
            Heading("一、表扬名单"),
            list_table(units),
            Heading("二、工作要求"),
            "希望受到表扬的科室（团队）珍惜荣誉，再接再厉，充分发挥示范引领作用。"
            "各党支部、各科室要以先进为榜样，持续推进清廉医院建设。",
        ),
        disclosure=DISCLOSURE,
        date=campaign.confirmed_on,
    )


def certificate(title):
    """The certificate (荣誉证书) of one title: one landscape page."""
    profile = hospital_profile()
    return Notice(
        kind=NoticeKind.CERTIFICATE,
        issuing_body=profile.party_committee.name,
        unit=title.unit.name,
        year=title.year,
        document_number=title.certificate_number,
        date=title.awarded_on,
        honour=profile.title_wording,
    )


def certificate_file_name(title):
    return safe_file_name(f"{title.certificate_number}-{title.unit.name}") + ".pdf"


def certificates_zip(campaign):
    """A ZIP of the certificate of every title of ``campaign`` still held, one PDF each."""
    titles = (
        Title.objects.filter(campaign=campaign, status=TitleStatus.HELD)
        .select_related("unit")
        .order_by("unit__code", "pk")
    )
    if not titles:
        raise DocumentNotBuildableError(f"campaign {campaign.pk} has no title held")
    archive = io.BytesIO()
    # The PDFs are compressed already: stored as they are, the ZIP costs no time.
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zip_file:
        for title in titles:
            zip_file.writestr(certificate_file_name(title), render_notice(certificate(title)))
    return archive.getvalue()


def materials_text(application, submitted):
    """The materials list as the form prints it: each item, numbered, with the
    names of the submitted evidence files that support it (appraisal/materials.py)."""
    if isinstance(submitted, ApplicationVersion):
        entries = [(entry["name"], entry.get("criterion_id")) for entry in submitted.evidence]
    else:
        entries = list(
            application.evidence.filter(removed_at__isnull=True)
            .order_by("pk")
            .values_list("original_name", "criterion_id")
        )
    criteria = dict(
        Criterion.objects.filter(pk__in={c for _name, c in entries if c}).values_list("pk", "text")
    )
    files = [(name, name, criteria.get(criterion, "")) for name, criterion in entries]
    lines = []
    for number, item in enumerate(materials_with_evidence(submitted.materials_list, files), 1):
        support = "、".join(item.files) if item.files else "未附"
        lines.append(f"{number}. {item.text}（佐证材料：{support}）")
    return "\n".join(lines)


def records_text(application, submitted):
    """The year-round records attached as evidence, as the form prints them: under
    each criterion (in the rubric's order), each record's summary as it was attached
    (the submitted version's snapshot, never the live records). "" when none."""
    if isinstance(submitted, ApplicationVersion):
        entries = [(entry["criterion_id"], entry["snapshot"]) for entry in submitted.records]
    else:
        entries = [
            (record.criterion_id, record.snapshot)
            for record in application.attached_records.filter(detached_at__isnull=True).order_by(
                "pk"
            )
        ]
    if not entries:
        return ""
    criteria = list(
        Criterion.objects.filter(pk__in={c for c, _snapshot in entries}).order_by(
            "standard__order", "standard__pk", "order", "pk"
        )
    )
    lines = []
    for number, criterion in enumerate(criteria, 1):
        lines.append(f"{number}. {criterion.text}")
        for criterion_id, snapshot in entries:
            if criterion_id == criterion.pk:
                label = snapshot.get("label") or snapshot.get("kind", "")
                lines.append(f"　　{label}：{snapshot.get('text', '')}")
    return "\n".join(lines)


def application_form(application):
    """The application form (申报表, seed 001) as last submitted, with the branch's opinion.

    The figures, materials and statement are the submitted version's (the
    snapshot), so a render that runs after a withdrawal never prints a draft.
    """
    campaign, unit = application.campaign, application.unit
    submitted = application.versions.order_by("-number").first() or application
    share = Application(
        staff_count=submitted.staff_count, party_member_count=submitted.party_member_count
    ).party_member_share
    submitted_on = application.submitted_at and timezone.localtime(application.submitted_at).date()
    head = application.head_confirmed_by
    confirmed = (
        f"科室负责人确认：{head.name or head.username} {cn_date(application.head_confirmed_at)}"
        if head is not None
        else "科室负责人确认："
    )
    rows = [
        FormRow("申报单元", unit.name, pair=("申报日期", cn_date(submitted_on))),
        FormRow(
            "科室人数",
            str(submitted.staff_count),
            pair=("党员人数", str(submitted.party_member_count)),
        ),
        FormRow(
            "党员占比",
            f"{share}%" if share is not None else "—",
            pair=("所属党支部", branch_name(unit)),
        ),
        FormRow("科室资料目录", materials_text(application, submitted), signed=confirmed),
        FormRow("申报材料", submitted.statement),
    ]
    records = records_text(application, submitted)
    if records:
        rows.append(FormRow("附上的台账", records))
    if campaign.uses_branch_opinion:
        opinion = (
            application.branch_opinions.filter(version=application.version)
            .select_related("given_by")
            .first()
        )
        if opinion is None:
            rows.append(FormRow("党支部意见", "", signed="党支部书记："))
        else:
            verdict = "同意推荐。" if opinion.agrees else "不同意推荐。"
            secretary = opinion.given_by.name or opinion.given_by.username
            rows.append(
                FormRow(
                    "党支部意见",
                    f"{verdict}\n{opinion.opinion}",
                    signed=f"党支部书记：{secretary} {cn_date(opinion.given_at)}",
                )
            )
    profile = hospital_profile()
    rows.append(working_group_row(application))
    rows.append(party_committee_row(application, profile))
    return Notice(
        kind=NoticeKind.APPLICATION_FORM,
        issuing_body=profile.party_committee.name,
        title=f"{profile.name}创建“{profile.title_wording}”申报表",
        document_number=f"{campaign.title}（第{application.version}版）",
        form=rows,
        date=submitted_on or timezone.localdate(),
    )


# Seed 001's form leaves these for the signatures: blank until the records say more.
BLANK_DATE = "　　　　年　　月　　日"
WORKING_GROUP_BLANK = f"小组成员签名：＿＿＿＿＿＿＿＿{BLANK_DATE}"
PARTY_COMMITTEE_BLANK = f"（盖章）{BLANK_DATE}"

# After these the party office's review opinion (forwarded) and the leading
# group's decision (the list fixed) are final; before, the rows stay blank.
FORWARDED_STATES = (
    CampaignState.DECIDING,
    CampaignState.DECIDED,
    CampaignState.PUBLICITY,
    CampaignState.CLOSED,
)
LIST_FIXED_STATES = (CampaignState.DECIDED, CampaignState.PUBLICITY, CampaignState.CLOSED)


def _person(user):
    return user.name or user.username if user is not None else ""


def working_group_row(application):
    """工作小组审核意见 (seed 001): the party office's review opinion once the campaign
    was forwarded, and the leading group's decision once the list was fixed, each
    with its date and reason as recorded; blank with the signing line before."""
    state = application.campaign.state
    lines, signed = [], WORKING_GROUP_BLANK
    if state in FORWARDED_STATES:
        opinion = (
            application.review_opinions.select_related("written_by").order_by("-written_at", "-pk")
        ).first()
        if opinion is not None:
            verdict = "推荐" if opinion.recommended else "不推荐"
            lines.append(
                f"党办评审意见（{cn_date(opinion.written_at)}）：{verdict}。{opinion.opinion}"
            )
            signed = f"{_person(opinion.written_by)}　{cn_date(opinion.written_at)}"
    if state in LIST_FIXED_STATES:
        decision = (
            application.events.filter(transition__in=("approve", "reject"))
            .select_related("actor")
            .order_by("-at", "-pk")
            .first()
        )
        if decision is not None:
            verdict = "通过" if decision.transition == "approve" else "不通过"
            lines.append(f"领导小组审定（{cn_date(decision.at)}）：{verdict}。{decision.reason}")
            signed = f"{_person(decision.actor)}　{cn_date(decision.at)}"
    return FormRow("工作小组审核意见", "\n".join(lines), signed=signed)


def party_committee_row(application, profile):
    """医院党委意见 (seed 001): the party committee's confirmation of a commended
    application, with the meeting and its date; blank with the seal's line before
    (and for an application the confirmed list did not hold)."""
    campaign = application.campaign
    if campaign.confirmed_on is None or application.state != ApplicationState.COMMENDED:
        return FormRow("医院党委意见", "", signed=PARTY_COMMITTEE_BLANK)
    meeting = campaign.confirmation_reference or "院党委会"
    return FormRow(
        "医院党委意见",
        f"经{meeting}研究，同意授予“{profile.title_wording}”称号，予以通报表扬。",
        signed=f"{profile.party_committee.name}（盖章）　{cn_date(campaign.confirmed_on)}",
    )


# --- who may download, and the registration ----------------------------------------------


# The rules are appraisal/rules.py.


def _may_download_application_form(user, document):
    return document.application_id is not None and user.has_perm(VIEW, document.application)


def _may_download_certificate(user, document):
    if document.title_id is not None:
        title = document.title
    else:
        title = Title.objects.select_related("unit__head").get(pk=subject_pk(document))
    return user.has_perm("appraisal.download_certificate", title)


def _may_download_certificates(user, document):
    return user.has_perm("appraisal.download_certificates")


def _anyone(user, document):
    return True  # published in the hospital: every signed-in user


def _notice(builder):
    def content(subject):
        notice = builder(subject)
        return render_notice(notice), notice.document_number

    return content


def register():
    """Hand appraisal's kinds to the documents app (``AppraisalConfig.ready``)."""
    register_kind(
        DocumentKind.APPLICATION_FORM,
        subject=lambda pk: Application.objects.select_related(
            "campaign", "unit__party_branch", "unit__parent__party_branch", "head_confirmed_by"
        ).get(pk=pk),
        # The form's “number” names the campaign and version; the row keeps no number.
        content=lambda application: (render_notice(application_form(application)), ""),
        file_name=lambda application: safe_file_name(
            f"{application.unit.name}申报表（{application.campaign.year}年度）.pdf"
        ),
        may_download=_may_download_application_form,
    )
    register_kind(
        DocumentKind.COMMENDATION,
        subject=lambda pk: Campaign.objects.get(pk=pk),
        content=_notice(commendation_notice),
        file_name=lambda campaign: safe_file_name(
            f"{campaign.year}年度{hospital_profile().title_wording}表扬通报.pdf"
        ),
        may_download=_anyone,
    )
    register_kind(
        DocumentKind.CERTIFICATE,
        subject=lambda pk: Title.objects.select_related("unit").get(pk=pk),
        content=_notice(certificate),
        file_name=certificate_file_name,
        may_download=_may_download_certificate,
    )
    register_kind(
        DocumentKind.CERTIFICATES,
        subject=lambda pk: Campaign.objects.get(pk=pk),
        content=lambda campaign: (certificates_zip(campaign), ""),
        file_name=lambda campaign: safe_file_name(
            f"{campaign.year}年度{hospital_profile().title_wording}荣誉证书.zip"
        ),
        may_download=_may_download_certificates,
    )


# --- reads for appraisal's pages ----------------------------------------------------------


def application_form_document(application):
    """The stored application form of ``application``, or None."""
    return OfficialDocument.objects.filter(
        kind=DocumentKind.APPLICATION_FORM, application=application
    ).first()


def campaign_documents(campaign, user):
    """The documents of a confirmed campaign that ``user`` may download:
    ``(commendation, certificates_zip, {title pk: certificate})`` (two queries)."""
    documents = list(
        OfficialDocument.objects.filter(
            campaign=campaign,
            kind__in=[
                DocumentKind.COMMENDATION,
                DocumentKind.CERTIFICATES,
                DocumentKind.CERTIFICATE,
            ],
        ).select_related("title__unit__head")
    )
    allowed = [d for d in documents if may_download_document(user, d)]
    by_kind = {d.kind: d for d in allowed if d.kind != DocumentKind.CERTIFICATE}
    certificates = {d.title_id: d for d in allowed if d.kind == DocumentKind.CERTIFICATE}
    return (
        by_kind.get(DocumentKind.COMMENDATION),
        by_kind.get(DocumentKind.CERTIFICATES),
        certificates,
    )

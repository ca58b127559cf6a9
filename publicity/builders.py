"""What each official document says, built from the database rows.

One function per kind turns its subject into a ``Notice`` (``render_notice``
lays it out) or, for the certificates of a campaign, into the bytes of a ZIP.
``document_content(document)`` answers for a stored ``OfficialDocument``:
``RENDERERS`` maps each kind to the function that loads its subject (named
by the row's ``key``) and renders it. A kind without a renderer is refused
with a clear error, never printed as a stand-in.
"""

import io
import re
import zipfile

from django.conf import settings
from django.utils import timezone

from appraisal.enums import ApplicationState, TitleStatus
from core.templatetags.qinglian import cn_date
from publicity.enums import DocumentKind
from publicity.notices import FormRow, Heading, Notice, NoticeKind, Table, render_notice

DISCLOSURE = "此件院内公开"
LIST_COLUMNS = ("序号", "科室/清廉团队", "党支部")


class DocumentNotBuildableError(LookupError):
    """The document's kind has no renderer (yet), or its subject is not ready for it."""


# --- the list of departments -----------------------------------------------------------


def _branch_name(unit):
    """The unit's party branch; a clean team without its own is in its department's."""
    branch = unit.party_branch or (unit.parent.party_branch if unit.parent_id else None)
    return branch.name if branch else "—"


def _listed_units(campaign, state):
    from appraisal.models import Application

    applications = (
        Application.objects.filter(campaign=campaign, state=state)
        .select_related("unit__party_branch", "unit__parent__party_branch")
        .order_by("unit__code", "pk")
    )
    return [application.unit for application in applications]


def _list_table(units):
    return Table(
        columns=LIST_COLUMNS,
        rows=[(str(number), unit.name, _branch_name(unit)) for number, unit in enumerate(units, 1)],
    )


def _counted(units):
    """“心内科等3个科室（团队）”, or the one unit's name."""
    if len(units) == 1:
        return units[0].name
    return f"{units[0].name}等{len(units)}个科室（团队）"


# --- one function per kind ----------------------------------------------------------------


def publicity_notice(publicity):
    """The publicity notice (公示): the fixed list, the period and how to object."""
    campaign = publicity.campaign
    units = _listed_units(campaign, ApplicationState.APPROVED)
    contact = publicity.contact or settings.PUBLICITY_CONTACT
    return Notice(
        kind=NoticeKind.PUBLICITY,
        issuing_body=settings.NOTICE_ISSUING_BODY,
        document_number=publicity.document_number,
        title=f"关于{campaign.year}年度清廉科室拟表扬名单的公示",
        recipients="全院职工",
        body=(
            f"根据{campaign.year}年度清廉科室创建考评工作安排，经科室申报、党办评审、"
            f"清廉科室创建考评工作领导小组审定，拟对以下{len(units)}个科室（团队）予以表扬，"
            "并授予“清廉科室”称号，现予公示。",
            _list_table(units),
            f"公示期：{cn_date(publicity.starts_on)}至{cn_date(publicity.last_day)}"
            f"（{publicity.working_days}个工作日）。",
            f"公示期间，职工如对拟表扬科室有异议，可登录清廉科室评选系统或向{contact}实名提出，"
            "受理人将对异议人信息严格保密。",
        ),
        disclosure=DISCLOSURE,
        date=publicity.starts_on,
    )


def commendation_notice(campaign):
    """The commendation notice (通报表扬), issued as a 文件 after the party committee confirmed."""
    if campaign.confirmed_on is None:
        raise DocumentNotBuildableError(f"campaign {campaign.pk} is not confirmed yet")
    units = _listed_units(campaign, ApplicationState.COMMENDED)
    if not units:
        raise DocumentNotBuildableError(f"campaign {campaign.pk} has no commended department")
    meeting = campaign.confirmation_reference or "院党委会"
    return Notice(
        kind=NoticeKind.COMMENDATION,
        issuing_body=settings.NOTICE_ISSUING_BODY,
        document_number=campaign.commendation_number,
        title=f"关于表扬{campaign.year}年度清廉科室的通报",
        recipients="各党支部、各科室",
        body=(
            f"根据{campaign.year}年度清廉科室创建考评工作安排，经科室申报、党办评审、"
            f"清廉科室创建考评工作领导小组审定、院内公示，{meeting}研究确认，"
            f"决定对{_counted(units)}予以通报表扬，并授予“清廉科室”称号。",
            Heading("一、表扬名单"),
            _list_table(units),
            Heading("二、工作要求"),
            "希望受到表扬的科室（团队）珍惜荣誉，再接再厉，充分发挥示范引领作用。"
            "各党支部、各科室要以先进为榜样，持续推进清廉医院建设。",
        ),
        disclosure=DISCLOSURE,
        date=campaign.confirmed_on,
    )


def certificate(title):
    """The certificate (荣誉证书) of one title: one landscape page."""
    return Notice(
        kind=NoticeKind.CERTIFICATE,
        issuing_body=settings.NOTICE_ISSUING_BODY,
        unit=title.unit.name,
        year=title.year,
        document_number=title.certificate_number,
        date=title.awarded_on,
    )


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\s]+')


def safe_file_name(name):
    """``name`` with what a file system or an archive tool could misread replaced by “_”."""
    return _UNSAFE_IN_FILE_NAMES.sub("_", name).strip("._") or "_"


def certificate_file_name(title):
    return safe_file_name(f"{title.certificate_number}-{title.unit.name}") + ".pdf"


def certificates_zip(campaign):
    """A ZIP of the certificate of every title of ``campaign`` still held, one PDF each."""
    from appraisal.models import Title

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


def application_form(application):
    """The application form (申报表, seed 001) as last submitted, with the branch's opinion.

    The figures, materials and statement are the submitted version's (the
    snapshot), so a render that runs after a withdrawal never prints a draft.
    """
    from appraisal.models import Application

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
            pair=("所属党支部", _branch_name(unit)),
        ),
        FormRow("科室资料目录", submitted.materials_list, signed=confirmed),
        FormRow("申报材料", submitted.statement),
    ]
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
    return Notice(
        kind=NoticeKind.APPLICATION_FORM,
        issuing_body=settings.NOTICE_ISSUING_BODY,
        title=f"{settings.HOSPITAL_NAME}创建“清廉科室”申报表",
        document_number=f"{campaign.title}（第{application.version}版）",
        form=rows,
        date=submitted_on or timezone.localdate(),
    )


def _indicator_sentence(text):
    """An indicator's wording as the object of a sentence: without its closing “的。”."""
    return text.strip().rstrip("。；;.").removesuffix("的")


def rectification_notice(rectification):
    """The rectification notice (整改通知书) to the department: the facts, the revoked
    title, the period and what to submit. Never names who reported the event."""
    event, unit, title = rectification.event, rectification.unit, rectification.title
    decision = (
        f"经院党委研究决定，取消你科室{title.year}年度“清廉科室”称号，"
        f"并给予{rectification.months}个月整改期。"
        if title is not None
        else f"经院党委研究决定，给予你科室{rectification.months}个月整改期。"
    )
    period = f"整改期：{cn_date(rectification.starts_on)}至{cn_date(rectification.ends_on)}。"
    if rectification.events.filter(transition="extend").exists():
        period += f"经院党委研究，整改期延长至{cn_date(rectification.ends_on)}。"
    return Notice(
        kind=NoticeKind.RECTIFICATION,
        issuing_body=settings.RECTIFICATION_ISSUING_BODY,
        document_number=rectification.notice_number,
        title=f"关于对{unit.name}限期整改的通知",
        recipients=unit.name,
        body=(
            f"经核实，你科室于{cn_date(event.occurred_on)}发生否决性指标第{event.indicator_number}项"
            f"所列情形：{_indicator_sentence(event.indicator_text)}。{decision}",
            period,
            "请你科室认真查摆问题，剖析原因，制定并落实整改措施，"
            f"于{cn_date(rectification.ends_on)}前通过清廉科室评选系统提交书面整改报告。"
            "整改期满经院党委验收通过后，可按程序重新申报“清廉科室”。",
        ),
        date=rectification.starts_on,
    )


# --- a stored document's content --------------------------------------------------------


def subject_pk(document):
    """The pk of the record the document is about, from its key (“publicity:3”)."""
    return int(document.key.split(":", 1)[1])


def document_subject(document):
    """The record ``document`` is about, loaded with what its builder reads."""
    from appraisal.models import Application, Campaign, Title
    from publicity.models import Publicity

    pk = subject_pk(document)
    if document.kind == DocumentKind.PUBLICITY:
        return Publicity.objects.select_related("campaign").get(pk=pk)
    if document.kind in (DocumentKind.COMMENDATION, DocumentKind.CERTIFICATES):
        return Campaign.objects.get(pk=pk)
    if document.kind == DocumentKind.CERTIFICATE:
        return Title.objects.select_related("unit").get(pk=pk)
    if document.kind == DocumentKind.APPLICATION_FORM:
        return Application.objects.select_related(
            "campaign", "unit__party_branch", "unit__parent__party_branch", "head_confirmed_by"
        ).get(pk=pk)
    if document.kind == DocumentKind.RECTIFICATION:
        from veto.models import Rectification

        return Rectification.objects.select_related("event", "unit", "title").get(pk=pk)
    raise DocumentNotBuildableError(
        f"no subject is known for documents of the kind {document.kind}"
    )


def _notice_renderer(builder):
    def render(document):
        notice = builder(document_subject(document))
        return render_notice(notice), notice.document_number

    return render


def _render_certificates(document):
    return certificates_zip(document_subject(document)), ""


def _render_application_form(document):
    # The form's “number” names the campaign and version; the row keeps no number.
    return render_notice(application_form(document_subject(document))), ""


# kind → function(document) returning (bytes, the document number printed on it).
RENDERERS = {
    DocumentKind.PUBLICITY: _notice_renderer(publicity_notice),
    DocumentKind.COMMENDATION: _notice_renderer(commendation_notice),
    DocumentKind.CERTIFICATE: _notice_renderer(certificate),
    DocumentKind.CERTIFICATES: _render_certificates,
    DocumentKind.APPLICATION_FORM: _render_application_form,
    DocumentKind.RECTIFICATION: _notice_renderer(rectification_notice),
}


def document_content(document):
    """``(bytes, document number)`` of ``document`` as its data stands now.

    Raises ``DocumentNotBuildableError`` for a kind without a renderer.
    """
    renderer = RENDERERS.get(document.kind)
    if renderer is None:
        raise DocumentNotBuildableError(f"documents of the kind {document.kind} have no renderer")
    return renderer(document)


def download_name(document, subject):
    """The file name a person's download gets: what the document is, in Chinese."""
    if document.kind == DocumentKind.APPLICATION_FORM:
        name = f"{subject.unit.name}申报表（{subject.campaign.year}年度）.pdf"
    elif document.kind == DocumentKind.PUBLICITY:
        name = f"{subject.campaign.year}年度清廉科室拟表扬名单公示.pdf"
    elif document.kind == DocumentKind.COMMENDATION:
        name = f"{subject.year}年度清廉科室表扬通报.pdf"
    elif document.kind == DocumentKind.CERTIFICATE:
        return certificate_file_name(subject)
    elif document.kind == DocumentKind.CERTIFICATES:
        name = f"{subject.year}年度清廉科室荣誉证书.zip"
    elif document.kind == DocumentKind.RECTIFICATION:
        name = f"{subject.unit.name}整改通知书.pdf"
    else:
        name = f"{document.get_kind_display()}.pdf"
    return safe_file_name(name)

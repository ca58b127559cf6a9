"""The rectification notice (整改通知书): what it says, its file name and who may
read it. ``register`` hands it to ``documents.registry`` (called from
``VetoConfig.ready()``).
"""

from appraisal.enums import TitleStatus
from appraisal.models import Title
from core.templatetags.qinglian import cn_date
from documents.enums import DocumentKind
from documents.notices import Notice, NoticeKind, render_notice
from documents.registry import register_kind, safe_file_name, subject_pk
from hospital.selectors import hospital_profile
from veto.models import Rectification
from veto.rules import VIEW_RECTIFICATION


def _indicator_sentence(text):
    """An indicator's wording as the object of a sentence: without its closing “的。”."""
    return text.strip().rstrip("。；;.").removesuffix("的")


def revoked_titles(rectification):
    """Every title the rectification's event revoked, oldest year first.

    The confirmation revokes every title the unit holds at once
    (veto.services.effects.revoke_titles) and links the rectification to the
    first; the others are the unit's titles revoked the same day for the same
    reason, which the confirmation writes on each of them.
    """
    first = rectification.title
    if first is None:
        return []
    return list(
        Title.objects.filter(
            unit_id=rectification.unit_id,
            status=TitleStatus.REVOKED,
            revoked_on=first.revoked_on,
            revocation_reason=first.revocation_reason,
        ).order_by("year", "pk")
    )


def _years(titles):
    """“2024年度、2025年度”: each revoked title's year, in the notice's wording."""
    return "、".join(f"{title.year}年度" for title in titles)


def rectification_notice(rectification):
    """The rectification notice (整改通知书) to the department: the facts, every
    revoked title, the period and what to submit. Never names who reported the event."""
    event, unit = rectification.event, rectification.unit
    titles = revoked_titles(rectification)
    profile = hospital_profile()
    wording = profile.title_wording
    decision = (
        f"经院党委研究决定，取消你科室{_years(titles)}“{wording}”称号，"
        f"并给予{rectification.months}个月整改期。"
        if titles
        else f"经院党委研究决定，给予你科室{rectification.months}个月整改期。"
    )
    period = f"整改期：{cn_date(rectification.starts_on)}至{cn_date(rectification.ends_on)}。"
    if rectification.events.filter(transition="extend").exists():
        period += f"经院党委研究，整改期延长至{cn_date(rectification.ends_on)}。"
    return Notice(
        kind=NoticeKind.RECTIFICATION,
        issuing_body=profile.discipline_commission.name,
        document_number=rectification.notice_number,
        title=f"关于对{unit.name}限期整改的通知",
        recipients=unit.name,
        body=(
            f"经核实，你科室于{cn_date(event.occurred_on)}发生否决性指标第{event.indicator_number}项"
            f"所列情形：{_indicator_sentence(event.indicator_text)}。{decision}",
            period,
            "请你科室认真查摆问题，剖析原因，制定并落实整改措施，"
            f"于{cn_date(rectification.ends_on)}前通过清廉科室评选系统提交书面整改报告。"
            f"整改期满经院党委验收通过后，可按程序重新申报“{wording}”。",
        ),
        date=rectification.starts_on,
    )


def _content(rectification):
    notice = rectification_notice(rectification)
    return render_notice(notice), notice.document_number


def _may_download(user, document):
    """Whoever may see the rectification (``veto.view_rectification``): the party
    office, the discipline office, the party committee, and the department's
    applicants and head."""
    if document.rectification_id is not None:
        rectification = document.rectification
    else:
        rectification = Rectification.objects.select_related("unit__head").get(
            pk=subject_pk(document)
        )
    return user.has_perm(VIEW_RECTIFICATION, rectification)


def register():
    """Hand the rectification notice to the documents app (``VetoConfig.ready``)."""
    register_kind(
        DocumentKind.RECTIFICATION,
        subject=lambda pk: Rectification.objects.select_related("event", "unit", "title").get(
            pk=pk
        ),
        content=_content,
        file_name=lambda rectification: safe_file_name(f"{rectification.unit.name}整改通知书.pdf"),
        may_download=_may_download,
    )

"""The publicity notice (公示): what it says, its file name, and the board's
cache cleared once it is stored. ``register`` hands it to ``documents.registry``
(called from ``PublicityConfig.ready()``).

The notice's wording and its file name are the hospital's official document:
they stay in Chinese whatever the page's language, so they are not marked for
translation.
"""

from appraisal.documents import list_table, listed_units
from appraisal.enums import ApplicationState
from core.templatetags.qinglian import cn_date
from documents.enums import DocumentKind
from documents.notices import DISCLOSURE, Notice, NoticeKind, render_notice
from documents.registry import register_kind, safe_file_name
from hospital.selectors import hospital_profile
from publicity.models import Publicity
from publicity.services.board import board_changed


def publicity_notice(publicity):
    """The publicity notice (公示): the fixed list, the period and how to object."""
    campaign = publicity.campaign
    units = listed_units(campaign, ApplicationState.APPROVED)
    profile = hospital_profile()
    title = profile.title_wording
    contact = publicity.contact or profile.objection_contact
    return Notice(
        kind=NoticeKind.PUBLICITY,
        issuing_body=profile.party_committee.name,
        document_number=publicity.document_number,
        title=f"关于{campaign.year}年度{title}拟表扬名单的公示",
        recipients="全院职工",
        body=(
            f"根据{campaign.year}年度{title}创建考评工作安排，经科室申报、党办评审、"
            f"{title}创建考评工作领导小组审定，拟对以下{len(units)}个科室（团队）予以表扬，"
            f"并授予“{title}”称号，现予公示。",
            list_table(units),
            f"公示期：{cn_date(publicity.starts_on)}至{cn_date(publicity.last_day)}"
            f"（{publicity.working_days}个工作日）。",
            f"公示期间，职工如对拟表扬科室有异议，可登录清廉科室评选系统或向{contact}实名提出，"
            "受理人将对异议人信息严格保密。",
        ),
        disclosure=DISCLOSURE,
        date=publicity.starts_on,
    )


def _content(publicity):
    notice = publicity_notice(publicity)
    return render_notice(notice), notice.document_number


def register():
    """Hand the publicity notice to the documents app (``PublicityConfig.ready``)."""
    register_kind(
        DocumentKind.PUBLICITY,
        subject=lambda pk: Publicity.objects.select_related("campaign").get(pk=pk),
        content=_content,
        file_name=lambda publicity: safe_file_name(
            f"{publicity.campaign.year}年度{hospital_profile().title_wording}拟表扬名单公示.pdf"
        ),
        # Published in the hospital: every signed-in user.
        may_download=lambda user, document: True,
        # The board's cached content now offers the notice.
        on_ready=lambda document: board_changed(),
    )

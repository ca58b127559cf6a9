"""The integrity records as appraisal's record kinds (``appraisal.records``), registered
from ``IntegrityConfig.ready()``: what a unit's commitments, talks and study sessions of a
year come to, for its application's evidence and the coverage page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appraisal.records import RecordItem, RecordKind, RecordSummary, register_record_kind
from core.i18n import join_items
from core.links import url_for_each
from integrity.coverage import READS, year_coverage_kept

COMMITMENTS = "integrity.commitments"
TALKS = "integrity.talks"
STUDY_SESSIONS = "integrity.study_sessions"
KEYS = (COMMITMENTS, TALKS, STUDY_SESSIONS)

QUARTER_LABELS = {
    1: gettext_lazy("一季度"),
    2: gettext_lazy("二季度"),
    3: gettext_lazy("三季度"),
    4: gettext_lazy("四季度"),
}


def records_url(unit, year):
    return reverse("integrity:unit", args=[unit.pk, year])


def records_url_for_each(year):
    """``unit pk -> records_url``, reversed once (for many units)."""
    return url_for_each("integrity:unit", year)


def _share(part, whole, pct):
    if not whole:
        return _("无应签人员")
    return _("%(part)s/%(whole)s 人（%(percent)s%%）") % {
        "part": part,
        "whole": whole,
        "percent": pct,
    }


def commitments_summary(coverage, url):
    signed, members = len(coverage.signed_members), len(coverage.commitment_members)
    pct = coverage.commitments_percent
    return RecordSummary(
        kind=COMMITMENTS,
        text=_("已签 %(share)s") % {"share": _share(signed, members, pct)}
        if members
        else _("无在册人员"),
        figures={"signed": signed, "members": members, "percent": pct},
        url=url,
    )


def talks_summary(coverage, url):
    talked, members = len(coverage.talked_members), len(coverage.talk_members)
    pct = coverage.talks_percent
    return RecordSummary(
        kind=TALKS,
        text=_("已约谈 %(share)s") % {"share": _share(talked, members, pct)}
        if members
        else _("无应约谈人员"),
        figures={"talked": talked, "members": members, "percent": pct},
        url=url,
    )


def sessions_summary(coverage, url):
    by_quarter = join_items(
        f"{QUARTER_LABELS[q]} {coverage.by_quarter[q]}" for q in sorted(coverage.by_quarter)
    )
    return RecordSummary(
        kind=STUDY_SESSIONS,
        text=_("学习 %(sessions)s 次，覆盖 %(quarters)s 个季度（%(by_quarter)s）")
        % {
            "sessions": coverage.session_count,
            "quarters": coverage.quarters_covered,
            "by_quarter": by_quarter,
        },
        figures={
            "sessions": coverage.session_count,
            "quarters_covered": coverage.quarters_covered,
            "quarters_missed": len(coverage.quarters_missed),
            "by_quarter": {str(q): count for q, count in coverage.by_quarter.items()},
        },
        url=url,
        items=tuple(
            RecordItem(label=topic, date=held_on.isoformat(), url=f"{url}#session-{pk}")
            for pk, held_on, topic in coverage.sessions
        ),
    )


SUMMARIES = {
    COMMITMENTS: commitments_summary,
    TALKS: talks_summary,
    STUDY_SESSIONS: sessions_summary,
}


def _summarize(key):
    def summarize(units, year):
        units = list(units)
        # Kept: the three kinds of one call share one computation (and the next page's).
        coverages = year_coverage_kept(units, year)
        url_of = records_url_for_each(year)
        make = SUMMARIES[key]
        return {unit.pk: make(coverages[unit.pk], url_of(unit.pk)) for unit in units}

    return summarize


def register():
    register_record_kind(
        RecordKind(
            key=COMMITMENTS,
            label=gettext_lazy("廉洁承诺书"),
            summarize=_summarize(COMMITMENTS),
            reads=READS,
            figures={
                "signed": gettext_lazy("已签人数"),
                "members": gettext_lazy("应签人数（年末或今天在册人员）"),
                "percent": gettext_lazy("签署率（%，向下取整）"),
            },
            order=10,
        )
    )
    register_record_kind(
        RecordKind(
            key=TALKS,
            label=gettext_lazy("廉政约谈"),
            summarize=_summarize(TALKS),
            reads=READS,
            figures={
                "talked": gettext_lazy("已约谈人数"),
                "members": gettext_lazy("应约谈人数（本年在科满 30 天）"),
                "percent": gettext_lazy("约谈覆盖率（%，向下取整）"),
            },
            order=11,
        )
    )
    register_record_kind(
        RecordKind(
            key=STUDY_SESSIONS,
            label=gettext_lazy("科内学习"),
            summarize=_summarize(STUDY_SESSIONS),
            reads=READS,
            figures={
                "sessions": gettext_lazy("学习次数"),
                "quarters_covered": gettext_lazy("有学习的季度数"),
                "quarters_missed": gettext_lazy("已结束而无学习的季度数"),
                "by_quarter": gettext_lazy("各季度次数"),
            },
            order=12,
        )
    )

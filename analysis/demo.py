"""The demo hospital's quarterly situation analysis (home's demo loader calls it after
the year's records): the last quarter that has ended issued by the party office with its
commentary, the committee's conclusions recorded a few days later, and the current
quarter drafted. Through the services, as the offices would; a second run adds nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from analysis import services
from analysis.figures import quarter_last_day, quarter_of
from analysis.models import QuarterlyReport
from workcalendar.workdays import SHANGHAI

PAST_COMMENTARY = (
    "本季度全院党风廉政建设工作总体平稳有序。工作计划各重点任务按节点推进，"
    "个别节点逾期，已督促牵头科室限期完成；各责任科室月度报告基本按时报送。\n"
    "各科室廉洁承诺书签订和廉政约谈有序开展，口腔科、总务科科内学习开展不够经常，"
    "需加强督促。调研指导发现的问题已纳入整改台账，正在按期整改。\n"
    "下一步建议：一是对逾期节点和逾期报告逐一督办；二是对台账落后科室开展约谈提醒；"
    "三是做好下半年调研指导的准备工作。"
)
CONCLUSIONS = (
    "院党委会议听取了党办关于本季度党风廉政建设形势的分析汇报，同意党办的分析意见。"
    "会议要求：各责任科室对照问题清单抓好整改，纪检监察室加强日常监督，"
    "党办做好下季度台账落后科室的督促工作，整改情况在下次会议上报告。"
)
CURRENT_COMMENTARY = "本季度数据实时汇总中，季度结束后补充分析意见并印发。"


def _previous_quarter(year, quarter):
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def load_demo_year_round(*, today=None):
    """Issue the last ended quarter's report (with the committee's conclusions) and draft
    the current one, each unless the quarter has a report. Returns the issued version,
    or None when it existed or the demo accounts are missing."""
    today = today or timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=["po", "committee"])}
    if len(users) < 2:
        return None
    party_office, committee = users["po"], users["committee"]
    year, quarter = _previous_quarter(today.year, quarter_of(today))
    issued = None
    if not QuarterlyReport.objects.filter(year=year, quarter=quarter).exists():
        issued_on = min(quarter_last_day(year, quarter) + datetime.timedelta(days=6), today)
        version = services.report_draft(year=year, quarter=quarter, by=party_office, today=today)
        services.commentary_save(version=version, commentary=PAST_COMMENTARY, by=party_office)
        at = datetime.datetime.combine(issued_on, datetime.time(10), SHANGHAI)
        issued = services.report_issue(version=version, by=party_office, now=at)
        issued = services.conclusions_record(
            version=issued,
            by=committee,
            conclusions=CONCLUSIONS,
            meeting_on=min(issued_on + datetime.timedelta(days=3), today),
            today=today,
        )
    if not QuarterlyReport.objects.filter(year=today.year, quarter=quarter_of(today)).exists():
        draft = services.report_draft(
            year=today.year, quarter=quarter_of(today), by=party_office, today=today
        )
        services.commentary_save(version=draft, commentary=CURRENT_COMMENTARY, by=party_office)
    return issued

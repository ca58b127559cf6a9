"""The demo hospital's risk points and key posts (departments/demo.py must be loaded first).

``load_demo_year_round()`` adds, for every active unit without any, a few risk points
with realistic posts (seed 003 and 004: 药品采购, 设备采购, 基建, 收费, 处方 …), most of
them reviewed this year; and key-post holders in the offices that have such posts, one
past the hospital's rotation limit and one reaching it within two months. A unit that
already has points (or holders) is left as it is, so running it again adds nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.history import changed_by
from departments.models import Department, DepartmentKind, Person
from risks.models import KeyPost, KeyPostHolding, RiskPoint, RiskReview
from risks.rotation import add_months, add_years, rotation_limit

REASON = "演示数据"

# (post, risk, grade, measure): per kind of department, then for the offices by code.
BY_KIND = {
    DepartmentKind.CLINICAL: [
        (
            "处方",
            "开具大处方、人情方，或因药品回扣诱导用药",
            "1",
            "每月处方点评，超常用药预警并约谈；落实“九不准”，签订廉洁承诺",
        ),
        (
            "医用耗材使用",
            "高值耗材使用中接受厂商宴请或回扣",
            "1",
            "高值耗材使用登记、双人核对，跟台人员登记备案",
        ),
        ("医疗收费", "分解收费、重复收费、超标准收费", "2", "费用清单每日公开，每月收费自查"),
        ("入院与床位安排", "利用床位安排收受红包", "3", "床位统一调配并公示，设立投诉电话"),
    ],
    DepartmentKind.MEDICAL_TECH: [
        (
            "检查检验",
            "开展不必要的检查，或出具不实报告",
            "2",
            "检查适应证审核，报告双签，定期抽查",
        ),
        (
            "试剂与耗材需求申报",
            "需求申报指定品牌，收受供应商好处",
            "1",
            "需求论证集体决策，参数不得指向单一品牌",
        ),
        ("结果发放", "泄露患者信息", "3", "结果发放实名核对，信息系统留痕"),
    ],
    DepartmentKind.NURSING: [
        ("耗材申领", "虚报冒领耗材", "2", "按需申领，月度盘点，账物相符"),
        ("护理收费", "漏收、多收护理费用", "3", "收费双人核对，每周抽查"),
    ],
    DepartmentKind.ADMINISTRATIVE: [
        ("公务接待", "超标准接待、公款吃喝", "2", "接待审批单、清单和发票三单对应"),
        ("文件与印章管理", "违规用印", "3", "用印登记审批，专人保管"),
    ],
    DepartmentKind.LOGISTICS: [
        (
            "物资采购",
            "化整为零规避招标，收受回扣",
            "1",
            "采购计划公开，询价三家以上，验收与采购分离",
        ),
        ("维修服务", "虚增维修工程量", "2", "维修单据双签，大额维修第三方审核"),
    ],
}
BY_CODE = {
    "YJK": [
        ("药品采购", "药品遴选、采购中收受回扣", "1", "药事委员会集体决策，采购全程留痕，定期轮岗"),
        ("药库管理", "药品出入库不实、过期药品处置不当", "2", "出入库双人核对，月度盘点"),
    ],
    "SBK": [
        (
            "设备采购",
            "设备论证、招标中倾向特定供应商",
            "1",
            "论证与采购分离，参数专家审核，招标全程监督",
        ),
        ("设备验收", "验收走过场，以次充好", "2", "使用科室、设备科、审计三方验收"),
    ],
    "ZWK": [
        (
            "基建工程",
            "工程发包、变更签证中利益输送",
            "1",
            "工程招标进入公共资源交易平台，变更签证集体审定",
        ),
        ("总务物资管理", "物资出入库不实", "2", "出入库系统登记，季度盘点"),
    ],
    "CWK": [
        ("收费", "截留、挪用收费款项", "1", "日清日结，收费与对账岗位分离"),
        ("报销审核", "审核把关不严，违规报销", "2", "报销三级审核，大额支出集体审批"),
    ],
    "RSK": [
        ("人事招聘", "招聘中打招呼、优亲厚友", "2", "招聘方案公开，面试专家随机抽取，结果公示")
    ],
    "YWK": [("医疗纠纷处理", "违规处理纠纷赔偿", "2", "纠纷处理集体研究，赔偿按程序审批")],
}

# (unit code, key post, index of the person among the unit's people, how it stands):
# "past" has held it past the rotation limit, "soon" reaches it within two months.
HOLDERS = [
    ("SBK", "设备采购", 2, "past"),
    ("SBK", "招标采购", 3, "within"),
    ("YJK", "药品采购", 2, "soon"),
    ("YJK", "药库管理", 3, "within"),
    ("ZWK", "基建工程", 2, "within"),
    ("ZWK", "总务物资管理", 3, "within"),
    ("CWK", "财务收费", 2, "within"),
]


def _keeper(unit, fallback):
    head = unit.head
    return head.user if head is not None and head.user_id else fallback


def _since(kind, today, limit):
    if kind == "past":
        return add_months(add_years(today, -limit), -3)
    if kind == "soon":
        return add_months(add_years(today, -limit), 2)
    return add_years(today, -1)


@transaction.atomic
def load_demo_year_round():
    """Add the demo risk points and key-post holders that are missing. Returns counts.

    Side effects: RiskPoint, RiskReview, KeyPost (a post the list lacks) and
    KeyPostHolding rows, each with a history row, credited to the unit's head (or the
    demo discipline office when the head has no account).
    """
    fallback = User.objects.filter(username="discipline").first() or User.objects.first()
    if fallback is None:
        return {"风险点": 0, "复核": 0, "重点岗位在岗": 0}
    today = timezone.localdate()
    limit = rotation_limit()
    recorded_on = datetime.date(today.year - 1, 3, 1)
    reviewed_on = min(today, datetime.date(today.year, 3, 20))
    created = {"风险点": 0, "复核": 0, "重点岗位在岗": 0}
    units = Department.objects.filter(active=True).select_related("head").order_by("code")
    with_points = set(RiskPoint.objects.values_list("unit_id", flat=True))
    number = 0
    for unit in units:
        if unit.pk in with_points:
            continue
        keeper = _keeper(unit, fallback)
        rows = BY_CODE.get(unit.code) or BY_KIND.get(unit.kind, [])
        for post, risk, grade, measure in rows:
            number += 1
            point = RiskPoint(
                unit=unit,
                post=post,
                risk=risk,
                grade=grade,
                measure=measure,
                recorded_on=recorded_on,
                recorded_by=keeper,
            )
            changed_by(point, by=keeper, reason=REASON).save()
            created["风险点"] += 1
            if number % 6 == 0:  # about one in six not yet reviewed this year
                continue
            RiskReview.objects.create(
                risk_point=point,
                reviewed_on=reviewed_on,
                year=reviewed_on.year,
                outcome="经科室集体研究，风险等级维持，防控措施有效。",
                grade_before=grade,
                grade_after=grade,
                reviewed_by=keeper,
            )
            created["复核"] += 1

    with_holdings = set(KeyPostHolding.objects.values_list("unit_id", flat=True))
    by_code = {unit.code: unit for unit in units}
    for code, post_name, index, kind in HOLDERS:
        unit = by_code.get(code)
        if unit is None or unit.pk in with_holdings:
            continue
        people = list(
            Person.objects.filter(department=unit, active=True).order_by("employee_number")
        )
        if len(people) <= index:
            continue
        post, _new = KeyPost.objects.get_or_create(name=post_name)
        keeper = _keeper(unit, fallback)
        holding = KeyPostHolding(
            unit=unit,
            post=post,
            person=people[index],
            since=_since(kind, today, limit),
            recorded_by=keeper,
        )
        changed_by(holding, by=keeper, reason=REASON).save()
        created["重点岗位在岗"] += 1
    return created

"""The demo hospital's work plan for the current year (departments/demo.py's hospital),
modelled on the 任务清单 of a hospital's 廉洁医院建设行动 plan (seed 003): six key
tasks, two or three measures each, nodes through the year, leaders from 院领导.

``load_demo_year_round`` adds what is missing (the plan, tasks by title) through the
services, credited to the demo discipline-office account; nodes already past are
marked done but one, so the plan page shows a task with an overdue node. Running it
twice changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError
from departments.models import Department, Person
from workplan.models import WorkPlan
from workplan.services import plans as services

DISCIPLINE_USERNAME = "discipline"

# (title, target, leader indexes among 院领导 (YLD), lead office, cooperating offices,
#  [(measure, schedule text)])
TASKS = [
    (
        "加强医德医风教育，弘扬崇高职业精神",
        "干部职工警示教育覆盖率100%，廉洁文化宣传每季度不少于1次",
        (0, 1),
        "DZB",
        ("JJS", "YWK"),
        [
            ("集中开展警示教育月活动，组织干部职工观看廉政警示教育片、参观廉政教育基地", "5月底前"),
            ("利用OA新闻栏、电视晨会等平台宣传行风建设和廉洁教育工作", "第二季度；第四季度"),
        ],
    ),
    (
        "严格落实《医疗机构工作人员廉洁从业九项准则》",
        "九项准则纳入各级各类培训，违规行为及时查处",
        (1, 2),
        "YWK",
        ("YJK", "ZGK", "JJS"),
        [
            ("对照九项准则实施细则细化院内规范，纳入岗前教育和业务培训", "3月底前"),
            ("加强合理用药和高值耗材管理，定期开展处方点评", "6月30日前"),
            ("开展医疗质量安全核心制度落实情况自查自纠", "下半年"),
        ],
    ),
    (
        "完善医务人员医德考评体系和医德档案",
        "医德考评结果与晋职晋级、评先评优挂钩",
        (2,),
        "RSK",
        ("YWK", "HLB"),
        [
            ("结合医院实际制定医德考评实施细则", "4月底前"),
            ("完成年度医德考评并归入医德档案", "12月底前"),
        ],
    ),
    (
        "落实党风廉政建设主体责任",
        "主体责任清单、廉洁承诺书全覆盖，层层传导压力",
        (0, 3),
        "DZB",
        ("JJS",),
        [
            ("制定党委落实全面从严治党主体责任清单及工作安排", "2月底前"),
            ("各科室签订廉洁承诺书，科室负责人开展廉政约谈", "3月底前"),
            ("领导班子成员述责述廉", "12月底前"),
        ],
    ),
    (
        "加强对决策、基建、采购、人事、财务等关键权力的监督",
        "廉洁风险点全面梳理评级，重点岗位按期轮岗",
        (3, 4),
        "JJS",
        ("CWK", "SBK", "ZWK", "RSK"),
        [
            ("编制廉洁风险防控职权目录，按一级、二级、三级评定风险点并制定防控措施", "6月底前"),
            ("对重点岗位人员开展轮岗交流", "9月底前"),
            ("完整存档“三重一大”事项会议记录", "长期坚持"),
        ],
    ),
    (
        "深化医药领域腐败问题集中整治，做实以案促改",
        "信访举报线索按期办结，典型案例警示教育全覆盖",
        (3,),
        "JJS",
        ("YWK", "YJK", "SBK"),
        [
            ("畅通信访举报渠道，落实线索移送机制", "3月31日前"),
            ("以全国典型案例开展以案促改专题警示教育", "上半年；11月底前"),
        ],
    ),
]
# The one node left open (so overdue) among those past: the rotation of key posts.
LEFT_OPEN = ("加强对决策、基建、采购、人事、财务等关键权力的监督", "对重点岗位人员开展轮岗交流")


@transaction.atomic
def load_demo_year_round(today=None):
    """Add the current year's demo plan and whatever of its tasks is missing; return the plan.

    Needs the demo hospital (``load_demo_hospital``). Side effects: the plan, tasks,
    measures and nodes with history rows (by the demo discipline office); past nodes
    marked done, but one.
    """
    today = today or timezone.localdate()
    keeper = User.objects.filter(username=DISCIPLINE_USERNAME).first()
    if keeper is None:
        raise DomainError(_("演示医院尚未创建：请先运行 python manage.py load_demo_hospital。"))
    offices = {d.code: d for d in Department.objects.all()}
    leaders = list(Person.objects.filter(department__code="YLD").order_by("employee_number"))
    plan = WorkPlan.objects.filter(year=today.year).first()
    if plan is None:
        plan = services.plan_create(year=today.year, by=keeper)
    existing = set(plan.tasks.values_list("title", flat=True))
    for title, target, leader_indexes, lead, cooperating, measures in TASKS:
        if title in existing:
            continue
        task = services.task_add(
            plan=plan,
            title=title,
            target_outcome=target,
            leaders=[leaders[i] for i in leader_indexes if i < len(leaders)],
            lead_office=offices[lead],
            cooperating_offices=[offices[code] for code in cooperating if code in offices],
            by=keeper,
        )
        for text, schedule in measures:
            measure = services.measure_add(task=task, text=text, schedule_text=schedule, by=keeper)
            if (title, text) == LEFT_OPEN:
                continue
            for node in measure.nodes.all():
                if node.due_on < today:
                    services.node_mark(
                        node=node,
                        done=True,
                        today=node.due_on - datetime.timedelta(days=3),
                        by=keeper,
                    )
    return plan

"""The demo hospital: departments, party branches, about 600 people and one
demo account for every role, for ``make run`` and for trying the product.

Everything is derived from fixed tables and a seeded random generator, so the
same hospital comes out on every machine. ``load_demo_hospital`` only adds what
is missing, found by natural key (branch name, department code, employee
number, username); it never changes or removes what is there, so running it
twice changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from accounts.roles import Role

from .models import Appointment, Department, DepartmentKind, PartyBranch, Person, Post
from .services import appoint

# Public on purpose: printed by the commands and written in the README.
DEMO_PASSWORD = "qinglian2026"  # noqa: S105
DEMO_EMAIL_DOMAIN = "hospital.example"
HISTORY_REASON = "演示数据"
SEED = 2026

# --- the hospital -------------------------------------------------------------------

# Party branches: name → where its secretary works (department code, index among its people).
BRANCHES = {
    "内科党支部": ("SJK", 1),
    "外科党支部": ("PWK", 1),
    "妇儿党支部": ("FCK", 1),
    "医技党支部": ("FSK", 1),
    "护理党支部": ("HLB", 1),
    "机关党支部": ("RSK", 1),
    "后勤党支部": ("ZWK", 1),
}


@dataclass(frozen=True)
class DemoDepartment:
    code: str
    name: str
    kind: str
    branch: str
    size: int
    party_share: float  # share of party members among its people
    parent: str = ""  # set for a clean team (清廉团队)


_C, _T, _N = DepartmentKind.CLINICAL, DepartmentKind.MEDICAL_TECH, DepartmentKind.NURSING
_A, _L = DepartmentKind.ADMINISTRATIVE, DepartmentKind.LOGISTICS

DEPARTMENTS = [
    DemoDepartment("XNK", "心血管内科", _C, "内科党支部", 32, 0.45),
    DemoDepartment("HXK", "呼吸与危重症医学科", _C, "内科党支部", 26, 0.35),
    DemoDepartment("XHK", "消化内科", _C, "内科党支部", 24, 0.35),
    DemoDepartment("SJK", "神经内科", _C, "内科党支部", 24, 0.40),
    DemoDepartment("ZYK", "中医科", _C, "内科党支部", 14, 0.30),
    DemoDepartment("PWK", "普外科", _C, "外科党支部", 30, 0.40),
    DemoDepartment("GKE", "骨科", _C, "外科党支部", 26, 0.35),
    DemoDepartment("KQK", "口腔科", _C, "外科党支部", 12, 0.25),
    DemoDepartment("JZK", "急诊科", _C, "外科党支部", 26, 0.35),
    DemoDepartment("ZZK", "重症医学科", _C, "外科党支部", 22, 0.35),
    DemoDepartment("FCK", "妇产科", _C, "妇儿党支部", 32, 0.30),
    DemoDepartment("EKE", "儿科", _C, "妇儿党支部", 24, 0.30),
    DemoDepartment("JYK", "检验科", _T, "医技党支部", 26, 0.45),
    DemoDepartment("FSK", "放射科", _T, "医技党支部", 22, 0.35),
    DemoDepartment("CSK", "超声医学科", _T, "医技党支部", 16, 0.30),
    DemoDepartment("YJK", "药剂科", _T, "医技党支部", 24, 0.35),
    DemoDepartment("BLK", "病理科", _T, "医技党支部", 10, 0.40),
    DemoDepartment("HLB", "护理部", _N, "护理党支部", 8, 0.60),
    DemoDepartment("SSS", "手术室", _N, "护理党支部", 32, 0.25),
    DemoDepartment("GYZ", "消毒供应中心", _N, "护理党支部", 14, 0.20),
    DemoDepartment("YLD", "院领导", _A, "机关党支部", 7, 0.85),
    DemoDepartment("DZB", "党政办", _A, "机关党支部", 10, 0.70),
    DemoDepartment("JJS", "纪检监察室", _A, "机关党支部", 5, 0.80),
    DemoDepartment("YWK", "医务科", _A, "机关党支部", 8, 0.60),
    DemoDepartment("ZGK", "质管科", _A, "机关党支部", 6, 0.50),
    DemoDepartment("GWK", "公卫科", _A, "机关党支部", 6, 0.50),
    DemoDepartment("YGK", "院感科", _A, "机关党支部", 5, 0.40),
    DemoDepartment("KJK", "科教科", _A, "机关党支部", 5, 0.60),
    DemoDepartment("RSK", "人事科", _A, "机关党支部", 6, 0.67),
    DemoDepartment("CWK", "财务科", _A, "机关党支部", 8, 0.50),
    DemoDepartment("XXK", "信息科", _A, "机关党支部", 7, 0.30),
    DemoDepartment("ZWK", "总务科", _L, "后勤党支部", 24, 0.25),
    DemoDepartment("SBK", "设备科", _L, "后勤党支部", 9, 0.33),
    DemoDepartment("BWK", "保卫科", _L, "后勤党支部", 14, 0.30),
    # Clean teams: units inside a department that apply on their own (seed 002).
    DemoDepartment("XNK-T1", "心血管内科导管室清廉团队", _C, "内科党支部", 12, 0.45, "XNK"),
    DemoDepartment("JYK-T1", "检验科微生物室清廉团队", _T, "医技党支部", 10, 0.50, "JYK"),
    DemoDepartment("YJK-T1", "药剂科门诊药房清廉团队", _T, "医技党支部", 14, 0.35, "YJK"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    roles: tuple  # besides Role.STAFF, which every account holds
    department: str  # code of the department the person works in
    index: int  # which of its people (0 is the head)
    applies_for: str = ""  # department code of the applicant grant
    is_staff: bool = False  # may enter the admin


DEMO_ACCOUNTS = [
    DemoAccount("applicant_xnk", (Role.APPLICANT,), "XNK", 0, applies_for="XNK"),
    DemoAccount("applicant_jyk", (Role.APPLICANT,), "JYK", 0, applies_for="JYK"),
    # Heads of the other departments in the demo campaign (appraisal/demo.py).
    DemoAccount("applicant_hxk", (Role.APPLICANT,), "HXK", 0, applies_for="HXK"),
    DemoAccount("applicant_pwk", (Role.APPLICANT,), "PWK", 0, applies_for="PWK"),
    DemoAccount("applicant_eke", (Role.APPLICANT,), "EKE", 0, applies_for="EKE"),
    DemoAccount("applicant_sss", (Role.APPLICANT,), "SSS", 0, applies_for="SSS"),
    DemoAccount("secretary", (Role.BRANCH_SECRETARY,), *BRANCHES["内科党支部"]),
    # The 医技 branch's secretary: the clean teams' review round has branch opinions (appraisal/demo.py).
    DemoAccount("secretary_yj", (Role.BRANCH_SECRETARY,), *BRANCHES["医技党支部"]),
    DemoAccount("reviewer1", (Role.REVIEWER,), "XHK", 2),
    DemoAccount("reviewer2", (Role.REVIEWER,), "FSK", 2),
    DemoAccount("reviewer3", (Role.REVIEWER,), "HLB", 2),
    DemoAccount("reviewer4", (Role.REVIEWER,), "CWK", 1),
    DemoAccount("reviewer5", (Role.REVIEWER,), "BWK", 1),
    DemoAccount("po", (Role.PARTY_OFFICE,), "DZB", 1),
    DemoAccount("leader1", (Role.LEADING_GROUP,), "YLD", 1),
    DemoAccount("leader2", (Role.LEADING_GROUP,), "YLD", 2),
    DemoAccount("leader3", (Role.LEADING_GROUP,), "YWK", 0),
    DemoAccount("committee", (Role.PARTY_COMMITTEE,), "YLD", 0),
    DemoAccount("discipline", (Role.DISCIPLINE_OFFICE,), "JJS", 1),
    DemoAccount("staff", (), "GKE", 5),
    DemoAccount("admin", (Role.ADMIN,), "XXK", 1, is_staff=True),
]

# --- names ----------------------------------------------------------------------------

# Common surnames, the most frequent first and repeated so they come up more often.
_SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷"
)
_GIVEN_NAMES = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 斌 鑫 颖 琳 晶 欢 蕾 宁 帆 凯 "
    "秀英 桂英 秀兰 建华 建国 建军 志强 志刚 海燕 海涛 丽娟 丽华 晓东 晓燕 晓明 晓红 春梅 春燕 "
    "文博 文静 文杰 子涵 子轩 欣怡 梓轩 梓涵 雨婷 雨涵 浩然 浩宇 思远 思琪 佳琪 佳怡 嘉怡 嘉豪 "
    "一鸣 宏伟 鹏飞 少华 卫东 家豪 心怡 诗琪 秋月 淑珍 国庆 瑞雪 振华 德明 永红 亚楠 婉清 立新 "
    "玉兰 玉梅 凤英 红梅 美玲 慧敏 慧娟 金凤 雪梅 丹丹 婷婷 静怡 晨曦 俊杰 俊峰 志明 志伟 建平 "
    "建新 永强 永刚 国华 国平 明辉 明亮 海军 海峰 红霞 红英 翠萍 亚平 宇航 天宇 博远 锦程 泽宇"
)
_GIVEN = _GIVEN_NAMES.split()


def _person_name(rng):
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _join_date(rng):
    start = datetime.date(2003, 1, 1)
    return start + datetime.timedelta(days=rng.randrange((datetime.date(2025, 9, 1) - start).days))


@dataclass
class PlannedPerson:
    employee_number: str
    name: str
    department: str
    joined_department_on: datetime.date
    is_party_member: bool
    username: str = ""


@dataclass
class Plan:
    """The whole demo hospital, computed in memory before anything is written."""

    people: dict = field(default_factory=dict)  # department code → [PlannedPerson]

    def person(self, code, index):
        return self.people[code][index]


def build_plan():
    """The demo hospital as plain data; the same on every call."""
    rng = random.Random(SEED)  # noqa: S311  (reproducible demo data, no secret)
    plan = Plan()
    number = 0
    for department in DEPARTMENTS:
        names = set()
        people = []
        for _ in range(department.size):
            name = _person_name(rng)
            while name in names:  # no two namesakes in one department
                name = _person_name(rng)
            names.add(name)
            number += 1
            people.append(
                PlannedPerson(
                    employee_number=f"Q{number:04d}",
                    name=name,
                    department=department.code,
                    joined_department_on=_join_date(rng),
                    is_party_member=False,
                )
            )
        members = round(department.size * department.party_share)
        for person in rng.sample(people, members):
            person.is_party_member = True
        plan.people[department.code] = people
    # Heads, secretaries and the leadership are party members.
    for department in DEPARTMENTS:
        plan.person(department.code, 0).is_party_member = True
    for code, index in BRANCHES.values():
        plan.person(code, index).is_party_member = True
    for account in DEMO_ACCOUNTS:
        plan.person(account.department, account.index).username = account.username
    return plan


# --- loading --------------------------------------------------------------------------


def _create(model, objs):
    if not objs:
        return []
    return bulk_create_with_history(objs, model, default_change_reason=HISTORY_REASON)


def _update(model, objs, fields):
    if objs:
        bulk_update_with_history(objs, model, fields, default_change_reason=HISTORY_REASON)


def _appoint_once(person, post, *, department=None, party_branch=None):
    """Appoint as the pages do (by the system, for the demo), unless already appointed."""
    current = Appointment.objects.current().filter(
        person=person, post=post, department=department, party_branch=party_branch
    )
    if not current.exists():
        appoint(
            person=person,
            post=post,
            department=department,
            party_branch=party_branch,
            by=None,
            reason=HISTORY_REASON,
        )


@transaction.atomic
def load_demo_hospital():
    """Add whatever of the demo hospital is missing. Returns counts of what was created.

    Side effects: creates party branches, departments (with clean teams),
    people and demo users (all with the password ``DEMO_PASSWORD``), each with
    a history row; fills in department heads, branch secretaries and the
    person ↔ account links that are still empty (a history row each), heads and
    secretaries appointed with ``services.appoint`` as the pages do (an
    ``Appointment`` each); gives every demo user the staff group and appoints them
    to their roles, and the applicants contacts of their department, with the
    same service. Existing rows are never changed otherwise.
    """
    plan = build_plan()
    created = {}

    branches = {b.name: b for b in PartyBranch.objects.filter(name__in=BRANCHES)}
    new = _create(PartyBranch, [PartyBranch(name=n) for n in BRANCHES if n not in branches])
    branches.update({b.name: b for b in new})
    created["党支部"] = len(new)

    codes = [d.code for d in DEPARTMENTS]
    departments = {d.code: d for d in Department.objects.filter(code__in=codes)}
    created["科室"] = created["清廉团队"] = 0
    for clean_teams in (False, True):  # parents first: a clean team points at its department
        new = _create(
            Department,
            [
                Department(
                    code=d.code,
                    name=d.name,
                    kind=d.kind,
                    party_branch=branches[d.branch],
                    parent=departments[d.parent] if d.parent else None,
                )
                for d in DEPARTMENTS
                if bool(d.parent) == clean_teams and d.code not in departments
            ],
        )
        departments.update({d.code: d for d in new})
        created["清廉团队" if clean_teams else "科室"] = len(new)

    usernames = [a.username for a in DEMO_ACCOUNTS]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    missing = [a for a in DEMO_ACCOUNTS if a.username not in users]
    password = make_password(DEMO_PASSWORD) if missing else ""  # hashed once, for all
    new = User.objects.bulk_create(
        [
            User(
                username=a.username,
                name=plan.person(a.department, a.index).name,
                email=f"{a.username}@{DEMO_EMAIL_DOMAIN}",
                password=password,
                is_staff=a.is_staff,
            )
            for a in missing
        ]
    )
    users.update(
        {u.username: u for u in User.objects.filter(username__in=[u.username for u in new])}
    )
    created["账号"] = len(new)

    planned = [p for people in plan.people.values() for p in people]
    people = {
        p.employee_number: p
        for p in Person.objects.filter(employee_number__in=[p.employee_number for p in planned])
    }
    linked_user_ids = set(
        Person.objects.filter(user__in=users.values()).values_list("user_id", flat=True)
    )

    def free_user(username):
        user = users.get(username) if username else None
        if user is None or user.pk in linked_user_ids:
            return None
        linked_user_ids.add(user.pk)
        return user

    new = _create(
        Person,
        [
            Person(
                employee_number=p.employee_number,
                name=p.name,
                department=departments[p.department],
                joined_department_on=p.joined_department_on,
                is_party_member=p.is_party_member,
                user=free_user(p.username),
            )
            for p in planned
            if p.employee_number not in people
        ],
    )
    people.update({p.employee_number: p for p in new})
    created["人员"] = len(new)

    def person_at(code, index):
        return people[plan.person(code, index).employee_number]

    to_link = []
    for account in DEMO_ACCOUNTS:
        person = person_at(account.department, account.index)
        if person.user_id is None and (user := free_user(account.username)) is not None:
            person.user = user
            to_link.append(person)
    _update(Person, to_link, ["user"])

    for department in departments.values():
        if department.head_id is None:
            _appoint_once(person_at(department.code, 0), Post.HEAD, department=department)

    for branch in branches.values():
        if branch.secretary_id is None:
            _appoint_once(
                person_at(*BRANCHES[branch.name]), Post.BRANCH_SECRETARY, party_branch=branch
            )

    staff_group = Group.objects.get(name=Role.STAFF)
    for account in DEMO_ACCOUNTS:
        user = users[account.username]
        user.groups.add(staff_group)
        person = Person.objects.filter(user=user).first()
        if person is None:
            continue  # the account is linked to someone else's roster entry: left alone
        for role in account.roles:
            if role in Post.values and role not in (Post.BRANCH_SECRETARY,):
                _appoint_once(person, Post(role))
        if account.applies_for:
            _appoint_once(person, Post.CONTACT, department=departments[account.applies_for])
    return created

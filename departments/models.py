from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.spreadsheets import file_extension


class DepartmentKind(models.TextChoices):
    CLINICAL = "clinical", _("临床")
    MEDICAL_TECH = "medical_tech", _("医技")
    NURSING = "nursing", _("护理")
    ADMINISTRATIVE = "administrative", _("行政职能")
    LOGISTICS = "logistics", _("后勤保障")


class UnitKind(models.TextChoices):
    """What may apply: a department, or a clean team inside one (seed 002)."""

    DEPARTMENT = "department", _("科室")
    CLEAN_TEAM = "clean_team", _("清廉团队")


class PartyBranch(models.Model):
    name = models.CharField(_("党支部名称"), max_length=100, unique=True)
    secretary = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("党支部书记"),
    )
    active = models.BooleanField(_("在用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党支部")
        verbose_name_plural = pgettext_lazy("plural", "党支部")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A unit that can apply: a department, or a clean team (a unit with a parent department)."""

    code = models.CharField(_("科室编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clean_teams",
        verbose_name=_("所属科室"),
        help_text=_("填写后即为该科室下的清廉团队。"),
    )
    party_branch = models.ForeignKey(
        PartyBranch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("党支部"),
    )
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("科室负责人"),
    )
    active = models.BooleanField(_("在用"), default=True)
    # When the unit came into being and when it ended (closed, or merged into
    # another): the yearly evaluation and the coverage toward the target read them.
    # Empty ``opened_on`` means it existed before the product was used.
    opened_on = models.DateField(_("设立日期"), null=True, blank=True)
    closed_on = models.DateField(
        _("撤销日期"), null=True, blank=True, help_text=_("撤销或合并的日期。")
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("并入"),
        help_text=_("合并后所并入的科室；其称号记录随之计入合并后的科室的覆盖情况。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = pgettext_lazy("plural", "科室")
        ordering = ["code"]
        permissions = [
            ("apply_for_department", "代表该科室申报"),
            ("import_roster", "导入科室与人员"),
            ("export_roster", "导出科室与人员"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="department_not_own_parent"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="department_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=Q(opened_on__isnull=True)
                | Q(closed_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="department_closed_after_opened",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def unit_kind(self):
        return UnitKind.CLEAN_TEAM if self.parent_id else UnitKind.DEPARTMENT

    def get_unit_kind_display(self):
        return self.unit_kind.label


class Person(models.Model):
    """An employee on the roster. Moving department is a change of
    ``department`` and ``joined_department_on``; the history keeps both."""

    employee_number = models.CharField(_("工号"), max_length=32, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="people", verbose_name=_("科室")
    )
    joined_department_on = models.DateField(_("调入本科室日期"))
    is_party_member = models.BooleanField(_("党员"), default=False)
    active = models.BooleanField(_("在职"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("登录账号"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = pgettext_lazy("plural", "人员")
        ordering = ["department__code", "employee_number"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return gettext("%(name)s（%(employee_number)s）") % {
            "name": self.name,
            "employee_number": self.employee_number,
        }


class Roster(models.TextChoices):
    """What a roster file holds: people, or departments (and clean teams)."""

    PEOPLE = "people", pgettext_lazy("plural", "人员")
    DEPARTMENTS = "departments", pgettext_lazy("plural", "科室")


# What a roster is called in a sentence and as a file's name (人员名册).
ROSTER_TITLES = {Roster.PEOPLE: _("人员名册"), Roster.DEPARTMENTS: _("科室名册")}


def _roster_import_path(instance, filename):
    # A random name under MEDIA_ROOT, which no URL serves; the name the person
    # gave the file is kept in ``original_name``.
    import uuid

    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{file_extension(filename)}"


class RosterImport(models.Model):
    """One uploaded roster file, its preview (a dry run) and whether it was imported.

    The file stays in private storage, bound to the user who uploaded it, so
    the confirmation re-reads exactly what was previewed. Kept after import as
    the record of who changed the roster with which file.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        REFUSED = "refused", _("有错误，未导入")
        IMPORTED = "imported", _("已导入")

    roster = models.CharField(_("名册"), max_length=16, choices=Roster.choices)
    file = models.FileField(_("文件"), upload_to=_roster_import_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="roster_imports",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, db_index=True)
    preview = models.JSONField(_("预览结果"), default=dict)
    fingerprint = models.CharField(_("预览指纹"), max_length=64, blank=True)
    previewed_at = models.DateTimeField(_("预览时间"))
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = pgettext_lazy("plural", "名册导入")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.roster_title} {self.original_name}"

    @property
    def roster_title(self):
        """人员名册 or 科室名册, in the language of the request."""
        return ROSTER_TITLES[self.roster]


class Post(models.TextChoices):
    """What a person may be appointed to (任命): a unit's posts, a branch's, the hospital's roles.

    The hospital-wide posts carry the value of their role (``accounts.roles.Role``),
    whose group the appointment gives.
    """

    HEAD = "head", _("科室负责人")
    CONTACT = "contact", _("科室联络员")
    BRANCH_SECRETARY = "branch_secretary", _("党支部书记")
    REVIEWER = "reviewer", _("党办评审人员")
    LEADING_GROUP = "leading_group", _("领导小组")
    PARTY_COMMITTEE = "party_committee", _("院党委")
    DISCIPLINE_OFFICE = "discipline_office", _("纪检监察室")
    PARTY_OFFICE = "party_office", _("党办")
    ADMIN = "admin", _("系统管理员")


UNIT_POSTS = (Post.HEAD, Post.CONTACT)
HOSPITAL_POSTS = (
    Post.REVIEWER,
    Post.LEADING_GROUP,
    Post.PARTY_COMMITTEE,
    Post.DISCIPLINE_OFFICE,
    Post.PARTY_OFFICE,
    Post.ADMIN,
)


class AppointmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class Appointment(models.Model):
    """One holding of a post by one person: appointed (who, when, why) and, later,
    removed (who, when, why). Never deleted; a removed holding stays as the record.

    ``department`` is set for a unit's posts (head, contact), ``party_branch`` for
    a branch secretary, neither for the hospital-wide roles.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("人员")
    )
    post = models.CharField(_("职务"), max_length=32, choices=Post.choices, db_index=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("科室"),
    )
    party_branch = models.ForeignKey(
        PartyBranch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("党支部"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("任命人"),
    )
    appointed_at = models.DateTimeField(_("任命时间"), default=timezone.now)
    reason = models.CharField(_("任命依据"), max_length=200, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("免去人"),
    )
    removed_at = models.DateTimeField(_("免去时间"), null=True, blank=True)
    removal_reason = models.CharField(_("免去原因"), max_length=200, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("任命")
        verbose_name_plural = pgettext_lazy("plural", "任命")
        ordering = ["-appointed_at", "-pk"]
        constraints = [
            # One current holding of a post per person and place (the services say so
            # in a sentence first; these hold against a race).
            models.UniqueConstraint(
                fields=["person", "post", "department"],
                condition=Q(removed_at__isnull=True, department__isnull=False),
                name="appointment_one_current_per_unit",
            ),
            models.UniqueConstraint(
                fields=["person", "post", "party_branch"],
                condition=Q(removed_at__isnull=True, party_branch__isnull=False),
                name="appointment_one_current_per_branch",
            ),
            models.UniqueConstraint(
                fields=["person", "post"],
                condition=Q(
                    removed_at__isnull=True, department__isnull=True, party_branch__isnull=True
                ),
                name="appointment_one_current_per_role",
            ),
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(removed_at__isnull=True, post="head"),
                name="appointment_one_head_per_unit",
            ),
            # A contact speaks for ONE department (docs/architecture.md, "Appointments").
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(removed_at__isnull=True, post="contact"),
                name="appointment_contact_of_one_unit",
            ),
            models.UniqueConstraint(
                fields=["party_branch"],
                condition=Q(removed_at__isnull=True, post="branch_secretary"),
                name="appointment_one_secretary_per_branch",
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.get_post_display()} {self.place or ''}".strip()

    @property
    def place(self):
        """The unit or branch the post is in, or None for a hospital-wide role."""
        return self.department or self.party_branch

    @property
    def is_current(self):
        return self.removed_at is None

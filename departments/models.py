from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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

"""The hospital's work plan (工作计划表 / 任务清单, docs/yearwork.md).

One ``WorkPlan`` a year; its key tasks (重点任务), each with its measures (具体措施),
schedule nodes (进度安排), target outcome (目标成效), responsible leaders (责任领导),
the lead office (牵头科室) and the cooperating offices (配合科室). The offices report on
their tasks every month (the ``reports`` app).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import StoredFile


class WorkPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("名称"), max_length=200)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复制自"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = pgettext_lazy("plural", "工作计划")
        ordering = ["-year"]
        permissions = [
            ("manage_workplan", _("编制工作计划")),
        ]

    def __str__(self):
        return self.title


class KeyTask(models.Model):
    """A key task (重点任务) of the plan, with what the offices report on."""

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("工作计划")
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("重点任务"), max_length=300)
    target_outcome = models.TextField(_("目标成效"), blank=True)
    responsible_leaders = models.ManyToManyField(
        "departments.Person",
        related_name="led_key_tasks",
        blank=True,
        verbose_name=_("责任领导"),
    )
    lead_office = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="led_key_tasks",
        verbose_name=_("牵头科室"),
    )
    cooperating_offices = models.ManyToManyField(
        "departments.Department",
        related_name="cooperating_key_tasks",
        blank=True,
        verbose_name=_("配合科室"),
    )
    # The random key of the form that added it: a double-clicked form adds one.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("停用人"),
    )
    history = HistoricalRecords(m2m_fields=[responsible_leaders, cooperating_offices])

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = pgettext_lazy("plural", "重点任务")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="workplan_task_order_unique")
        ]

    def __str__(self):
        return gettext("%(order)s. %(title)s") % {"order": self.order, "title": self.title}


class Measure(models.Model):
    """A measure (具体措施) of a key task: one row of the plan as hospitals keep it."""

    task = models.ForeignKey(
        KeyTask, on_delete=models.PROTECT, related_name="measures", verbose_name=_("重点任务")
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("具体措施"))
    # The 进度安排 cell as the plan states it ("2026年3月底前"); its dates are the nodes.
    schedule_text = models.CharField(_("进度安排"), max_length=300, blank=True)
    # The random key of the form that added it: a double-clicked form adds one.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("具体措施")
        verbose_name_plural = pgettext_lazy("plural", "具体措施")
        ordering = ["task", "order"]

    def __str__(self):
        return self.text[:40]


class ScheduleNode(models.Model):
    """A schedule node (进度安排) of a key task: what is due by which date."""

    task = models.ForeignKey(
        KeyTask, on_delete=models.PROTECT, related_name="nodes", verbose_name=_("重点任务")
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nodes",
        verbose_name=_("具体措施"),
    )
    due_on = models.DateField(_("完成时限"), db_index=True)
    description = models.CharField(_("进度安排"), max_length=300)
    # The random key of the form that added it: a double-clicked form adds one.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    # Marked by the lead office or the discipline office: a node past its date without
    # this mark is overdue (workplan/status.py).
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("标记人"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进度节点")
        verbose_name_plural = pgettext_lazy("plural", "进度节点")
        ordering = ["task", "due_on", "pk"]

    def __str__(self):
        return self.description[:40]


class PlanImport(StoredFile):
    """One uploaded plan workbook, its preview and whether it was imported.

    The file stays in private storage; the confirmation reads it again, so what is
    written is checked against the roster as it is at that moment. Kept after import
    as the record of who filled the plan with which file.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        REFUSED = "refused", _("有错误，未导入")
        IMPORTED = "imported", _("已导入")

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.PROTECT, related_name="imports", verbose_name=_("工作计划")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    state = models.CharField(_("状态"), max_length=16, choices=State.choices)
    preview = models.JSONField(_("预览结果"), default=dict)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作计划导入")
        verbose_name_plural = pgettext_lazy("plural", "工作计划导入")
        ordering = ["-uploaded_at"]

    def storage_directory(self):
        return f"workplan/{self.plan_id}"

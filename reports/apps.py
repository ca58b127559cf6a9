from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("工作报告与宣传材料")

    def ready(self):
        # The hooks of the floors below (docs/yearwork.md, "Reports"): appraisal's
        # record kinds and the work plan's task status.
        from reports import records, rules  # noqa: F401  (rules registers the permissions)
        from reports.status import report_task_statuses
        from workplan.status import register_task_status

        records.register()
        register_task_status(report_task_statuses)

"""What official documents there are, and the states of one.

OfficialDocument (公文): a PDF rendered by a Celery task after commit.

    pending   生成中    requested (again); the worker renders the latest revision
    ready     可下载    the file of the latest revision is stored
    failed    生成失败  rendering raised; the sweep tries again
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    APPLICATION_FORM = "application_form", _("申报表")
    PUBLICITY = "publicity", _("公示")
    COMMENDATION = "commendation", _("表扬通报")
    CERTIFICATE = "certificate", _("荣誉证书")
    CERTIFICATES = "certificates", _("荣誉证书（全部）")
    RECTIFICATION = "rectification", _("整改通知书")
    QUARTERLY_REPORT = "quarterly_report", _("形势分析研判报告")


class DocumentState(models.TextChoices):
    PENDING = "pending", _("生成中")
    READY = "ready", _("可下载")
    FAILED = "failed", _("生成失败")

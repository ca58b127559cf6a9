"""Official documents and their numbers.

``OfficialDocument`` points at the record a document is about with nullable
foreign keys to the workflows' models (named by string: the columns, not an
import, so this app stays below them). Both tables keep the names they had
when the models lived in ``publicity``.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.enums import DocumentKind, DocumentState


class DocumentNumber(models.Model):
    """The running number of documents (发文字号) per prefix and year: 院党〔2026〕12号.

    Taken under a row lock, so two notices issued at once never share a number.
    """

    prefix = models.CharField(_("机关代字"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("发文字号")
        verbose_name_plural = pgettext_lazy("plural", "发文字号")
        # The table of the app it began in (publicity): moved without copying a row.
        db_table = "publicity_documentnumber"
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="one_sequence_per_prefix_year")
        ]

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕{self.last}号"


def document_path(instance, filename):
    extension = "zip" if instance.kind == DocumentKind.CERTIFICATES else "pdf"
    return f"documents/{instance.kind}/{uuid.uuid4().hex}.{extension}"


class OfficialDocument(models.Model):
    """A generated PDF (or the ZIP of a campaign's certificates).

    ``key`` names what it is about ("publicity:3", "certificate:17"), one row
    per subject. Asking for it again bumps ``revision``; the Celery task
    renders the latest revision and stores it only if nobody asked again
    meanwhile, so the file always matches the latest data. Old files stay on
    disk (nothing is deleted); the row points at the newest.
    """

    key = models.CharField(_("标识"), max_length=64, unique=True)
    kind = models.CharField(_("种类"), max_length=20, choices=DocumentKind.choices)
    campaign = models.ForeignKey(
        "appraisal.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("评选批次"),
    )
    application = models.ForeignKey(
        "appraisal.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("申报"),
    )
    title = models.ForeignKey(
        "appraisal.Title",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("清廉科室称号"),
    )
    rectification = models.ForeignKey(
        "veto.Rectification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("整改"),
    )
    document_number = models.CharField(_("文号"), max_length=50, blank=True)
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=DocumentState.choices,
        default=DocumentState.PENDING,
        db_index=True,
    )
    revision = models.PositiveIntegerField(_("版本"), default=1)
    rendered_revision = models.PositiveIntegerField(_("已生成版本"), default=0)
    requested_at = models.DateTimeField(_("请求时间"), db_index=True)
    file = models.FileField(_("文件"), upload_to=document_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    rendered_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = pgettext_lazy("plural", "公文")
        # The table of the app it began in (publicity): moved without copying a row.
        db_table = "publicity_officialdocument"
        ordering = ["kind", "key"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"

    @property
    def is_ready(self):
        return self.state == DocumentState.READY and bool(self.file)

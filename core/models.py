"""Building blocks shared by the domain apps."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


def choice_label(choices, value):
    """The label of ``value`` in the ``TextChoices`` class ``choices`` (the value
    itself when it is not one of them).

    For ``get_FOO_display`` on rows listed 50 to a page: Django's generated
    method hashes every lazily translated choice on each call, and
    ``choices.values`` builds a new list; this is one dictionary lookup.
    """
    member = choices._value2member_map_.get(value)
    return str(member.label) if member is not None else value


class DecisionEvent(models.Model):
    """Who moved a record from one state to another, when and why.

    Every workflow keeps its own concrete subclass with a ``subject`` foreign
    key (``ApplicationEvent.subject -> Application``), written by
    ``core.workflow.apply_transition`` in the same transaction as the change.
    Rows are only ever added: a correction is a new event.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("操作人"),
        help_text=_("为空表示由系统（定时任务）执行。"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    transition = models.CharField(_("操作"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32)
    to_state = models.CharField(_("新状态"), max_length=32)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        get_latest_by = "at"

    # A subclass names its transitions and its states' choices for display.
    TRANSITION_LABELS: dict = {}
    STATES = None

    def __str__(self):
        return f"{self.get_transition_display()}: {self.from_state} → {self.to_state}"

    def get_transition_display(self):
        return self.TRANSITION_LABELS.get(self.transition, self.transition)

    def get_to_state_display(self):
        if self.STATES is None or not self.to_state:
            return self.to_state
        return self.STATES(self.to_state).label


def stored_file_path(instance, filename):
    """Where a ``StoredFile`` is written: the model's ``storage_directory()``, a random
    name and the extension of the checked kind. The person's file name never
    reaches the file system (it is kept in ``original_name``)."""
    return f"{instance.storage_directory()}/{uuid.uuid4().hex}.{instance.kind}"


class StoredFile(models.Model):
    """A private uploaded file: the columns every file model shares.

    A concrete model adds its owner (a foreign key), ``uploaded_by`` when it
    records one, and ``storage_directory()`` (the folder under MEDIA_ROOT, e.g.
    ``f"veto/{self.event_id}"``). Rows are made by ``create_from`` from a
    ``core.files.CheckedUpload`` and served by ``core.files.stored_file_response``.
    ``kind`` is the checked kind's code (``core.uploads.KINDS_BY_CODE``).

    Usage::

        class RectificationReport(StoredFile):
            rectification = models.ForeignKey(Rectification, ...)
            uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, ...)

            def storage_directory(self):
                return f"rectifications/{self.rectification_id}"
    """

    file = models.FileField(_("文件"), upload_to=stored_file_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    def storage_directory(self):
        raise NotImplementedError(f"{type(self).__name__} must say where its files go")

    @classmethod
    def create_from(cls, checked, **fields):
        """Write ``checked`` (a ``CheckedUpload``) and its row; the saved row.

        Call it after every other check. ``fields`` are the concrete model's own
        (owner, ``uploaded_by``, ...). If the row cannot be written, the file is
        removed again, so a refusal leaves nothing behind.
        """
        return cls.create_all([checked], **fields)[0]

    @classmethod
    def create_all(cls, checked_uploads, **fields):
        """``create_from`` for several files with the same ``fields``: all rows, or
        (when one fails) no file left on disk."""
        written = []
        try:
            for checked in checked_uploads:
                record = cls(
                    original_name=checked.original_name,
                    kind=checked.kind.code,
                    size=checked.size,
                    sha256=checked.sha256,
                    **fields,
                )
                record.file.save("upload", checked.upload, save=False)
                written.append(record)
                with transaction.atomic():
                    record.save()
        except Exception:
            for record in written:
                record.file.delete(save=False)
            raise
        return written

"""Each unit's integrity records (清廉台账): commitments, integrity talks, study sessions.

A record is never deleted: a wrong one is withdrawn (who, when, why; kept, shown struck
through) and a new one made. Each keeps its history (simple_history). The unit is the
one that keeps the record; the person it is about was a member of that unit on the
record's date (integrity/membership.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.models import StoredFile
from integrity.enums import SigningMethod


class Record(models.Model):
    """What every integrity record carries: the unit keeping it, who recorded it and
    when, the form's one-time key, and its withdrawal."""

    unit = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("科室"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    # The random key of the form: a double-clicked form makes one record.
    submission_key = models.UUIDField(
        _("表单标识"), null=True, blank=True, unique=True, editable=False
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class Commitment(Record):
    """A member's integrity commitment (廉洁承诺书) of one year: one per person and year.

    Either signed on paper (a scan recorded by the unit's head or contact) or confirmed
    by the signer in their own account. Staff sign with their head; the head signs with
    the hospital, and ``received_by`` names who received it for the hospital.
    """

    person = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        related_name="integrity_commitments",
        verbose_name=_("签署人"),
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    signed_on = models.DateField(_("签署日期"))
    method = models.CharField(_("签署方式"), max_length=10, choices=SigningMethod.choices)
    signer_is_head = models.BooleanField(_("科室负责人签署"), default=False)
    received_by = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接收人"),
        help_text=_("职工与科室负责人签订；科室负责人与医院签订，填写代表医院接收的人。"),
    )
    text = models.TextField(_("承诺内容"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("廉洁承诺书")
        verbose_name_plural = pgettext_lazy("plural", "廉洁承诺书")
        ordering = ["-year", "unit", "signed_on", "pk"]
        permissions = [
            ("keep_records", "记录本科室清廉台账"),
            ("view_all_records", "查看全院清廉台账"),
        ]
        constraints = [
            # One standing commitment per person and year (the service says so first).
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(withdrawn_at__isnull=True),
                name="integrity_one_commitment_per_person_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "person"])]

    def __str__(self):
        return f"{self.person} · {self.year}"


class CommitmentScan(StoredFile):
    """The scan of a commitment signed on paper."""

    commitment = models.OneToOneField(
        Commitment, on_delete=models.PROTECT, related_name="scan", verbose_name=_("廉洁承诺书")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("承诺书扫描件")
        verbose_name_plural = pgettext_lazy("plural", "承诺书扫描件")

    def storage_directory(self):
        return f"integrity/commitments/{self.commitment_id}"


class Talk(Record):
    """An integrity talk (廉政约谈): the talker (the head), the member, the date, a note."""

    talker = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("约谈人"),
    )
    person = models.ForeignKey(
        "departments.Person",
        on_delete=models.PROTECT,
        related_name="integrity_talks",
        verbose_name=_("约谈对象"),
    )
    talked_on = models.DateField(_("约谈日期"), db_index=True)
    note = models.TextField(_("约谈情况"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("廉政约谈")
        verbose_name_plural = pgettext_lazy("plural", "廉政约谈")
        ordering = ["-talked_on", "-pk"]

    def __str__(self):
        return f"{self.talker.name} → {self.person.name} · {self.talked_on}"


class StudySession(Record):
    """A study session (科内学习) of the unit: date, topic, attendees, minutes or a file."""

    held_on = models.DateField(_("学习日期"), db_index=True)
    topic = models.CharField(_("学习主题"), max_length=200)
    minutes = models.TextField(_("学习记录"), blank=True)
    attendees = models.ManyToManyField(
        "departments.Person", related_name="integrity_study_sessions", verbose_name=_("参加人员")
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("科内学习")
        verbose_name_plural = pgettext_lazy("plural", "科内学习")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.unit} · {self.held_on} · {self.topic}"


class StudySessionFile(StoredFile):
    """The photo or scan of a study session's minutes."""

    session = models.OneToOneField(
        StudySession,
        on_delete=models.PROTECT,
        related_name="file_record",
        verbose_name=_("科内学习"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("学习记录附件")
        verbose_name_plural = pgettext_lazy("plural", "学习记录附件")

    def storage_directory(self):
        return f"integrity/sessions/{self.session_id}"

from django.conf import settings
from django.db import models


class EmailStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    NOT_NEEDED = "not_needed", "无需发送"


class Notification(models.Model):
    """One message to one person: shown in the inbox, and e-mailed.

    The row doubles as the e-mail outbox: ``email_status`` moves
    pending → sending → sent (or back to pending on a failure), so an e-mail is
    neither lost when the broker is down nor sent twice when a task reruns.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="收件人",
    )
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    email_status = models.CharField(
        "邮件状态", max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    email_claimed_at = models.DateTimeField("开始发送时间", null=True, blank=True)
    emailed_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "email_claimed_at"]),
        ]

    def __str__(self):
        return self.subject

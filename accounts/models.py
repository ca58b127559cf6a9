from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .roles import Role, has_role


class User(AbstractUser):
    """A login. The person behind it (department, employee number) is
    ``departments.Person``, linked by ``Person.user``."""

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Set when an account is opened or its password reset by somebody else
    # (the password was on a slip): the next sign-in must choose a new one.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    # The interface language this user chose; empty: the site's (Chinese),
    # whatever the browser asks for.
    language = models.CharField(
        _("界面语言"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = pgettext_lazy("plural", "账号")

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or self.username

    def get_short_name(self):
        return self.name or self.username

    def has_role(self, role: Role) -> bool:
        return has_role(self, role)


class LoginEvent(models.Model):
    """Every login attempt, successful or not, with where it came from."""

    class Kind(models.TextChoices):
        SUCCESS = "success", _("登录成功")
        FAILURE = "failure", _("登录失败")
        LOGOUT = "logout", _("退出登录")
        LOCKED_OUT = "locked_out", _("账号锁定")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="login_events",
        verbose_name=_("账号"),
    )
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("登录记录")
        verbose_name_plural = pgettext_lazy("plural", "登录记录")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"

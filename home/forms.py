from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


class FirstAdministratorForm(BootstrapFormMixin, forms.Form):
    setup_code = forms.CharField(
        label=_("设置码"),
        max_length=64,
        help_text=_("安装时生成的一次性设置码，见服务器上的 setup-code 文件或启动日志。"),
    )
    username = forms.CharField(label=_("用户名"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=50)
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 10 位，不能全是数字，不能是常见密码，不能与用户名相近。"),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return cleaned

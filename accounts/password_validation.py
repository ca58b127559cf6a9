from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length rule with its error in Chinese.

    Django 5.2 reworded this message and its zh_Hans catalogue still carries the
    old wording, so the stock validator answered a Chinese page in English.
    """

    def get_error_message(self):
        return ngettext(
            "密码长度太短。密码必须包含至少 %(min_length)d 个字符。",
            "密码长度太短。密码必须包含至少 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}

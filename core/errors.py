"""Errors services raise; views turn them into messages for the person."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request. ``str(error)`` is shown as is.

    The message is a whole sentence marked for translation where it is raised
    (``gettext`` with ``%(name)s`` placeholders); a lazy one is resolved here,
    in the language of the request that raised it.

    ``field`` optionally names the form field the refusal is about
    (``DomainError(msg, field="ends_on")``): ``core.views.run_action`` then
    shows it under that field of the form, else above the form.
    """

    default_message = _("操作未能完成。")

    def __init__(self, message=None, *, field=None):
        message = str(message or self.default_message)
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadySubmittedError(DomainError):
    """The same form was submitted twice (a double click, a resend): ``existing`` is
    the record the first submission made; nothing new was written."""

    def __init__(self, message, *, existing):
        super().__init__(message)
        self.existing = existing


class StaleStateError(DomainError):
    """The record changed since the page was loaded."""

    def __init__(self, current=None):
        message = gettext("该记录已被他人处理，页面内容已过期，请刷新后查看最新状态。")
        if current:
            message = gettext("该记录当前状态为“%(state)s”，已被他人处理，请刷新页面后再操作。") % {
                "state": current
            }
        super().__init__(message)
        self.current = current

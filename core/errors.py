"""Errors services raise; views turn them into messages for the person."""


class DomainError(Exception):
    """A rule of the domain refused the request. ``str(error)`` is shown as is."""

    default_message = "操作未能完成。"

    def __init__(self, message=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class StaleStateError(DomainError):
    """The record changed since the page was loaded."""

    def __init__(self, current=None):
        message = "该记录已被他人处理，页面内容已过期，请刷新后查看最新状态。"
        if current:
            message = f"该记录当前状态为“{current}”，已被他人处理，请刷新页面后再操作。"
        super().__init__(message)
        self.current = current

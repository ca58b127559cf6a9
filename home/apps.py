from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Each role's home page: what waits for this person, read from every app.

    The top layer: it may import every other app and none imports it.
    """

    name = "home"
    verbose_name = _("首页")

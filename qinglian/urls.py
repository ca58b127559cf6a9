from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.language import set_language
from core.views import favicon, health
from home.demo_clock_views import demo_clock_urlpatterns
from home.views import home
from publicity.urls import confirmation_urlpatterns

admin.site.site_header = _("清廉科室 · 系统管理")
admin.site.site_title = _("清廉科室")
admin.site.index_title = _("系统管理")

urlpatterns = [
    path("", home, name="home"),
    path("", include("home.urls")),
    path("health/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("departments/", include("departments.urls")),
    path("onboarding/", include("onboarding.urls")),
    path("notifications/", include("notifications.urls")),
    path("calendar/", include("workcalendar.urls")),
    path("settings/", include("hospital.urls")),
    path("campaigns/", include(confirmation_urlpatterns)),
    path("campaigns/", include("appraisal.urls")),
    path("publicity/documents/", include("documents.urls")),
    path("publicity/", include("publicity.urls")),
    path("veto/", include("veto.urls")),
    path("workplan/", include("workplan.urls")),
    path("reports/", include("reports.urls")),
    path("integrity/", include("integrity.urls")),
    path("risks/", include("risks.urls")),
    path("supervision/", include("supervision.urls")),
    path("responsibility/", include("responsibility.urls")),
    path("analysis/", include("analysis.urls")),
    path("coverage/", include("coverage.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("manage/", admin.site.urls),
]
# DEBUG only: the demo clock (home/demo_clock.py); not registered with DEBUG off.
urlpatterns += demo_clock_urlpatterns()

if settings.DEBUG:  # pragma: no cover - development only
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

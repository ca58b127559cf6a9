"""The honour roll (荣誉榜): every title by year, for everyone signed in, paged (it grows
every year), sortable, filtered and exported like every list (core/lists.py)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from appraisal import honours
from appraisal.lists import HonourRollFilter, HonourRollTable
from core.lists import list_page
from hospital.selectors import title_label


@login_required
def honour_roll(request):
    return list_page(
        request,
        rows=honours.honour_roll(),
        table_class=HonourRollTable,
        filterset_class=HonourRollFilter,
        template="appraisal/honour_roll.html",
        title=_("荣誉榜"),
        export_name=_("荣誉榜"),
        # Filtered, the shared "nothing matches"; else the roll is still empty.
        table_kwargs={}
        if request.GET
        else {"empty_text": _("尚无%(title)s。") % {"title": title_label()}},
    )

"""The states of a quarterly report's version: the table to read to understand them.

QuarterlyReportVersion (形势分析研判报告的版本), one quarter's report as the party office
drafts and issues it (docs/analysis.md):

    draft        草稿      the party office writes its commentary; the figures are read
                           live from the apps each time the page is shown
    issued       已印发    the figures were frozen into the version when it was issued;
                           the committee records its conclusions on it
    superseded   已被替代  a later version of the same quarter was issued; this one is
                           kept, readable as it was issued

    draft ─issue→ issued ─supersede→ superseded
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")
    SUPERSEDED = "superseded", _("已被替代")


QUARTERS = (1, 2, 3, 4)

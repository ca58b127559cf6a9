"""A yearly evaluation's draft computed scores, for the unit's head or contact (whatever
their roles): until the review starts they may read them and explain
(docs/evaluation.md, "Computed criteria"). Takes the user, returns ``HomeItem`` rows."""

from django.urls import reverse
from django.utils.translation import gettext as _

from appraisal.computed_selectors import computed_applications_of_user_units
from home.items import HomeItem


def draft_items_of_unit(user):
    return [
        HomeItem(
            label=_("%(campaign)s：%(unit)s的计算得分（草稿）")
            % {"campaign": application.campaign.title, "unit": application.unit.name},
            url=reverse("appraisal:computed_draft", args=[application.pk]),
            note=_("评审开始前可查看依据并填写情况说明"),
        )
        for application in computed_applications_of_user_units(user)
    ]

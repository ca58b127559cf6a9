"""What appraisal learns from the veto app, which sits above it.

A confirmed veto event or an unaccepted rectification bars a unit from
applying, and the decision pages list the veto events about each application.
Appraisal cannot import veto (veto reads appraisal's campaigns and titles), so
veto hands it the two answers once, from ``VetoConfig.ready()``, with
``register_veto_rules``: this app's one hook.

Until it is registered (veto not installed) nothing bars a unit and no
application has veto events.
"""

from appraisal.enums import ApplicationState

_rules = {}


def register_veto_rules(*, application_block, veto_reasons_for):
    """``application_block(unit, campaign)`` returns None when the unit may apply,
    else an object whose ``message`` says why (and ``until`` when);
    ``veto_reasons_for(applications, *, campaign=None)`` returns
    ``{application pk: [reason]}``, each reason with ``confirmed``."""
    _rules["application_block"] = application_block
    _rules["veto_reasons_for"] = veto_reasons_for


def application_block(unit, campaign):
    """None when ``unit`` may apply in ``campaign``, else why not (veto's rule)."""
    rule = _rules.get("application_block")
    return None if rule is None else rule(unit, campaign)


def veto_reasons_for(applications, *, campaign=None):
    """``{application pk: [reason]}``: the verified and confirmed veto events about
    each application's unit since its campaign's look-back day (veto's rule)."""
    rule = _rules.get("veto_reasons_for")
    if rule is None:
        return {application.pk: [] for application in applications}
    return rule(applications, campaign=campaign)


def disqualification_reasons(application):
    """The confirmed veto events that put ``application`` out of its campaign (only
    when it is disqualified; one query then, none otherwise)."""
    if application.state != ApplicationState.DISQUALIFIED:
        return []
    reasons = veto_reasons_for([application], campaign=application.campaign)
    return [reason for reason in reasons[application.pk] if reason.confirmed]

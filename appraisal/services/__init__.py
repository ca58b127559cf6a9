"""Writes of the appraisal workflow (STYLE.md §1), one module per subject:

campaigns.py     creating, copying, editing and opening a campaign
rubrics.py       the campaign's rubric, frozen at the first submission
applications.py  a unit's application: edit, evidence, confirm, submit, withdraw,
                 branch opinion, return for revision
deadlines.py     the beat sweeps: the window closes, the reminder goes out
assignment.py    the review team, conflict of interest, assigning reviewers by
                 hand and automatically (balancing.py: the balanced plan)
reviews.py       scoring, submit, reopen, excuse, the review opinion, forwarding
                 the recommended list to the leading group
decisions.py     the leading group's decision: approve or reject within the quota,
                 fixing the list (审定名单)
"""

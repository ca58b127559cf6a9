"""Writes of the appraisal workflow, one module per subject (who may call
each is appraisal/rules.py):

campaigns.py     creating, copying, editing and opening a campaign
rubrics.py       the campaign's rubric, frozen at the first submission
applications.py  a unit's application: start, edit, confirm, submit, withdraw,
                 return for revision
evidence.py      the application's supporting files: add, remove
records.py       the unit's year-round records as evidence: attach a summary, detach it
branch_opinion.py  the party branch's opinion on a submitted application
deadlines.py     the beat sweeps: the window closes, the reminder goes out
assignment.py    the review team, assigning reviewers by hand and automatically
                 (balancing.py: the balanced plan; who is recused:
                 appraisal/conflicts.py)
reviews.py       scoring, submit, reopen, excuse, the review opinion, forwarding
                 the recommended list to the leading group
decisions.py     the leading group's decision: approve or reject within the quota
                 (one department, or several with one reason), fixing the list (审定名单)
bulk.py          the party office on several applications at once: return, recommend,
                 assign a reviewer, move them to another reviewer (all or none)
"""

"""Pages of the appraisal app: campaigns.py (campaigns and the rubric),
applications.py (a unit's application and the party office's list),
reviews.py (the reviewer's queue and review sheet, the department's results)
review_office.py (the party office's review: team, assignment, progress,
ranking, charts, export, forwarding), application_reviews.py (one
application's reviews) and decisions.py (the leading group's
decision and the fixed list), computed.py (a yearly campaign's computed
criteria: formulas, computing the draft scores, the unit's draft and explanations)."""

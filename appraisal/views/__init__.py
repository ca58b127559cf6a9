"""Pages of the appraisal app: campaigns.py (campaigns and the rubric) and
applications.py (a unit's application and the party office's list)."""

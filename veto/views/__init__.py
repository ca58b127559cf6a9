"""Pages of ongoing supervision: indicators.py (the administrator's list and
edits), events.py (report, the list, the detail and the decisions)."""

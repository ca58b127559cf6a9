"""Writes of supervision: visits (visits.py), the ledger (ledger.py) and its reminders
(reminders.py). Each service checks who may call it and every rule, in one transaction."""

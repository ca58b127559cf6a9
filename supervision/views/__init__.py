"""Pages of supervision: visits (visits.py) and the rectification ledger (ledger.py)."""

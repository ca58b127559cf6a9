"""Writes of ongoing supervision, one module per subject (every write goes through a
service; docs/architecture.md):

indicators.py  the veto indicators: loading the defaults of fixtures/, editing,
               retiring (never deleting)
events.py      a veto event: report, verify, dismiss, confirm
effects.py     what a confirmed event does: disqualification in a running
               campaign, revocation of titles and the rectification that starts
"""

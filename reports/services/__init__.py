"""Writes of the reports app, one module per subject (every write goes through a
service; docs/architecture.md):

periods.py      due dates and opening the rows of a month, a half-year, a year
submissions.py  an office submits, the discipline office comments, accepts, returns
reminders.py    the reminders before and on the due date, and to the leaders
materials.py    publicity materials: submitted, accepted or returned by the party office
"""

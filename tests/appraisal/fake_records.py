"""Record kinds as the year-round apps register them (appraisal/records.py), faked for
appraisal's tests: appraisal's tests never depend on those apps."""

from appraisal import records as registry
from appraisal.records import RecordItem, RecordKind, RecordSummary

FAKE_KINDS = {
    "integrity.commitments": "廉洁承诺书",
    "integrity.talks": "廉政约谈",
    "integrity.study_sessions": "科内学习",
}


class FakeRecords:
    """Stand-ins for the records apps: each kind's live summary per unit, changed by
    the test (``records.set(unit, key, text)``); a unit with no text has no records."""

    def __init__(self):
        self.texts = {}
        self.calls = []

    def set(self, unit, key, text):
        self.texts[(unit.pk, key)] = text

    def kind(self, key, label, order):
        def summarize(units, year):
            self.calls.append((key, year))
            answer = {}
            for unit in units:
                text = self.texts.get((unit.pk, key))
                if text is not None:
                    answer[unit.pk] = RecordSummary(
                        kind=key,
                        text=text,
                        figures={"year": year},
                        url=f"/records/{key}/{unit.pk}/",
                        items=(RecordItem(label=f"{label}记录", date=f"{year}-03-01"),),
                    )
            return answer

        return RecordKind(key=key, label=label, summarize=summarize, order=order)


def register_fake_kinds():
    """Register the three integrity kinds with fake summaries, and no other kind (the
    records apps are not needed). Returns ``(fake, restore)``: ``restore()`` puts the registry back as it was."""
    saved = dict(registry._kinds)
    # Only the fakes: the kinds the installed records apps register are not these tests'.
    registry._kinds.clear()
    fake = FakeRecords()
    for order, (key, label) in enumerate(FAKE_KINDS.items()):
        registry.register_record_kind(fake.kind(key, label, order))

    def restore():
        registry._kinds.clear()
        registry._kinds.update(saved)

    return fake, restore

"""notifications.rules alone: a notification is its recipient's."""

from django.contrib.auth.models import AnonymousUser

from notifications.models import Notification
from notifications.rules import READ, is_recipient, own_notifications
from notifications.services import notify


def test_is_recipient(applicant_a, party_office):
    notification = Notification(recipient=applicant_a, subject="通知")
    assert is_recipient(applicant_a, notification)
    assert not is_recipient(party_office, notification)
    assert not is_recipient(AnonymousUser(), notification)
    assert not is_recipient(applicant_a, None)


def test_only_the_recipient_may_read_whatever_their_role(
    applicant_a, party_office, admin_user, discipline_office
):
    (notification,) = notify(recipients=[applicant_a], subject="申报已退回")
    assert applicant_a.has_perm(READ, notification)
    for other in (party_office, admin_user, discipline_office):
        assert not other.has_perm(READ, notification)
    assert not applicant_a.has_perm(READ)


def test_own_notifications_is_the_rule_as_a_query(applicant_a, applicant_b):
    notify(recipients=[applicant_a, applicant_b], subject="评选已开始")
    notify(recipients=[applicant_b], subject="申报已退回")
    for user in (applicant_a, applicant_b):
        own = set(own_notifications(user))
        assert own == {n for n in Notification.objects.all() if user.has_perm(READ, n)}
    assert own_notifications(applicant_a).count() == 1
    assert not own_notifications(AnonymousUser()).exists()

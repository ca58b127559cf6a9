import unicodedata

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import Role
from core.i18n import join_items
from departments.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

HEADERS = (gettext_lazy("用户名"), gettext_lazy("密码"), gettext_lazy("角色"), gettext_lazy("科室"))


def _width(text):
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


def demo_account_rows():
    """(username, password, roles, department) of every demo account that exists, in roster order."""
    usernames = [account.username for account in DEMO_ACCOUNTS]
    users = {
        user.username: user
        for user in User.objects.filter(username__in=usernames)
        .select_related("person__department")
        .prefetch_related("groups")
    }
    rows = []
    for username in usernames:
        user = users.get(username)
        if user is None:
            continue
        held = {group.name for group in user.groups.all()}
        # The role that makes the account interesting first; every account is also staff.
        roles = [str(role.label) for role in Role if role.value in held and role != Role.STAFF]
        if Role.STAFF in held:
            roles.append(str(Role.STAFF.label))
        person = getattr(user, "person", None)
        rows.append(
            (username, DEMO_PASSWORD, join_items(roles), person.department.name if person else "—")
        )
    return rows


class Command(BaseCommand):
    @property
    def help(self):
        # A property, not gettext_lazy: argparse needs a real string, in the active language.
        return _("列出演示账号：用户名、密码、角色与科室。")

    def handle(self, *args, **options):
        rows = demo_account_rows()
        if not rows:
            self.stdout.write(_("尚无演示账号：请先运行 python manage.py load_demo_hospital。"))
            return
        headers = tuple(str(header) for header in HEADERS)
        widths = [max(_width(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
        lines = [
            "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in (headers, *rows)
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        self.stdout.write(
            _("演示账号（密码均为 %(password)s，登录后可在“修改密码”中更改）：")
            % {"password": DEMO_PASSWORD}
        )
        self.stdout.write("\n".join(lines))

"""Names in a plan matched to the roster: the responsible leaders to people, the offices
to departments. Used by the Excel import and by the task form alike, so a name means
the same thing typed in a page or in a workbook."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.spreadsheets import normalise_text
from departments.models import Department, Person

# 、，, ; ； and line breaks separate names in one cell (配合科室, 责任领导).
_SEPARATORS = re.compile(r"[、，,;；\n\r]+")


def split_names(text):
    """The names in one cell: split on 、，, ; ； and newlines, trimmed, blanks dropped,
    each once in the order written."""
    if text is None:
        return []
    names = []
    for part in _SEPARATORS.split(normalise_text(str(text))):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return names


@dataclass
class Roster:
    """The people (in service) by name and employee number and the active departments by
    name and code, read once for a whole file."""

    people_by_name: dict = field(default_factory=dict)
    people_by_number: dict = field(default_factory=dict)
    offices_by_name: dict = field(default_factory=dict)
    offices_by_code: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        roster = cls()
        for person in Person.objects.filter(active=True).only("pk", "name", "employee_number"):
            roster.people_by_name.setdefault(person.name, []).append(person)
            roster.people_by_number[person.employee_number.upper()] = person
        for office in Department.objects.filter(active=True).only("pk", "name", "code"):
            roster.offices_by_name.setdefault(office.name, []).append(office)
            roster.offices_by_code[office.code.upper()] = office
        return roster

    def person(self, name):
        """(person, None) or (None, why not): a name, or an employee number."""
        found = self.people_by_name.get(name, [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, _("“%(name)s”在人员名册中有 %(count)s 人同名，请改写为工号") % {
                "name": name,
                "count": len(found),
            }
        by_number = self.people_by_number.get(name.upper())
        if by_number is not None:
            return by_number, None
        return None, _("人员名册中没有在职人员“%(name)s”") % {"name": name}

    def office(self, name):
        """(department, None) or (None, why not): a department name or code."""
        by_code = self.offices_by_code.get(name.upper())
        if by_code is not None:
            return by_code, None
        found = self.offices_by_name.get(name, [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, _("科室名册中有 %(count)s 个科室名为“%(name)s”，请改写为科室编码") % {
                "name": name,
                "count": len(found),
            }
        return None, _("科室名册中没有在用的科室“%(name)s”") % {"name": name}

    def people(self, text):
        """(people, problems) of a cell of names."""
        return _all(self.person, split_names(text))

    def offices(self, text):
        """(departments, problems) of a cell of offices."""
        return _all(self.office, split_names(text))


def _all(find, names):
    found, problems = [], []
    for name in names:
        thing, problem = find(name)
        if problem:
            problems.append(problem)
        elif thing not in found:
            found.append(thing)
    return found, problems

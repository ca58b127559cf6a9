"""How departments and people map to roster spreadsheets (django-import-export).

Columns carry Chinese headers and may come in any order. Everything a row
refers to (departments by code, branches by name, people by employee number)
is loaded once per import into dicts by ``before_import``, so no row costs a
query; people are written in bulk with their history rows, which name the
user who imported them. Each resource also describes every row for the
preview (new, changed with old → new values, unchanged), and refuses rows
with a message per column in the language of the request;
``departments.imports`` puts the messages together with row numbers.
"""

from .departments import DepartmentResource
from .people import PersonResource

ROSTER_RESOURCES = {"people": PersonResource, "departments": DepartmentResource}

__all__ = ["ROSTER_RESOURCES", "DepartmentResource", "PersonResource"]

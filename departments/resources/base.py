"""What the department and people resources share: lookups, row descriptions, rules."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from core.history import changed_by
from core.spreadsheets import FormulaCell

from .widgets import DateWidget, LookupWidget, cell_text

# Rows per SQL statement when loading what a file refers to (SQLite caps parameters).
LOOKUP_CHUNK = 900


class PrefetchedInstanceLoader(BaseInstanceLoader):
    """Finds the existing rows a file names in a few queries, then answers from a dict."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_field = resource.fields[resource.get_import_id_fields()[0]]
        keys = set()
        if dataset is not None and self.key_field.column_name in (dataset.headers or ()):
            for value in dataset[self.key_field.column_name]:
                try:
                    keys.add(self.key_field.widget.clean(value))
                except ValueError:
                    continue
        keys.discard("")
        self.instances = resource.existing_instances(keys)

    def get_instance(self, row):
        try:
            return self.instances.get(self.key_field.clean(row))
        except ValueError:
            return None  # the key itself is invalid: import_instance reports it


class RosterResource(resources.ModelResource):
    """What the department and people resources share: lookups, row descriptions, rules.

    ``required_columns`` must all be in a file; ``required`` names the fields a
    row may not leave empty. Subclasses add ``load_lookups`` and ``check_row``.
    """

    required_columns = ()
    required = ()
    # Optional columns whose absence changes nothing and needs no note.
    unnoted_when_absent = ()

    def __init__(self, *, user=None, change_reason="", row_numbers=None):
        super().__init__()
        self.user = user
        self.change_reason = change_reason
        self.row_numbers = row_numbers or []
        self.summaries = []  # one description per valid row, in file order
        self.notes = []  # what the whole import will do besides the rows, for the person
        self.effects = {}  # the same, as data: {"new_party_branches": [names]}
        self.present = []  # importable fields whose column is in the file
        self.present_attnames = []
        self.displayers = []
        self.required_attnames = []
        self.duplicate_of = {}  # dataset row number -> dataset row number of its first use
        self.moves = []  # (person id, old department id) of people moved to another department
        self.leavers = []  # ids of the people the file marks as left (在职 = 否)

    # -- columns -------------------------------------------------------------------

    @classmethod
    def importable_columns(cls):
        """The Chinese headers this resource reads (export-only columns are left out)."""
        return [
            field.column_name
            for field in cls.fields.values()
            if field.attribute and not field.readonly
        ]

    @classmethod
    def column_of(cls, attribute):
        for field in cls.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return None

    def excel_row(self, dataset_row_number):
        """Row number as Excel shows it for the ``dataset_row_number``-th data row (1-based)."""
        if self.row_numbers:
            return self.row_numbers[dataset_row_number - 1]
        return dataset_row_number + 1

    @property
    def key_field(self):
        return self.fields[self.get_import_id_fields()[0]]

    # -- loading ---------------------------------------------------------------------

    def existing_instances(self, keys):
        """The rows whose key (code, employee number) is among ``keys``, by key."""
        attribute = self.key_field.attribute
        keys = sorted(keys)
        found = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            for instance in self.get_queryset().filter(**{f"{attribute}__in": chunk}):
                found[getattr(instance, attribute)] = instance
        return found

    def before_import(self, dataset, **kwargs):
        headers = set(dataset.headers or ())
        self.present = [
            field
            for field in self.fields.values()  # this import's copies, whose lookups get loaded
            if field.attribute and not field.readonly and field.column_name in headers
        ]
        self.present_attnames = [self.attname(field) for field in self.present]
        self.displayers = [self.displayer(field) for field in self.present]
        self.required_attnames = [
            (attribute, self.attname(self.fields[attribute]), self.fields[attribute].column_name)
            for attribute in self.required
        ]
        self.find_duplicates(dataset)
        self.load_lookups(dataset)

    def load_lookups(self, dataset):
        raise NotImplementedError

    def find_duplicates(self, dataset):
        key_field = self.key_field
        first_use = {}
        for number, value in enumerate(dataset[key_field.column_name], start=1):
            try:
                key = key_field.widget.clean(value)
            except ValueError:
                continue
            if key and key in first_use:
                self.duplicate_of[number] = first_use[key]
            else:
                first_use.setdefault(key, number)

    def column_values(self, dataset, field_name):
        """The distinct non-empty texts of a field's column, if the file has it."""
        column = self.fields[field_name].column_name
        if column not in (dataset.headers or ()):
            return set()
        texts = (
            cell_text(value) for value in dataset[column] if not isinstance(value, FormulaCell)
        )  # a formula is refused with the row it is on
        return {text for text in texts if text}

    # -- rows ------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        number = kwargs["row_number"]
        if number in self.duplicate_of:
            field = self.key_field
            key = cell_text(row.get(field.column_name))
            first = self.excel_row(self.duplicate_of[number])
            message = _("%(column)s“%(key)s”与第 %(first)s 行重复，同一文件中只能出现一次") % {
                "column": field.column_name,
                "key": key,
                "first": first,
            }
            raise ValidationError({field.attribute: message})

    def snapshot(self, instance):
        return tuple(getattr(instance, attname) for attname in self.present_attnames)

    def attname(self, field):
        return self._meta.model._meta.get_field(field.attribute).attname

    def import_instance(self, instance, row, **kwargs):
        """Set the fields whose column the file has; collect each column's error.

        The same as django-import-export's, minus the fields this file cannot
        set, which it would otherwise visit on every row (10,000 rows in 10 s).
        """
        errors = {}
        for field in self.present:
            # Field.save, without what these fields never use (defaults, a__b paths).
            try:
                setattr(
                    instance, field.attribute, field.widget.clean(row[field.column_name], row=row)
                )
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._roster_original = None if new else self.snapshot(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped (shown as unchanged, not written)."""
        if import_validation_errors or instance._roster_original is None:
            return False
        return self.snapshot(instance) == instance._roster_original

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Field errors from the widgets, empty required fields, then the rules of ``check_row``."""
        errors = {key: list(value) for key, value in (import_validation_errors or {}).items()}
        for attribute, attname, column in self.required_attnames:
            if attribute not in errors and getattr(instance, attname) in (None, ""):
                errors[attribute] = [_("%(column)s不能为空") % {"column": column}]
        if not errors:
            self.check_row(instance, errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, errors):
        """Add ``{attribute: [message]}`` to ``errors`` for each rule the row breaks."""

    def changed(self, instance, attribute):
        """True when an existing row's ``attribute`` differs from what the database holds."""
        original = instance._roster_original
        if original is None:
            return False
        for index, field in enumerate(self.present):
            if field.attribute == attribute:
                return getattr(instance, self.attname(field)) != original[index]
        return False

    def original_value(self, instance, attribute):
        for index, field in enumerate(self.present):
            if field.attribute == attribute:
                return instance._roster_original[index]
        return getattr(instance, self.attname(self.fields[attribute]))

    def displayer(self, field):
        """How the preview shows a stored value (an id for relations) of ``field``."""
        widget = field.widget
        if isinstance(widget, LookupWidget):
            return widget.describe_id
        if isinstance(widget, DateWidget):
            return lambda value: value.isoformat() if value else ""
        return lambda value: str(widget.render(value))

    def after_import_row(self, row, row_result, **kwargs):
        instance = row_result.instance
        if instance is None or not row_result.is_valid():
            return
        kind = {
            RowResult.IMPORT_TYPE_NEW: "new",
            RowResult.IMPORT_TYPE_UPDATE: "changed",
            RowResult.IMPORT_TYPE_SKIP: "unchanged",
        }[row_result.import_type]
        summary = {
            "row": self.excel_row(kwargs["row_number"]),
            "type": kind,
            "key": getattr(instance, self.key_field.attribute),
            "name": instance.name,
        }
        current = self.snapshot(instance)
        if kind == "new":
            summary["values"] = [
                display(value) for display, value in zip(self.displayers, current, strict=True)
            ]
        elif kind == "changed":
            summary["changes"] = [
                [field.column_name, display(old), display(new)]
                for field, display, old, new in zip(
                    self.present, self.displayers, instance._roster_original, current, strict=True
                )
                if old != new
            ]
        self.summaries.append(summary)

    def before_save_instance(self, instance, row, **kwargs):
        changed_by(instance, by=self.user, reason=self.change_reason)

    def after_import(self, dataset, result, **kwargs):
        """Nothing: no primary key comes from a file, so no sequence needs resetting."""

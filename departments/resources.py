"""How departments and people map to roster spreadsheets (django-import-export).

Columns carry Chinese headers and may come in any order. Everything a row
refers to (departments by code, branches by name, people by employee number)
is loaded once per import into dicts by ``before_import``, so no row costs a
query; people are written in bulk with their history rows, which name the
user who imported them. Each resource also describes every row for the
preview (new, changed with old → new values, unchanged), and refuses rows
with a Chinese message per column; ``departments.imports`` puts the messages
together with row numbers.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.spreadsheets import formula_unescape

from .models import Department, DepartmentKind, PartyBranch, Person

# Rows per SQL statement when loading what a file refers to (SQLite caps parameters).
LOOKUP_CHUNK = 900


def cell_text(value):
    """A cell as the text a person typed: numbers without a trailing .0, no outer spaces."""
    if value.__class__ is str:  # most cells: the quick way
        text = value.strip()
        return formula_unescape(text) if text[:1] == "'" else text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return formula_unescape(str(value).strip())


def describe_department(department):
    return f"{department.name}（{department.code}）"


class TextWidget(widgets.Widget):
    def __init__(self, *, max_length):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if len(text) > self.max_length:
            raise ValueError(f"内容有 {len(text)} 个字，超过上限 {self.max_length} 个字")
        return text


_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateWidget(widgets.Widget):
    """A date typed as 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 or 20240301, or a date cell."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        match = _DATE.match(text) or _COMPACT_DATE.match(text)
        if match is None:
            raise ValueError(f"“{text}”不是有效的日期，请按 2024-03-01 的格式填写")
        year, month, day = (int(part) for part in match.groups())
        if not 1900 <= year <= 2100:
            raise ValueError(f"日期“{text}”的年份不在 1900—2100 之间")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(f"日期“{text}”不存在") from None

    def render(self, value, obj=None, **kwargs):
        return value  # a date cell in .xlsx; the CSV writer writes ISO dates


_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "×", "✗"}


class YesNoWidget(widgets.Widget):
    """是/否 (also Y/N, 1/0, TRUE/FALSE). A blank cell means ``blank``."""

    def __init__(self, *, blank):
        super().__init__()
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if not text:
            return self.blank
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError(f"“{cell_text(value)}”无法识别，请填写“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """One of ``choices``, written as its Chinese label (临床) or its code (clinical)."""

    def __init__(self, *, choices, noun):
        super().__init__()
        self.choices = choices
        self.noun = noun
        self.by_text = {label: value for value, label in choices.choices}
        self.by_text.update({value.lower(): value for value in choices.values})

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.by_text.get(text) or self.by_text[text.lower()]
        except KeyError:
            allowed = "、".join(self.choices.labels)
            raise ValueError(f"{self.noun}“{text}”无效，应为{allowed}之一") from None

    def render(self, value, obj=None, **kwargs):
        return self.choices(value).label if value else ""


class LookupWidget(widgets.Widget):
    """A related row named by a natural key (a code, a name, an employee number).

    The rows come from ``load`` (once per import), never from a query per cell.
    """

    def __init__(self, *, key_attr, noun, describe=str):
        super().__init__()
        self.key_attr = key_attr
        self.noun = noun
        self.describe = describe
        self.by_key = {}
        self.by_id = {}

    def load(self, objects):
        for obj in objects:
            self.add(obj)

    def add(self, obj):
        self.by_key[getattr(obj, self.key_attr)] = obj
        self.by_id[obj.pk] = obj

    def clean(self, value, row=None, **kwargs):
        key = cell_text(value)
        if not key:
            return None
        try:
            return self.by_key[key]
        except KeyError:
            raise ValueError(f"{self.noun}“{key}”不存在") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.key_attr)

    def describe_id(self, pk):
        obj = self.by_id.get(pk)
        return "" if obj is None else self.describe(obj)


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

    def __init__(self, *, user=None, change_reason="", row_numbers=None):
        super().__init__()
        self.user = user
        self.change_reason = change_reason
        self.row_numbers = row_numbers or []
        self.summaries = []  # one description per valid row, in file order
        self.notes = []  # what the whole import will do besides the rows
        self.present = []  # importable fields whose column is in the file
        self.present_attnames = []
        self.displayers = []
        self.required_attnames = []
        self.duplicate_of = {}  # dataset row number -> dataset row number of its first use

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
        return {text for text in map(cell_text, dataset[column]) if text}

    # -- rows ------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        number = kwargs["row_number"]
        if number in self.duplicate_of:
            field = self.key_field
            key = cell_text(row.get(field.column_name))
            first = self.excel_row(self.duplicate_of[number])
            raise ValidationError(
                {
                    field.attribute: f"{field.column_name}“{key}”与第 {first} 行重复，同一文件中只能出现一次"
                }
            )

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
                errors[attribute] = [f"{column}不能为空"]
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
        instance._history_user = self.user
        instance._change_reason = self.change_reason

    def after_import(self, dataset, result, **kwargs):
        """Nothing: no primary key comes from a file, so no sequence needs resetting."""


class PersonResource(RosterResource):
    employee_number = Field(
        attribute="employee_number", column_name="工号", widget=TextWidget(max_length=32)
    )
    name = Field(attribute="name", column_name="姓名", widget=TextWidget(max_length=50))
    department = Field(
        attribute="department",
        column_name="科室编码",
        widget=LookupWidget(key_attr="code", noun="科室编码", describe=describe_department),
    )
    department_name = Field(attribute="department__name", column_name="科室名称", readonly=True)
    joined_department_on = Field(
        attribute="joined_department_on", column_name="调入本科室日期", widget=DateWidget()
    )
    is_party_member = Field(
        attribute="is_party_member", column_name="党员", widget=YesNoWidget(blank=False)
    )
    active = Field(attribute="active", column_name="在职", widget=YesNoWidget(blank=True))

    required_columns = ("工号", "姓名", "科室编码", "调入本科室日期")
    required = ("employee_number", "name", "department", "joined_department_on")

    class Meta:
        model = Person
        fields = (
            "employee_number",
            "name",
            "department",
            "department_name",
            "joined_department_on",
            "is_party_member",
            "active",
        )
        import_id_fields = ("employee_number",)
        instance_loader_class = PrefetchedInstanceLoader
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        report_skipped = True
        store_instance = True
        clean_model_instances = False

    def get_queryset(self):
        return Person.objects.all()

    def export_queryset(self):
        return Person.objects.select_related("department").order_by(
            "department__code", "employee_number"
        )

    def load_lookups(self, dataset):
        self.fields["department"].widget.load(Department.objects.all())

    def check_row(self, instance, errors):
        department = instance.department
        moved = self.changed(instance, "department")
        if (instance._roster_original is None or moved) and not department.active:
            errors["department"] = [f"科室“{describe_department(department)}”已停用，不能调入人员"]
            return
        if not moved:
            return
        old_department = self.fields["department"].widget.describe_id(
            self.original_value(instance, "department")
        )
        old_joined = self.original_value(instance, "joined_department_on")
        column = self.fields["joined_department_on"].column_name
        if not self.changed(instance, "joined_department_on"):
            errors["joined_department_on"] = [
                f"工号“{instance.employee_number}”从{old_department}调到"
                f"{describe_department(department)}，须同时把{column}改为调入新科室的日期"
                f"（表中仍是原日期 {old_joined.isoformat()}）"
            ]
        elif instance.joined_department_on < old_joined:
            errors["joined_department_on"] = [
                f"调入新科室的日期 {instance.joined_department_on.isoformat()} "
                f"早于调入原科室{old_department}的日期 {old_joined.isoformat()}，请核对"
            ]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """New people with their "created" history rows; a preview writes nothing."""
        try:
            if self.create_instances and not dry_run:
                bulk_create_with_history(
                    self.create_instances,
                    Person,
                    batch_size=self._meta.batch_size,
                    default_user=self.user,
                    default_change_reason=self.change_reason,
                )
        except Exception as error:  # reported as a problem of the whole file; the import rolls back
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Changed people with their "changed" history rows (who moved where, and when).

        People are grouped by the fields that changed, so that a batch of moves
        updates two columns rather than every column of the file.
        """
        try:
            if self.update_instances and not dry_run:
                for fields, people in self.group_by_changed_fields(self.update_instances).items():
                    bulk_update_with_history(
                        people,
                        Person,
                        fields=list(fields),
                        batch_size=self._meta.batch_size,
                        default_user=self.user,
                        default_change_reason=self.change_reason,
                    )
        except Exception as error:  # reported as a problem of the whole file; the import rolls back
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.update_instances.clear()

    def group_by_changed_fields(self, instances):
        groups = {}
        for instance in instances:
            changed = tuple(
                attname
                for attname, old in zip(
                    self.present_attnames, instance._roster_original, strict=True
                )
                if getattr(instance, attname) != old
            )
            groups.setdefault(changed, []).append(instance)
        return groups


class DepartmentResource(RosterResource):
    """Departments and clean teams (a clean team names its parent department's code).

    Few rows, so they are saved one by one: a clean team may name a parent
    that an earlier row of the same file creates. Party branches named in the
    file that do not exist yet are created.
    """

    code = Field(attribute="code", column_name="科室编码", widget=TextWidget(max_length=32))
    name = Field(attribute="name", column_name="科室名称", widget=TextWidget(max_length=100))
    kind = Field(
        attribute="kind",
        column_name="类别",
        widget=ChoiceWidget(choices=DepartmentKind, noun="类别"),
    )
    parent = Field(
        attribute="parent",
        column_name="所属科室编码",
        widget=LookupWidget(key_attr="code", noun="所属科室编码", describe=describe_department),
    )
    party_branch = Field(
        attribute="party_branch",
        column_name="党支部",
        widget=LookupWidget(key_attr="name", noun="党支部"),
    )
    head = Field(
        attribute="head",
        column_name="负责人工号",
        widget=LookupWidget(key_attr="employee_number", noun="负责人工号"),
    )
    head_name = Field(attribute="head__name", column_name="负责人姓名", readonly=True)
    active = Field(attribute="active", column_name="在用", widget=YesNoWidget(blank=True))

    required_columns = ("科室编码", "科室名称", "类别")
    required = ("code", "name", "kind")

    class Meta:
        model = Department
        fields = (
            "code",
            "name",
            "kind",
            "parent",
            "party_branch",
            "head",
            "head_name",
            "active",
        )
        import_id_fields = ("code",)
        instance_loader_class = PrefetchedInstanceLoader
        use_bulk = False
        skip_diff = True
        report_skipped = True
        store_instance = True
        clean_model_instances = False

    def get_queryset(self):
        return Department.objects.all()

    def export_queryset(self):
        return Department.objects.select_related("parent", "party_branch", "head").order_by("code")

    def load_lookups(self, dataset):
        departments = list(Department.objects.all())
        self.fields["parent"].widget.load(departments)
        self.parents = {department.parent_id for department in departments if department.parent_id}

        branches = {branch.name: branch for branch in PartyBranch.objects.all()}
        max_length = PartyBranch._meta.get_field("name").max_length
        new_names = sorted(
            name
            for name in self.column_values(dataset, "party_branch")
            if name not in branches and len(name) <= max_length
        )
        for name in new_names:
            branch = PartyBranch(name=name)
            branch._history_user = self.user
            branch._change_reason = self.change_reason
            branch.save()
            branches[name] = branch
        if new_names:
            self.notes.append(f"新建党支部：{'、'.join(new_names)}")
        self.fields["party_branch"].widget.load(branches.values())

        heads = list(
            Person.objects.filter(pk__in=Department.objects.exclude(head=None).values("head_id"))
        )
        numbers = sorted(self.column_values(dataset, "head"))
        for start in range(0, len(numbers), LOOKUP_CHUNK):
            heads += Person.objects.filter(
                employee_number__in=numbers[start : start + LOOKUP_CHUNK]
            )
        self.fields["head"].widget.load(heads)

    def check_row(self, instance, errors):
        parent = instance.parent
        if parent is None:
            return
        if parent.code == instance.code:
            errors["parent"] = ["所属科室不能是本科室"]
        elif parent.parent_id:
            errors["parent"] = [
                f"所属科室{describe_department(parent)}本身是清廉团队，清廉团队下不能再设清廉团队"
            ]
        elif instance.pk in self.parents:
            errors["parent"] = ["本科室下已有清廉团队，不能再设为其他科室的清廉团队"]

    def after_save_instance(self, instance, row, **kwargs):
        # A later row may name this one as its parent.
        self.fields["parent"].widget.add(instance)


ROSTER_RESOURCES = {"people": PersonResource, "departments": DepartmentResource}

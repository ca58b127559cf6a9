"""The departments roster: departments and clean teams, their branches, heads and contacts."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from core.history import changed_by
from core.i18n import join_items
from departments.models import Appointment, Department, DepartmentKind, PartyBranch, Person, Post

from .base import LOOKUP_CHUNK, PrefetchedInstanceLoader, RosterResource
from .widgets import (
    ChoiceWidget,
    LookupWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    describe_department,
    describe_person,
)


class DepartmentResource(RosterResource):
    """Departments and clean teams (a clean team names its parent department's code).

    Few rows, so they are saved one by one: a clean team may name a parent
    that an earlier row of the same file creates. Party branches named in the
    file that do not exist yet are created.

    The head (负责人工号) and the contacts (科室联络员工号, several numbers
    separated by 、 or ,) are not written by the resource: a row only plans them
    (``effects["appointments"]``, ``[code, post, employee number]``, an empty
    number for a head cleared), and ``services.roster_import_confirm`` appoints
    them through ``services.appoint`` after the rows are saved, so an import and
    the roles page record the same thing. Contacts listed are added; contacts
    not listed stay (removing one is done on the department's page).
    """

    CONTACTS_COLUMN = "科室联络员工号"

    code = Field(attribute="code", column_name="科室编码", widget=TextWidget(max_length=32))
    name = Field(attribute="name", column_name="科室名称", widget=TextWidget(max_length=100))
    kind = Field(
        attribute="kind",
        column_name="类别",
        widget=ChoiceWidget(
            choices=DepartmentKind, invalid=gettext_lazy("类别“%(value)s”无效，应为%(allowed)s之一")
        ),
    )
    parent = Field(
        attribute="parent",
        column_name="所属科室编码",
        widget=LookupWidget(
            key_attr="code",
            missing=gettext_lazy("所属科室编码“%(key)s”不存在"),
            describe=describe_department,
        ),
    )
    party_branch = Field(
        attribute="party_branch",
        column_name="党支部",
        widget=LookupWidget(key_attr="name", missing=gettext_lazy("党支部“%(key)s”不存在")),
    )
    head = Field(
        attribute="head",
        column_name="负责人工号",
        widget=LookupWidget(
            key_attr="employee_number",
            missing=gettext_lazy("负责人工号“%(key)s”不存在"),
            describe=describe_person,
        ),
    )
    head_name = Field(attribute="head__name", column_name="负责人姓名", readonly=True)
    contacts = Field(column_name=CONTACTS_COLUMN)
    active = Field(attribute="active", column_name="在用", widget=YesNoWidget(blank=True))

    required_columns = ("科室编码", "科室名称", "类别")
    unnoted_when_absent = (CONTACTS_COLUMN,)
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
            "contacts",
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
        return (
            Department.objects.select_related("parent", "party_branch", "head")
            .prefetch_related(_current_contacts())
            .order_by("code")
        )

    # -- the contacts column, which is no field of the model ---------------------------------

    @classmethod
    def importable_columns(cls):
        return [*super().importable_columns(), cls.CONTACTS_COLUMN]

    @classmethod
    def column_of(cls, attribute):
        if attribute == "contacts":
            return cls.CONTACTS_COLUMN
        return super().column_of(attribute)

    def dehydrate_contacts(self, department):
        contacts = getattr(department, "current_contacts", None)
        if contacts is None:
            contacts = _current_contacts().queryset.filter(department=department)
        return "、".join(a.person.employee_number for a in contacts)

    def _load_contacts(self, dataset):
        self.with_head = any(field.attribute == "head" for field in self.present)
        self.with_contacts = self.CONTACTS_COLUMN in (dataset.headers or ())
        self.contact_people = {}
        self.contact_of = {}  # person id -> department id of their current contact post
        self.contacts_listed = {}  # employee number -> department code of the row listing it
        if not self.with_contacts:
            return
        numbers = set()
        for value in dataset[self.CONTACTS_COLUMN]:
            try:
                numbers.update(_split_numbers(cell_text(value)))
            except ValueError:
                continue  # a formula: refused with its row
        numbers = sorted(numbers)
        for start in range(0, len(numbers), LOOKUP_CHUNK):
            for person in Person.objects.select_related("user").filter(
                employee_number__in=numbers[start : start + LOOKUP_CHUNK]
            ):
                self.contact_people[person.employee_number] = person
        self.contact_of = dict(
            Appointment.objects.current()
            .filter(post=Post.CONTACT)
            .values_list("person_id", "department_id")
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.error_dict
        instance._roster_contacts = []
        if self.with_contacts:
            try:
                instance._roster_contacts = self._contacts(instance, row[self.CONTACTS_COLUMN])
            except ValueError as error:
                errors["contacts"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def _contacts(self, instance, value):
        """The people the cell lists who are not yet contacts of this unit, each checked."""
        wanted = []
        for number in _split_numbers(cell_text(value)):
            person = self.contact_people.get(number)
            if person is None:
                raise ValueError(_("科室联络员工号“%(key)s”不存在") % {"key": number})
            described = describe_person(person)
            if not person.active:
                raise ValueError(
                    _("%(person)s已离职（在职＝否），不能任命为科室联络员") % {"person": described}
                )
            if person.user_id is None:
                raise ValueError(
                    _("%(person)s还没有登录账号，请先开通账号，再任命为科室联络员")
                    % {"person": described}
                )
            listed_in = self.contacts_listed.setdefault(number, instance.code)
            if listed_in != instance.code:
                raise ValueError(
                    _("%(person)s已列为%(code)s的科室联络员，一人只能担任一个科室的联络员")
                    % {"person": described, "code": listed_in}
                )
            held = self.contact_of.get(person.pk)
            if held is not None and held != instance.pk:
                raise ValueError(
                    _("%(person)s已是其他科室的科室联络员，请先在该科室页面免去")
                    % {"person": described}
                )
            if held is None and person not in wanted:
                wanted.append(person)
        return wanted

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "_roster_contacts", None):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def check_row(self, instance, errors):
        head = instance.head
        if head is not None and not head.active and head.pk != self.original_head_id(instance):
            errors["head"] = [
                _("%(person)s已离职（在职＝否），不能任命为科室负责人")
                % {"person": describe_person(head)}
            ]
            return
        self.check_parent(instance, errors)

    def original_head_id(self, instance):
        if instance._roster_original is None:
            return None
        return self.original_value(instance, "head")

    def do_instance_save(self, instance, is_create):
        """Save the row with the head it had: a new head is appointed after the import."""
        planned = instance.head
        instance.head_id = self.original_head_id(instance)
        super().do_instance_save(instance, is_create)
        instance.head = planned

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        instance = row_result.instance
        if instance is None or not row_result.is_valid():
            return
        plan = self.effects.setdefault("appointments", [])
        if self.with_head and instance.head_id != self.original_head_id(instance):
            number = instance.head.employee_number if instance.head else ""
            plan.append([instance.code, Post.HEAD.value, number])
        contacts = [person.employee_number for person in instance._roster_contacts]
        plan.extend([instance.code, Post.CONTACT.value, number] for number in contacts)
        if not plan:
            del self.effects["appointments"]
        if not self.with_contacts:
            return
        summary = self.summaries[-1]
        listed = "、".join(contacts)
        if summary["type"] == "new":
            summary["values"].append(listed)
        elif contacts:
            summary.setdefault("changes", []).append(
                [self.CONTACTS_COLUMN, "", _("新增 %(numbers)s") % {"numbers": listed}]
            )

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
            changed_by(branch, by=self.user, reason=self.change_reason)
            branch.save()
            branches[name] = branch
        if new_names:
            self.effects["new_party_branches"] = new_names
            self.notes.append(_("新建党支部：%(branches)s") % {"branches": join_items(new_names)})
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
        self._load_contacts(dataset)

    def check_parent(self, instance, errors):
        parent = instance.parent
        if parent is None:
            return
        if parent.code == instance.code:
            errors["parent"] = [_("所属科室不能是本科室")]
        elif parent.parent_id:
            errors["parent"] = [
                _("所属科室%(parent)s本身是清廉团队，清廉团队下不能再设清廉团队")
                % {"parent": describe_department(parent)}
            ]
        elif instance.pk in self.parents:
            errors["parent"] = [_("本科室下已有清廉团队，不能再设为其他科室的清廉团队")]

    def after_save_instance(self, instance, row, **kwargs):
        # A later row may name this one as its parent.
        self.fields["parent"].widget.add(instance)


def _current_contacts():
    return Prefetch(
        "appointments",
        queryset=Appointment.objects.current()
        .filter(post=Post.CONTACT)
        .select_related("person")
        .order_by("person__employee_number"),
        to_attr="current_contacts",
    )


_SEPARATORS = re.compile(r"[、,，;；\s]+")


def _split_numbers(text):
    """科室联络员工号: several employee numbers separated by 、 , ; or spaces."""
    return [number for number in _SEPARATORS.split(text) if number]

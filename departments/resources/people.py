"""The people roster: written in bulk, with history rows that keep every move."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from departments.models import Department, Person

from .base import PrefetchedInstanceLoader, RosterResource
from .widgets import DateWidget, LookupWidget, TextWidget, YesNoWidget, describe_department


class PersonResource(RosterResource):
    employee_number = Field(
        attribute="employee_number", column_name="工号", widget=TextWidget(max_length=32)
    )
    name = Field(attribute="name", column_name="姓名", widget=TextWidget(max_length=50))
    department = Field(
        attribute="department",
        column_name="科室编码",
        widget=LookupWidget(
            key_attr="code",
            missing=gettext_lazy("科室编码“%(key)s”不存在"),
            describe=describe_department,
        ),
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
            errors["department"] = [
                _("科室“%(department)s”已停用，不能调入人员")
                % {"department": describe_department(department)}
            ]
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
                _(
                    "工号“%(employee_number)s”从%(old_department)s调到%(new_department)s，"
                    "须同时把%(column)s改为调入新科室的日期（表中仍是原日期 %(old_date)s）"
                )
                % {
                    "employee_number": instance.employee_number,
                    "old_department": old_department,
                    "new_department": describe_department(department),
                    "column": column,
                    "old_date": old_joined.isoformat(),
                }
            ]
        elif instance.joined_department_on < old_joined:
            errors["joined_department_on"] = [
                _(
                    "调入新科室的日期 %(new_date)s 早于调入原科室%(old_department)s的日期 "
                    "%(old_date)s，请核对"
                )
                % {
                    "new_date": instance.joined_department_on.isoformat(),
                    "old_department": old_department,
                    "old_date": old_joined.isoformat(),
                }
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
                self.moves.extend(
                    (person.pk, self.original_value(person, "department"))
                    for person in self.update_instances
                    if self.changed(person, "department")
                )
                leavers = [
                    person
                    for person in self.update_instances
                    if not person.active and self.changed(person, "active")
                ]
                self.leavers.extend(person.pk for person in leavers)
                leaving = [person.user_id for person in leavers if person.user_id]
                for fields, people in self.group_by_changed_fields(self.update_instances).items():
                    bulk_update_with_history(
                        people,
                        Person,
                        fields=list(fields),
                        batch_size=self._meta.batch_size,
                        default_user=self.user,
                        default_change_reason=self.change_reason,
                    )
                # Whoever the file marks 在职 = 否 loses sign-in with the import: the
                # account is deactivated, never deleted (the person's history row says
                # who marked them and when); marking them 在职 again does not reopen it.
                User.objects.filter(pk__in=leaving, is_active=True).update(is_active=False)
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

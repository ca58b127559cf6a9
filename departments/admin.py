from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Appointment, Department, PartyBranch, Person
from .services import posts_end_on_move


@admin.register(PartyBranch)
class PartyBranchAdmin(SimpleHistoryAdmin):
    list_display = ("name", "secretary", "active")
    search_fields = ("name",)
    # Appointed on the roles page (departments.services.appoint), which keeps the record.
    readonly_fields = ("secretary",)


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "parent", "party_branch", "active")
    list_filter = ("kind", "active", "party_branch")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "party_branch")
    # Appointed on the department's page (departments.services.appoint), which keeps the record.
    readonly_fields = ("head",)

    def has_delete_permission(self, request, obj=None):
        return False  # departments are retired (active = False), never deleted


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = (
        "employee_number",
        "name",
        "department",
        "joined_department_on",
        "is_party_member",
        "active",
    )
    list_filter = ("is_party_member", "active", "department__kind")
    search_fields = ("employee_number", "name")
    autocomplete_fields = ("department", "user")

    def has_delete_permission(self, request, obj=None):
        return False  # people leave (active = False); their history stays

    def save_model(self, request, obj, form, change):
        old_department = form.initial.get("department") if change else None
        super().save_model(request, obj, form, change)
        if change and "department" in form.changed_data and old_department:
            # Whoever moves leaves the posts of the old department, as a roster import does.
            posts_end_on_move(
                person=obj,
                old_department=Department.objects.get(pk=old_department),
                by=request.user,
            )


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    """Read only: appointments are made and removed on the roles page, with the record."""

    list_display = ("person", "post", "department", "party_branch", "appointed_at", "removed_at")
    list_filter = ("post",)
    search_fields = ("person__name", "person__employee_number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

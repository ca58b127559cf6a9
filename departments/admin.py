from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Department, PartyBranch, Person


@admin.register(PartyBranch)
class PartyBranchAdmin(SimpleHistoryAdmin):
    list_display = ("name", "secretary", "active")
    search_fields = ("name",)
    autocomplete_fields = ("secretary",)


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "parent", "party_branch", "active")
    list_filter = ("kind", "active", "party_branch")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "party_branch", "head")

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

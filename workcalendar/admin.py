from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarDay, CalendarYear


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    readonly_fields = ("date", "kind", "name")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # entered on the calendar page, where the rules are checked


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ("year", "source", "confirmed_at", "confirmed_by")
    readonly_fields = ("year", "source", "confirmed_at", "confirmed_by", "note")
    inlines = [CalendarDayInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

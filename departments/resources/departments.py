"""The departments roster: departments and clean teams, their branches and heads."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from core.history import changed_by
from core.i18n import join_items
from departments.models import Department, DepartmentKind, PartyBranch, Person

from .base import LOOKUP_CHUNK, PrefetchedInstanceLoader, RosterResource
from .widgets import (
    ChoiceWidget,
    LookupWidget,
    TextWidget,
    YesNoWidget,
    describe_department,
    describe_person,
)


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

    def check_row(self, instance, errors):
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

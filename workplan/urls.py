from django.urls import path

from workplan.views import imports, plans, tasks

app_name = "workplan"
urlpatterns = [
    path("", plans.plan_list, name="plans"),
    path("new/", plans.plan_create, name="plan_create"),
    path("<int:pk>/", plans.plan_detail, name="plan"),
    path("<int:pk>/copy/", plans.plan_copy, name="plan_copy"),
    path("<int:pk>/import/", imports.plan_import, name="plan_import"),
    path("<int:pk>/tasks/new/", tasks.task_add, name="task_add"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/template.xlsx", imports.import_template, name="import_template"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/move/", tasks.task_move, name="task_move"),
    path("tasks/<int:pk>/remove/", tasks.task_remove, name="task_remove"),
    path("tasks/<int:pk>/measures/new/", tasks.measure_add, name="measure_add"),
    path("tasks/<int:pk>/nodes/new/", tasks.node_add, name="node_add"),
    path("measures/<int:pk>/edit/", tasks.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/move/", tasks.measure_move, name="measure_move"),
    path("measures/<int:pk>/remove/", tasks.measure_remove, name="measure_remove"),
    path("nodes/<int:pk>/edit/", tasks.node_edit, name="node_edit"),
    path("nodes/<int:pk>/remove/", tasks.node_remove, name="node_remove"),
    path("nodes/<int:pk>/mark/", tasks.node_mark, name="node_mark"),
]

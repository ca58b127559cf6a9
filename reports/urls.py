from django.urls import path

from reports.views import materials, reports

app_name = "reports"
urlpatterns = [
    path("", reports.report_list, name="list"),
    path("overdue/", reports.overdue_list, name="overdue"),
    path("<int:pk>/", reports.report_detail, name="report"),
    path("<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("<int:pk>/comment/", reports.report_comment, name="report_comment"),
    path("<int:pk>/accept/", reports.report_accept, name="report_accept"),
    path("<int:pk>/return/", reports.report_return, name="report_return"),
    path("<int:pk>/files/<int:file_pk>/", reports.report_file, name="report_file"),
    # Publicity materials (宣传材料).
    path("materials/", materials.material_list, name="materials"),
    path("materials/new/", materials.material_new, name="material_new"),
    path("materials/counts/", materials.material_counts, name="material_counts"),
    path("materials/<int:pk>/", materials.material_detail, name="material"),
    path("materials/<int:pk>/accept/", materials.material_accept, name="material_accept"),
    path("materials/<int:pk>/return/", materials.material_return, name="material_return"),
    path("materials/<int:pk>/files/<int:file_pk>/", materials.material_file, name="material_file"),
]

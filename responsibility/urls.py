from django.urls import path

from responsibility.views import holders, lists

app_name = "responsibility"
urlpatterns = [
    # The party office's set of holders and the per-department view.
    path("", holders.holders, name="holders"),
    path("holders/new/", holders.holder_add, name="holder_add"),
    path("holders/fill-heads/", holders.fill_heads, name="fill_heads"),
    path("holders/<int:pk>/remove/", holders.holder_remove, name="holder_remove"),
    path("overview/", holders.overview, name="overview"),
    # A holder's list.
    path("mine/", lists.mine, name="mine"),
    path("holders/<int:pk>/", lists.list_detail, name="list"),
    path("holders/<int:pk>/items/new/", lists.item_add, name="item_add"),
    path("holders/<int:pk>/sign/", lists.list_sign, name="list_sign"),
    path("holders/<int:pk>/scan/", lists.list_scan, name="list_scan"),
    path("holders/<int:pk>/revise/", lists.list_revise, name="list_revise"),
    path("items/<int:pk>/edit/", lists.item_edit, name="item_edit"),
    path("items/<int:pk>/remove/", lists.item_remove, name="item_remove"),
    path("items/<int:pk>/progress/", lists.item_progress, name="item_progress"),
    path("versions/<int:pk>/scan/", lists.scan_file, name="scan_file"),
]

from django.urls import path

from publicity.views import board, confirmation, objections, opening

app_name = "publicity"
urlpatterns = [
    path("", board.board, name="board"),
    path("<int:pk>/", board.publicity_detail, name="detail"),
    path("campaigns/<int:campaign_pk>/open/", opening.publicity_open_view, name="open"),
    path("<int:pk>/objections/new/", objections.objection_new, name="objection_new"),
    path("objections/", objections.objection_list, name="objections"),
    path("objections/mine/", objections.my_objections, name="my_objections"),
    path("objections/<int:pk>/", objections.objection_detail, name="objection"),
    path("objections/<int:pk>/receipt/", objections.objection_receipt, name="objection_receipt"),
    path("objections/<int:pk>/take-up/", objections.objection_take_up, name="objection_take_up"),
    path("objections/<int:pk>/settle/", objections.objection_settle, name="objection_settle"),
    path(
        "objections/<int:pk>/attachments/<int:attachment_pk>/",
        objections.objection_attachment,
        name="objection_attachment",
    ),
]

# The party committee's confirmation after the publicity keeps its path under
# campaigns/ (qinglian/urls.py), in the namespace "confirmation".
confirmation_urlpatterns = (
    [path("<int:pk>/confirm/", confirmation.campaign_confirm, name="confirm")],
    "confirmation",
)

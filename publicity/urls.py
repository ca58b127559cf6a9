from django.urls import path

from publicity.views import board, opening

app_name = "publicity"
urlpatterns = [
    path("", board.board, name="board"),
    path("<int:pk>/", board.publicity_detail, name="detail"),
    path("campaigns/<int:campaign_pk>/open/", opening.publicity_open_view, name="open"),
]

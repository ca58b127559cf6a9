from django.urls import path

from risks.views import hospital, key_posts, points

app_name = "risks"
urlpatterns = [
    # A unit's own records (its head or contact keeps them).
    path("mine/", points.mine, name="mine"),
    path("units/<int:pk>/points/", points.unit_points, name="unit_points"),
    path("units/<int:pk>/points/new/", points.point_add, name="point_add"),
    path("points/<int:pk>/", points.point_detail, name="point"),
    path("points/<int:pk>/edit/", points.point_edit, name="point_edit"),
    path("points/<int:pk>/review/", points.point_review, name="point_review"),
    path("points/<int:pk>/retire/", points.point_retire, name="point_retire"),
    path("units/<int:pk>/posts/", key_posts.unit_posts, name="unit_posts"),
    path("units/<int:pk>/posts/new/", key_posts.holding_add, name="holding_add"),
    path("holdings/<int:pk>/", key_posts.holding_detail, name="holding"),
    path("holdings/<int:pk>/rotate/", key_posts.holding_rotate, name="holding_rotate"),
    path("holdings/<int:pk>/end/", key_posts.holding_end, name="holding_end"),
    # The working group's hospital-wide lists.
    path("points/", hospital.points, name="points"),
    path("rotation/", hospital.rotation, name="rotation"),
    path("overview/", hospital.overview, name="overview"),
]

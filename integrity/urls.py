app_name = "integrity"
urlpatterns = []

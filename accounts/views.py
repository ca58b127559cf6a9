from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import home_sections


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """What waits for this person, one section per role they hold."""
    return render(request, "accounts/home.html", {"sections": home_sections(request.user)})

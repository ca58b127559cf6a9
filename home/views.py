from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from home.selectors import home_sections


@login_required
def home(request):
    """What waits for this person, one section per role they hold."""
    return render(request, "home/home.html", {"sections": home_sections(request.user)})

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A stale or forged form: say so in Chinese and suggest reloading."""
    return render(request, "core/csrf_failure.html", {"reason": reason}, status=403)

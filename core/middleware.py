from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header from settings.CONTENT_SECURITY_POLICY.

    Read at call time so a test or a deployment can change the policy without
    a restart of the import machinery.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = "; ".join(
                f"{directive} {value}" for directive, value in policy.items()
            )
        return response

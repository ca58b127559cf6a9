"""Refusing oversized uploads before they are read.

Django parses a multipart body as soon as anything touches ``request.POST``
or ``request.FILES``. A view that accepts files checks the declared length
first (``declared_length``) and installs ``UploadLimitHandler`` so that a
body longer than it declared is still cut off; the file is never kept whole,
in memory or on disk. Such a view is ``csrf_exempt`` on the outside (the CSRF
check would parse the body first) and ``csrf_protect`` on the inside.
"""

from functools import wraps

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room for the multipart boundaries, part headers and the small fields around the file.
MULTIPART_ALLOWANCE = 64 * 1024
_CHUNK = 64 * 1024
# Beyond this an oversized body is not even read to the end; the connection is dropped.
DISCARD_LIMIT = 256 * 1024 * 1024


def declared_length(request):
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def discard_body(request, length):
    """Read the body in small chunks and drop it, so the browser gets the answer
    rather than a reset connection. Nothing is kept."""
    remaining = min(length, DISCARD_LIMIT)
    while remaining > 0:
        chunk = request.read(min(_CHUNK, remaining))
        if not chunk:
            break
        remaining -= len(chunk)


class UploadLimitHandler(FileUploadHandler):
    """Stops the upload as soon as one file passes ``limit`` bytes; ``exceeded`` tells the view."""

    def __init__(self, request=None, *, limit):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)  # Django drains the rest without keeping it
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers build the file


def upload_body_limited(*, limits, refuse):
    """Wrap a view that accepts files so an oversized upload is never kept whole.

    ``limits()`` answers ``(max_body, max_file)`` at call time: a POST declaring a
    body longer than ``max_body`` is drained unread, and a file passing
    ``max_file`` bytes is cut off while it is read; both are answered by
    ``refuse(request, *args, **kwargs)``. The CSRF check runs after the size
    check (it would parse the body first), so the wrapped view is ``csrf_protect``ed
    inside and the outside is ``csrf_exempt``.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST":
                max_body, max_file = limits()
                length = declared_length(request)
                if length > max_body:
                    discard_body(request, length)
                    return refuse(request, *args, **kwargs)
                handler = UploadLimitHandler(request, limit=max_file)
                request.upload_handlers.insert(0, handler)
                try:
                    request.POST  # noqa: B018  (parse now, under the limit)
                except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                    return refuse(request, *args, **kwargs)
                if handler.exceeded:
                    return refuse(request, *args, **kwargs)
            return protected(request, *args, **kwargs)

        return limited

    return decorator

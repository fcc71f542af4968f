"""Request bodies above DATA_UPLOAD_MAX_MEMORY_SIZE are answered 413, before anything reads them."""

from django.conf import settings
from django.http import JsonResponse


class BodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and declared_length(request) > limit:
            detail = f"Request body is larger than {limit} bytes."
            return JsonResponse({"detail": detail}, status=413)
        return self.get_response(request)


def declared_length(request) -> int:
    """The Content-Length header; Django reads no body without a valid one."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0

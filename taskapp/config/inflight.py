"""Load shedding: a worker answers 503 with Retry-After once MAX_REQUESTS_IN_FLIGHT of
its requests are being served, so one of its threads always stays free for the probes.

gunicorn gives each worker GUNICORN_THREADS threads and no more connections than that
(gunicorn.conf.py). Without a bound, as many slow requests as there are threads would
take them all, and /api/health/live would wait in the listen queue until the kubelet
gave up on it and restarted a pod that was only busy. The health paths are never
counted nor refused. The count is per worker process, like the threads it guards.
"""

import threading

from django.conf import settings
from django.http import JsonResponse

EXEMPT_PREFIX = "/api/health/"
RETRY_AFTER_SECONDS = 1


class LoadSheddingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.MAX_REQUESTS_IN_FLIGHT
        self.in_flight = 0
        self.lock = threading.Lock()

    def __call__(self, request):
        if request.path.startswith(EXEMPT_PREFIX):
            return self.get_response(request)
        with self.lock:
            busy = self.in_flight >= self.limit
            if not busy:
                self.in_flight += 1
        if busy:
            return overloaded(self.limit)
        try:
            return self.get_response(request)
        finally:
            with self.lock:
                self.in_flight -= 1


def overloaded(limit: int) -> JsonResponse:
    detail = f"Busy: {limit} requests in progress here; retry in {RETRY_AFTER_SECONDS} s."
    response = JsonResponse({"detail": detail}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

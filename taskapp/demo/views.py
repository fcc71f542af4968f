"""Teaching switches, answered 404 unless DEMO_ENDPOINTS=1.

- `POST /api/demo/cpu` with `{"ms": N}` uses N ms (1..10000) of CPU time, load for the
  autoscaler.
- `POST /api/demo/hang` makes `/api/health/live` fail from now on: a hung app to restart.
- `POST /api/demo/ready` with `{"ready": false}` makes `/api/health/ready` fail,
  `{"ready": true}` makes it pass again: a pod leaves the Service and comes back.

Each takes only `Content-Type: application/json` (415 otherwise). A page on another
origin can make a browser send a form, an `<img>` GET or a `fetch` with a "simple"
content type without asking first; for JSON the browser must ask (a CORS preflight),
and this app grants no other origin anything. So a web page the reader happens to
open cannot flip a switch of their lab.

A slow start for the startup probe is `STARTUP_DELAY_SECONDS` (see gunicorn.conf.py).
"""

import hashlib
import time

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, UnsupportedMediaType
from rest_framework.response import Response
from rest_framework.views import APIView

from config.parsers import JSONParser
from demo import state
from demo.serializers import CpuSerializer, HangSerializer, ReadySerializer

JSON = "application/json"


class DemoView(APIView):
    parser_classes = [JSONParser]

    def initial(self, request, *args, **kwargs):
        if not settings.DEMO_ENDPOINTS:
            raise NotFound("demo endpoints are off; start the app with DEMO_ENDPOINTS=1")
        if request.content_type.partition(";")[0].strip().lower() != JSON:
            raise UnsupportedMediaType(
                request.content_type or "none",
                detail="demo switches take only Content-Type: application/json, which "
                "a page on another origin cannot send without a preflight",
            )
        super().initial(request, *args, **kwargs)


class CpuView(DemoView):
    """Use `ms` ms of CPU time in the worker that answers (404 unless DEMO_ENDPOINTS=1)."""

    @extend_schema(request=CpuSerializer, responses=CpuSerializer)
    def post(self, request):
        body = CpuSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ms = body.validated_data["ms"]
        burn_cpu(ms / 1000)
        return Response({"ms": ms})


class HangView(DemoView):
    """Make /api/health/live answer 503 until gunicorn restarts (404 unless DEMO_ENDPOINTS=1)."""

    @extend_schema(request=None, responses=HangSerializer)
    def post(self, request):
        state.turn(state.HUNG, True)
        return Response({"hung": True})


class ReadyView(DemoView):
    """Make /api/health/ready fail (`false`) or pass (`true`) (404 unless DEMO_ENDPOINTS=1)."""

    @extend_schema(request=ReadySerializer, responses=ReadySerializer)
    def post(self, request):
        body = ReadySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ready = body.validated_data["ready"]
        state.turn(state.NOT_READY, not ready)
        return Response({"ready": ready})


# hashlib lets go of the GIL while it hashes more than 2 KiB: the other threads of the
# worker (a probe, the loop that reports to gunicorn's master) run meanwhile.
BLOCK = bytes(256 * 1024)


def burn_cpu(seconds: float) -> None:
    """Compute until this thread has used `seconds` of CPU time (wall time may be longer)."""
    deadline = time.thread_time() + seconds
    while time.thread_time() < deadline:
        hashlib.sha256(BLOCK).digest()

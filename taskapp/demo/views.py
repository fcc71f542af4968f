"""Teaching switches, answered 404 unless DEMO_ENDPOINTS=1.

- `GET /api/demo/cpu?ms=N` uses N ms (1..10000) of CPU time, load for the autoscaler.
- `POST /api/demo/hang` makes `/api/health/live` fail from now on: a hung app to restart.
- `POST /api/demo/ready` with `{"ready": false}` makes `/api/health/ready` fail,
  `{"ready": true}` makes it pass again: a pod leaves the Service and comes back.

A slow start for the startup probe is `STARTUP_DELAY_SECONDS` (see gunicorn.conf.py).
"""

import hashlib
import time

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from demo import state
from demo.serializers import CpuQuerySerializer, HangSerializer, ReadySerializer


class DemoView(APIView):
    def initial(self, request, *args, **kwargs):
        if not settings.DEMO_ENDPOINTS:
            raise NotFound("demo endpoints are off; start the app with DEMO_ENDPOINTS=1")
        super().initial(request, *args, **kwargs)


class CpuView(DemoView):
    """Use `ms` ms of CPU time in the worker that answers (404 unless DEMO_ENDPOINTS=1)."""

    @extend_schema(parameters=[CpuQuerySerializer], responses=CpuQuerySerializer)
    def get(self, request):
        query = CpuQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ms = query.validated_data["ms"]
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

"""What the running service says about itself: alive, ready, which version and where."""

import platform
import socket

import django
from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.response import Response

from demo import state
from health.checks import database_problem
from health.serializers import InfoSerializer, StatusSerializer

UNAVAILABLE = status.HTTP_503_SERVICE_UNAVAILABLE


@extend_schema(responses={200: StatusSerializer, 503: StatusSerializer})
@api_view(["GET"])
@throttle_classes([])  # probes are never throttled (nor shed: config/inflight.py)
def live(request):
    """The process serves requests. Touches no database."""
    if state.is_on(state.HUNG):
        reason = "hung on purpose through POST /api/demo/hang"
        return Response({"status": "hung", "reason": reason}, status=UNAVAILABLE)
    return Response({"status": "ok"})


@extend_schema(responses={200: StatusSerializer, 503: StatusSerializer})
@api_view(["GET"])
@throttle_classes([])  # probes are never throttled (nor shed: config/inflight.py)
def ready(request):
    """The database answers and every migration is applied; 503 with the reason if not."""
    if state.is_on(state.NOT_READY):
        reason = "switched off through POST /api/demo/ready"
        return Response({"status": "unavailable", "reason": reason}, status=UNAVAILABLE)
    problem = database_problem()
    if problem:
        return Response({"status": "unavailable", "reason": problem}, status=UNAVAILABLE)
    return Response({"status": "ok"})


@extend_schema(responses=InfoSerializer)
@api_view(["GET"])
def info(request):
    """Which version answered, and from which host (the pod name in Kubernetes)."""
    return Response(
        {
            "version": settings.APP_VERSION,
            "hostname": socket.gethostname(),
            "python": platform.python_version(),
            "django": django.get_version(),
        }
    )

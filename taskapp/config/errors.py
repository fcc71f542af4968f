"""JSON answers for errors Django handles outside the API views."""

from django.http import JsonResponse


def bad_request(request, exception):
    return JsonResponse({"detail": "Bad request."}, status=400)


def not_found(request, exception):
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request):
    return JsonResponse({"detail": "Server error."}, status=500)

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("api/", include("tasks.urls")),
    path("api/", include("health.urls")),
    path("api/", include("demo.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
]

handler400 = "config.errors.bad_request"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"

from django.urls import path

from health import views

urlpatterns = [
    path("health/live", views.live),
    path("health/ready", views.ready),
    path("info", views.info),
]

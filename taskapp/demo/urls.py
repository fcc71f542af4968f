from django.urls import path

from demo.views import CpuView, HangView, ReadyView

urlpatterns = [
    path("demo/cpu", CpuView.as_view()),
    path("demo/hang", HangView.as_view()),
    path("demo/ready", ReadyView.as_view()),
]

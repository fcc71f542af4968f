from rest_framework import viewsets

from tasks.models import Task
from tasks.serializers import TaskSerializer


class TaskViewSet(viewsets.ModelViewSet):
    """Tasks: list (paginated, `?status=`, `?priority=`, `?ordering=`), create,
    retrieve, update, partial update and delete."""

    queryset = Task.objects.all()
    serializer_class = TaskSerializer
    filterset_fields = ["status", "priority"]
    ordering_fields = ["id", "title", "status", "due_date", "created_at", "updated_at"]
    # Ids are numbers: anything else is an unknown URL (404) before a query is made.
    lookup_value_regex = "[0-9]+"

from rest_framework import serializers

from tasks.models import Task

# Characters in a description: a few pages of text. With the page size bounded too
# (config/pagination.py) a list answer stays well under a megabyte.
DESCRIPTION_MAX_LENGTH = 4000


class TaskSerializer(serializers.ModelSerializer):
    """DRF's text fields already refuse NUL and lone surrogate characters,
    which PostgreSQL cannot store, so the same input fails the same way on
    SQLite and PostgreSQL: 400, never 500."""

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "status",
            "priority",
            "due_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"description": {"max_length": DESCRIPTION_MAX_LENGTH}}

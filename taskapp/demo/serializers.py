from rest_framework import serializers

MAX_CPU_MS = 10_000


class CpuSerializer(serializers.Serializer):
    ms = serializers.IntegerField(min_value=1, max_value=MAX_CPU_MS, help_text="CPU time to burn")


class ReadySerializer(serializers.Serializer):
    ready = serializers.BooleanField(help_text="false: readiness fails; true: it passes again")


class HangSerializer(serializers.Serializer):
    hung = serializers.BooleanField()

from rest_framework import serializers


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    reason = serializers.CharField(required=False)


class InfoSerializer(serializers.Serializer):
    version = serializers.CharField()
    hostname = serializers.CharField()
    python = serializers.CharField()
    django = serializers.CharField()

"""The public read-only JSON API, versioned by URL (/api/v1/...)."""
from django.urls import path

urlpatterns: list = []

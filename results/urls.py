"""Results URLs: steward uploads, public classifications and standings."""
from django.urls import path

app_name = "results"
urlpatterns: list = []

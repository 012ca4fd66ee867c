"""Entries URLs: team manager pages and public entry lists."""
from django.urls import path

app_name = "entries"
urlpatterns: list = []

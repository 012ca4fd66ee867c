"""Qualifying URLs: the stewards' upload of an event's sessions, the public classification and grid.

Names without a namespace (as before they moved here from results.standings).
"""

from django.urls import path

from results.classifications import qualifying_views as views

urlpatterns = [
    path("events/<int:event_id>/qualifying/", views.event_qualifying, name="event_qualifying"),
    path("steward/events/<int:event_id>/qualifying/", views.steward_qualifying, name="steward_qualifying"),
    path(
        "steward/events/<int:event_id>/qualifying/upload/",
        views.steward_qualifying_upload,
        name="steward_qualifying_upload",
    ),
    path(
        "steward/events/<int:event_id>/qualifying/confirm/",
        views.steward_qualifying_confirm,
        name="steward_qualifying_confirm",
    ),
]

"""Classification URLs: steward uploads and decisions, public classifications."""

from django.urls import path

from results.classifications import lap_views, views

app_name = "results"
urlpatterns: list = [
    path("steward/", views.steward_home, name="steward_home"),
    path("steward/races/<int:race_id>/", views.steward_race, name="steward_race"),
    path("steward/races/<int:race_id>/upload/", views.steward_upload, name="steward_upload"),
    path(
        "steward/races/<int:race_id>/template.<str:fmt>",
        views.steward_template,
        name="steward_template",
    ),
    path("steward/races/<int:race_id>/confirm/", views.steward_confirm, name="steward_confirm"),
    path("steward/uploads/<int:pending_id>/", views.steward_pending, name="steward_pending"),
    path("steward/races/<int:race_id>/laps/", lap_views.steward_race_laps_upload, name="steward_race_laps_upload"),
    path(
        "steward/races/<int:race_id>/laps/confirm/",
        lap_views.steward_race_laps_confirm,
        name="steward_race_laps_confirm",
    ),
    path(
        "steward/events/<int:event_id>/qualifying/laps/",
        lap_views.steward_qualifying_laps_upload,
        name="steward_qualifying_laps_upload",
    ),
    path(
        "steward/events/<int:event_id>/qualifying/laps/confirm/",
        lap_views.steward_qualifying_laps_confirm,
        name="steward_qualifying_laps_confirm",
    ),
    path(
        "steward/races/<int:race_id>/decisions/new/",
        views.steward_decision_new,
        name="steward_decision_new",
    ),
    path(
        "steward/decisions/<int:decision_id>/amend/",
        views.steward_decision_amend,
        name="steward_decision_amend",
    ),
    path(
        "steward/decisions/<int:decision_id>/withdraw/",
        views.steward_decision_withdraw,
        name="steward_decision_withdraw",
    ),
    path("steward/versions/<int:version_id>/publish/", views.steward_publish, name="steward_publish"),
    path(
        "steward/versions/<int:version_id>/export.<str:fmt>",
        views.steward_export,
        name="steward_export",
    ),
    path("races/<int:race_id>/classification/", views.race_classification, name="race_classification"),
    path("races/<int:race_id>/analysis/", views.race_analysis, name="race_analysis"),
    path(
        "races/<int:race_id>/classification/print/", views.race_classification_print, name="race_classification_print"
    ),
    path(
        "races/<int:race_id>/classification.<str:fmt>",
        views.race_classification_export,
        name="race_classification_export",
    ),
]

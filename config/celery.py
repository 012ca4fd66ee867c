"""The Celery app. Broker and eager mode come from Django settings (CELERY_* keys)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("paddock")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Why a list: tasks live in the packages of an app (results.standings.tasks), which Django's
# INSTALLED_APPS alone would not lead the worker to.
app.autodiscover_tasks(["results.standings", "championships"])

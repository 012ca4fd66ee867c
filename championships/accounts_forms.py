"""The extra fields of the sign-up form: people are shown to each other by name, not e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest


class SignupNamesForm(forms.Form):
    """First and last name, asked on sign-up (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")

    def signup(self, request: HttpRequest, user: Any) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])

"""Forms of the stewards' qualifying pages; they only validate input, the services decide."""

from __future__ import annotations

from django import forms

from results.classifications.forms import UploadForm


class QualifyingUploadForm(UploadForm):
    """The race upload's form (same size check), saying which file is expected here."""

    file = forms.FileField(help_text="Al Kamel qualifying classification CSV (POS,NUMBER,LAP,TIME,...)")

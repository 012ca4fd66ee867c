"""Pure parsers for uploaded race classifications (no Django here).

Use `parse_classification(data, filename)`; it detects Al Kamel CSV or the
portal template (CSV/XLSX) from the content and returns validated rows, or
raises ClassificationFileError listing every problem found.
"""

from __future__ import annotations

from results.classifications.parsing.detect import check_size, decode, parse_classification
from results.classifications.parsing.errors import ClassificationFileError, FileProblem
from results.classifications.parsing.model import (
    MAX_UPLOAD_BYTES,
    STATUSES,
    FieldLimits,
    ParsedClassification,
    ParsedRow,
)
from results.classifications.parsing.template import (
    TEMPLATE_COLUMNS,
    TemplateEntry,
    escape_cell,
    write_entry_template_csv,
    write_entry_template_xlsx,
    write_template_csv,
    write_template_xlsx,
)
from results.classifications.parsing.times import format_duration_ms, parse_duration_ms, parse_gap

__all__ = [
    "MAX_UPLOAD_BYTES",
    "STATUSES",
    "TEMPLATE_COLUMNS",
    "ClassificationFileError",
    "FieldLimits",
    "FileProblem",
    "ParsedClassification",
    "ParsedRow",
    "TemplateEntry",
    "check_size",
    "decode",
    "escape_cell",
    "format_duration_ms",
    "parse_classification",
    "parse_duration_ms",
    "parse_gap",
    "write_entry_template_csv",
    "write_entry_template_xlsx",
    "write_template_csv",
    "write_template_xlsx",
]

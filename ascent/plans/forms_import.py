"""Forms for importing an action plan: the upload, and which of the file's columns holds what.

Both are the tabular import's own forms (``ascent.imports.forms``), worded for an action plan.
"""

from __future__ import annotations

from ascent.imports.forms import MappingForm, UploadForm


class ActionPlanUploadForm(UploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload the action plan"
        self.fields["file"].help_text = f"{self.fields['file'].help_text} Each row after the headings is one action."


class ColumnsForm(MappingForm):
    """One select per column of an action plan, listing the file's headings."""

    def __init__(self, *args, schema, headers, **kwargs):
        super().__init__(*args, schema=schema, headers=headers, organisation=None, **kwargs)

"""Every limit on what people type into a review's forms is refused in plain words naming the field."""

from __future__ import annotations

import inspect

import pytest
from django import forms
from django.core.exceptions import ValidationError

from ascent.reviews import forms_fieldwork, forms_findings, forms_import, forms_letter, forms_review, forms_team

MODULES = [forms_fieldwork, forms_findings, forms_import, forms_letter, forms_review, forms_team]

#: A proposal with one of each part, so the import form makes its per-item fields.
PROPOSAL = {
    "review": {"title": "A review"},
    "scope": [{"text": "Q"}],
    "team": [{"name": "N", "role": "lead", "job_title": "J", "organisation": "O"}],
    "findings": [{"kind": "strength", "heading": "H", "text": "T"}],
    "recommendations": [{"kind": "recommendation", "number": 1, "text": "R"}],
}


def limited_fields():
    for module in MODULES:
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if getattr(field, "max_length", None):
                    yield pytest.param(field, id=f"{module.__name__.rsplit('.', 1)[1]}.{name}.{field_name}")
    made = forms_import.ProposalForm(proposal=PROPOSAL)
    for field_name, field in made.fields.items():
        if getattr(field, "max_length", None):
            yield pytest.param(field, id=f"forms_import.ProposalForm.{field_name}")


@pytest.mark.parametrize("field", list(limited_fields()))
def test_every_limit_is_refused_in_plain_words(field):
    with pytest.raises(ValidationError) as refused:
        field.clean("x" * (field.max_length + 1))
    messages = refused.value.messages
    # (An email address this long is not an address either: that is said too, in its own words.)
    limits = (f"must be {field.max_length:,} characters or fewer", f"must be {field.max_length} characters or fewer")
    assert any(message.endswith(limits) for message in messages)
    assert not any("Ensure" in message or "(it has" in message for message in messages)


def test_the_limits_name_their_fields():
    long = "x" * 3025
    cases = [
        (forms_fieldwork.ActivityForm.base_fields["title"], "The title must be 200 characters or fewer"),
        (forms_fieldwork.PersonForm.base_fields["role"], "The role or group must be 300 characters or fewer"),
        (
            forms_fieldwork.LibraryUploadForm.base_fields["note"],
            "The note for the team must be 300 characters or fewer",
        ),
        (forms_findings.FindingForm.base_fields["heading"], "The heading must be 300 characters or fewer"),
    ]
    for field, message in cases:
        with pytest.raises(ValidationError) as refused:
            field.clean(long)
        assert refused.value.messages == [message]


def test_a_scope_item_s_limit_names_what_it_is():
    form = forms_review.ScopeItemForm({"text": "x" * 2001}, noun="question")
    assert form.errors["text"] == ["The question must be 2,000 characters or fewer"]

"""Every form renders as GOV.UK Design System markup through the project's form renderer."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django import forms
from django.template import Context, Template

from ascent.core.forms import CountedCharField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your payslip")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField(label="I agree")
    upload = forms.FileField(label="File", required=False)


def render(form) -> BeautifulSoup:
    html = Template('{% include "govuk/forms/error_summary.html" %}<form id="main-form">{{ form }}</form>').render(
        Context({"form": form})
    )
    return BeautifulSoup(html, "html.parser")


def test_text_inputs_have_labels_and_hints():
    soup = render(ExampleForm())
    field = soup.select_one("#id_name")
    assert "govuk-input" in field["class"]
    assert soup.select_one('label[for="id_name"]').get_text(strip=True) == "Full name"
    assert field["aria-describedby"] == "id_name-hint"
    assert soup.select_one("#id_name-hint").get_text(strip=True) == "As on your payslip"
    assert "govuk-textarea" in soup.select_one("#id_notes")["class"]
    assert "govuk-select" in soup.select_one("#id_kind")["class"]
    assert "govuk-file-upload" in soup.select_one("#id_upload")["class"]


def test_radios_sit_in_a_fieldset_with_a_legend():
    soup = render(ExampleForm())
    fieldset = soup.select_one("fieldset.govuk-fieldset")
    assert fieldset.legend.get_text(strip=True) == "Colour"
    inputs = fieldset.select("input.govuk-radios__input")
    assert [(i["id"], i["value"]) for i in inputs] == [("id_colour_0", "r"), ("id_colour_1", "g")]
    assert soup.select_one('label[for="id_colour_1"]').get_text(strip=True) == "Green"


def test_errors_are_summarised_and_linked_to_their_fields():
    soup = render(ExampleForm(data={"colour": "x"}))
    links = {a["href"]: a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")}
    assert links["#id_name"] == "This field is required."
    assert links["#id_colour_0"].startswith("Select a valid choice")
    assert "#id_agree" in links
    name = soup.select_one("#id_name")
    assert "govuk-input--error" in name["class"]
    assert name["aria-describedby"] == "id_name-hint id_name-error"
    error = soup.select_one("#id_name-error")
    assert error.select_one(".govuk-visually-hidden").get_text() == "Error:"
    assert soup.select_one("fieldset")["aria-describedby"] == "id_colour-error"
    assert len(soup.select(".govuk-form-group--error")) == 4


def test_a_valid_value_is_kept_when_the_form_is_shown_again():
    soup = render(ExampleForm(data={"name": "Alex", "colour": "g"}))
    assert soup.select_one("#id_name")["value"] == "Alex"
    assert soup.select_one("#id_colour_1").has_attr("checked")


def test_checkbox_lists_are_checkboxes_not_radios():
    class Choices(forms.Form):
        colours = forms.MultipleChoiceField(
            label="Colours", choices=[("r", "Red"), ("g", "Green")], widget=forms.CheckboxSelectMultiple
        )

    soup = render(Choices())
    inputs = soup.select("input.govuk-checkboxes__input")
    assert [(i["type"], i["value"]) for i in inputs] == [("checkbox", "r"), ("checkbox", "g")]
    assert not soup.select(".govuk-radios")


class CountedForm(forms.Form):
    note = CountedCharField(label="Note", max_length=300, widget=forms.Textarea, required=False, help_text="Why")
    label = CountedCharField(label="Label", max_length=60, required=False)
    plain = forms.CharField(label="Plain", max_length=20)


def test_counted_text_uses_the_govuk_character_count():
    soup = render(CountedForm())
    for name, limit, kind in (("note", 300, "govuk-textarea"), ("label", 60, "govuk-input")):
        field = soup.select_one(f"#id_{name}")
        group = field.find_parent("div", class_="govuk-form-group")
        assert "govuk-character-count" in group["class"]
        assert (group["data-module"], group["data-maxlength"]) == ("govuk-character-count", str(limit))
        assert {kind, "govuk-js-character-count"} <= set(field["class"])
        assert not field.has_attr("maxlength")
        info = soup.select_one(f"#id_{name}-info")
        assert "govuk-character-count__message" in info["class"]
        assert info.get_text(strip=True) == f"You can enter up to {limit} characters"
    assert soup.select_one("#id_note")["aria-describedby"] == "id_note-info id_note-hint"
    plain = soup.select_one("#id_plain")
    assert plain["maxlength"] == "20"  # other text keeps its plain limit
    assert "govuk-character-count" not in plain.find_parent("div")["class"]


def test_counted_text_still_refuses_text_over_its_limit():
    form = CountedForm(data={"note": "n" * 301, "plain": "x"})
    assert not form.is_valid()
    assert "note" in form.errors

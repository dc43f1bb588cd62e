"""Review pages: the fieldwork timetable, the people met and the team's notes.

The timetable and the people met: everyone who may see the review reads them; the team
(while the review is open) and the host's editors (who arrange the visit) change them
(``reviews.change_fieldwork``). Team notes are the team's alone: to anyone without
``reviews.view_team_notes`` (every member of the host, whatever their role) the notes pages
answer 404, so the host cannot even learn that notes exist. Only a note's author changes
or deletes it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.exceptions import Refused

from .. import fieldwork
from ..access import get_record, get_review, refuse
from ..forms_fieldwork import ActivityForm, NoteForm, PersonForm
from ..models import FieldworkActivity, PersonMet, Review, TeamNote
from ..rules import may
from .common import render_review

CHANGE = "reviews.change_fieldwork"


def _url(name: str, review: Review) -> str:
    return reverse(f"reviews:{name}", kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})


def form_page(request, review, form, *, tab, heading, submit, back, caption="", intro="", multipart=False):
    """A form page of the review (``reviews/fieldwork/form.html``), shared with the library's pages."""
    return render_review(
        request,
        review,
        "reviews/fieldwork/form.html",
        {
            "form": form,
            "heading": heading,
            "submit": submit,
            "back": back,
            "caption": caption,
            "intro": intro,
            "multipart": multipart,
        },
        tab=tab,
    )


def confirm_page(request, review, *, tab, heading, body, confirm, back):
    """A page asking to confirm deleting or removing one record (``reviews/fieldwork/delete.html``)."""
    return render_review(
        request,
        review,
        "reviews/fieldwork/delete.html",
        {"heading": heading, "body": body, "confirm": confirm, "back": back},
        tab=tab,
    )


def _refused(request, error: ValidationError, back: str):
    messages.error(request, " ".join(error.messages))
    return redirect(back)


# --- The timetable and the people met -----------------------------------------------------------


@require_GET
def index(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id)
    activities = (
        FieldworkActivity.objects.in_organisation(review.organisation)
        .filter(review=review)
        .prefetch_related("team_members")
    )
    people = PersonMet.objects.in_organisation(review.organisation).filter(review=review).select_related("activity")
    return render_review(
        request,
        review,
        "reviews/fieldwork/index.html",
        {"days": fieldwork.timetable(activities), "people": list(people)},
        tab="fieldwork",
    )


@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    return _activity_form(request, review, None)


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, gss_code: str, review_id: int, activity_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    activity = get_record(FieldworkActivity, review, request.user, pk=activity_id)
    return _activity_form(request, review, activity)


def _activity_form(request, review: Review, activity: FieldworkActivity | None) -> HttpResponse:
    back = _url("fieldwork", review)
    if request.method == "POST":
        form = ActivityForm(request.POST, review=review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = fieldwork.save_activity(
                    review,
                    request.user,
                    activity=activity,
                    kind=data["kind"],
                    title=data["title"],
                    day=data["day"],
                    starts=data["starts"],
                    ends=data.get("ends"),
                    location=data.get("location", ""),
                    participants=data.get("participants", ""),
                    participant_names=data.get("participant_names", ""),
                    team_members=data.get("team_members") or (),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"{saved.title} has been {'changed' if activity else 'added to the timetable'}"
                )
                return redirect(back)
    else:
        form = ActivityForm(initial=ActivityForm.initial_for(activity) if activity else None, review=review)
    return form_page(
        request,
        review,
        form,
        tab="fieldwork",
        heading=f"Change {activity.title}" if activity else "Add an activity to the timetable",
        submit="Save the activity",
        back=back,
        caption="Fieldwork",
    )


@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, gss_code: str, review_id: int, activity_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    activity = get_record(FieldworkActivity, review, request.user, pk=activity_id)
    back = _url("fieldwork", review)
    if request.method == "POST":
        try:
            fieldwork.delete_activity(activity, request.user)
        except ValidationError as error:
            return _refused(request, error, back)
        messages.success(request, f"{activity.title} has been taken off the timetable")
        return redirect(back)
    return confirm_page(
        request,
        review,
        tab="fieldwork",
        heading=f"Are you sure you want to delete {activity.title}?",
        body="It comes off the timetable. Notes and people met that named it stay, without the link.",
        confirm="Yes, delete the activity",
        back=back,
    )


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    return _person_form(request, review, None)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, gss_code: str, review_id: int, person_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    person = get_record(PersonMet, review, request.user, pk=person_id)
    return _person_form(request, review, person)


def _person_form(request, review: Review, person: PersonMet | None) -> HttpResponse:
    back = _url("fieldwork", review) + "#people-met"
    if request.method == "POST":
        form = PersonForm(request.POST, review=review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = fieldwork.save_person(
                    review,
                    request.user,
                    person=person,
                    role=data["role"],
                    name=data.get("name", ""),
                    is_group=data.get("is_group", False),
                    activity=data.get("activity"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{saved.role} has been {'changed' if person else 'added to the people met'}")
                return redirect(back)
    else:
        initial = None
        if person is not None:
            initial = {
                "role": person.role,
                "name": person.name,
                "is_group": person.is_group,
                "activity": person.activity,
            }
        form = PersonForm(initial=initial, review=review)
    return form_page(
        request,
        review,
        form,
        tab="fieldwork",
        heading=f"Change {person.role}" if person else "Add a person or group the team met",
        submit="Save",
        back=back,
        caption="People met",
        intro="The letter's appendix lists the people and groups the team met, by role. Names are optional.",
    )


@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, gss_code: str, review_id: int, person_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm=CHANGE)
    person = get_record(PersonMet, review, request.user, pk=person_id)
    back = _url("fieldwork", review) + "#people-met"
    if request.method == "POST":
        try:
            fieldwork.delete_person(person, request.user)
        except ValidationError as error:
            return _refused(request, error, back)
        messages.success(request, f"{person.role} has been taken off the people met")
        return redirect(back)
    return confirm_page(
        request,
        review,
        tab="fieldwork",
        heading=f"Are you sure you want to delete {person.role} from the people met?",
        body="The letter's appendix will no longer list them.",
        confirm="Yes, delete",
        back=back,
    )


# --- Team notes -----------------------------------------------------------------------------------


def _review_with_notes(request, gss_code: str, review_id: int) -> Review:
    """The review, for a notes page: a 404 to anyone who may not read the team's notes (the host)."""
    review = get_review(request.user, gss_code, review_id)
    if not may(request.user, "reviews.view_team_notes", review):
        raise Http404("No such page")
    return review


def _note_for_author(request, review: Review, note_id: int) -> TeamNote:
    note = get_record(TeamNote, review, request.user, pk=note_id)
    if not may(request.user, "reviews.add_team_note", review):
        raise refuse(request.user, "reviews.add_team_note", review)
    if note.author_id != request.user.pk:
        raise Refused("Only the note's author can change it.")
    return note


@require_GET
def notes(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = _review_with_notes(request, gss_code, review_id)
    found = (
        TeamNote.objects.in_organisation(review.organisation).filter(review=review).select_related("author", "activity")
    )
    return render_review(
        request,
        review,
        "reviews/fieldwork/notes.html",
        {"notes": list(found), "can_add": may(request.user, "reviews.add_team_note", review)},
        tab="notes",
    )


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = _review_with_notes(request, gss_code, review_id)
    if not may(request.user, "reviews.add_team_note", review):
        raise refuse(request.user, "reviews.add_team_note", review)
    return _note_form(request, review, None)


@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, gss_code: str, review_id: int, note_id: int) -> HttpResponse:
    review = _review_with_notes(request, gss_code, review_id)
    return _note_form(request, review, _note_for_author(request, review, note_id))


def _note_form(request, review: Review, note: TeamNote | None) -> HttpResponse:
    back = _url("notes", review)
    if request.method == "POST":
        form = NoteForm(request.POST, review=review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if note is None:
                    fieldwork.add_note(review, request.user, text=data["text"], activity=data.get("activity"))
                else:
                    fieldwork.edit_note(note, request.user, text=data["text"], activity=data.get("activity"))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your note has been saved")
                return redirect(back)
    else:
        initial = {"text": note.text, "activity": note.activity} if note else None
        form = NoteForm(initial=initial, review=review)
    return form_page(
        request,
        review,
        form,
        tab="notes",
        heading="Change your note" if note else "Add a team note",
        submit="Save the note",
        back=back,
        caption="Team notes",
    )


@require_http_methods(["GET", "POST"])
def note_delete(request: HttpRequest, gss_code: str, review_id: int, note_id: int) -> HttpResponse:
    review = _review_with_notes(request, gss_code, review_id)
    note = _note_for_author(request, review, note_id)
    back = _url("notes", review)
    if request.method == "POST":
        try:
            fieldwork.delete_note(note, request.user)
        except ValidationError as error:
            return _refused(request, error, back)
        messages.success(request, "Your note has been deleted")
        return redirect(back)
    return confirm_page(
        request,
        review,
        tab="notes",
        heading="Are you sure you want to delete your note?",
        body=note.text,
        confirm="Yes, delete the note",
        back=back,
    )


# /orgs/<gss>/reviews/<id>/fieldwork/, /people-met/ and /notes/
_REVIEW = "orgs/<gss:gss_code>/reviews/<int:review_id>/"
urls = [
    path(f"{_REVIEW}fieldwork/", index, name="fieldwork"),
    path(f"{_REVIEW}fieldwork/add/", activity_add, name="fieldwork-add"),
    path(f"{_REVIEW}fieldwork/<int:activity_id>/edit/", activity_edit, name="fieldwork-edit"),
    path(f"{_REVIEW}fieldwork/<int:activity_id>/delete/", activity_delete, name="fieldwork-delete"),
    path(f"{_REVIEW}people-met/add/", person_add, name="people-add"),
    path(f"{_REVIEW}people-met/<int:person_id>/edit/", person_edit, name="people-edit"),
    path(f"{_REVIEW}people-met/<int:person_id>/delete/", person_delete, name="people-delete"),
    path(f"{_REVIEW}notes/", notes, name="notes"),
    path(f"{_REVIEW}notes/add/", note_add, name="notes-add"),
    path(f"{_REVIEW}notes/<int:note_id>/edit/", note_edit, name="notes-edit"),
    path(f"{_REVIEW}notes/<int:note_id>/delete/", note_delete, name="notes-delete"),
]

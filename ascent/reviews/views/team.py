"""Review pages: the team, its invitations and access date; the reviewer's own list and accepting an invitation.

Under ``/orgs/<host GSS code>/reviews/<id>/team/`` (the host's editors change the team; the
host's members and the team read it), plus two pages of the service as a whole:
``/reviews/`` ("Reviews you sit on", for anyone signed in) and
``/review-invitations/<token>/`` (public: accepting an emailed invitation).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.organisations.forms import AcceptInvitationForm

from .. import team as actions
from ..access import get_record, get_review
from ..forms_team import TeamAccessForm, TeamMemberForm
from ..models import Review, ReviewInvitation, TeamMember
from .common import render_review


def review_home(review: Review) -> str:
    """Where a review's pages start: its overview, or the team page in a checkout without it."""
    kwargs = {"gss_code": review.organisation.gss_code, "review_id": review.pk}
    try:
        return reverse("reviews:detail", kwargs=kwargs)
    except NoReverseMatch:
        return reverse("reviews:team", kwargs=kwargs)


def _team_url(review: Review) -> str:
    return reverse("reviews:team", kwargs={"gss_code": review.organisation.gss_code, "review_id": review.pk})


def _errors_of(error: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs of an action's refusal, for a form or an error summary."""
    if hasattr(error, "error_dict"):
        return [(field, message) for field, messages_ in error.message_dict.items() for message in messages_]
    return [("__all__", message) for message in error.messages]


def _add_errors(form, error: ValidationError) -> None:
    for field, message in _errors_of(error):
        form.add_error(field if field in form.fields else None, message)


def _team_page(request: HttpRequest, review: Review, *, problems=(), status=200) -> HttpResponse:
    organisation = review.organisation
    members = list(
        TeamMember.objects.in_organisation(organisation)
        .filter(review=review)
        .select_related("home_organisation", "grant")
    )
    pending = {}
    for invitation in (
        ReviewInvitation.objects.in_organisation(organisation)
        .filter(member__review=review)
        .pending()
        .select_related("invited_by")
    ):
        pending.setdefault(invitation.member_id, invitation)
    rows = [{"member": member, "invitation": pending.get(member.pk)} for member in members]
    return render_review(
        request,
        review,
        "reviews/team/team.html",
        {
            "rows": rows,
            "access_ends_on": review.team_access_ends_on,
            "team_has_accounts": any(member.user_id for member in members),
            "default_access_ends_on": actions.default_team_access_end(review),
            "problems": problems,
            "today": timezone.localdate(),
        },
        tab="team",
        status=status,
    )


@require_GET
def team(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id)
    return _team_page(request, review)


@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    form = TeamMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = actions.add_member(review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{member.name} has been added to the team")
            return redirect(_team_url(review))
    return render_review(request, review, "reviews/team/member_form.html", {"form": form}, tab="team")


@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, gss_code: str, review_id: int, member_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    member = get_record(TeamMember, review, request.user, perm="reviews.change_review", pk=member_id)
    initial = {
        "name": member.name,
        "role": member.role,
        "job_title": member.job_title,
        "home_organisation": member.home_organisation_id,
        "home_organisation_name": member.home_organisation_name,
        "is_lead": member.is_lead,
        "email": member.email,
    }
    form = TeamMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_member(member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']}'s details have been saved")
            return redirect(_team_url(review))
    return render_review(request, review, "reviews/team/member_form.html", {"form": form, "member": member}, tab="team")


@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, gss_code: str, review_id: int, member_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    member = get_record(TeamMember, review, request.user, perm="reviews.change_review", pk=member_id)
    if request.method == "POST":
        actions.remove_member(member, by=request.user)
        messages.success(request, f"{member.name} has been taken off the team")
        return redirect(_team_url(review))
    return render_review(request, review, "reviews/team/member_remove.html", {"member": member}, tab="team")


def _invitation_link(request: HttpRequest):
    def build(token: str) -> str:
        return request.build_absolute_uri(reverse("reviews:invitation", kwargs={"token": token}))

    return build


@require_POST
def team_invite(request: HttpRequest, gss_code: str, review_id: int, member_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    member = get_record(TeamMember, review, request.user, perm="reviews.change_review", pk=member_id)
    try:
        actions.invite_member(member, by=request.user, accept_url_builder=_invitation_link(request))
    except ValidationError as error:
        problems = [(f"member-{member.pk}", f"{member.name}: {message}") for _, message in _errors_of(error)]
        return _team_page(request, review, problems=problems, status=400)
    messages.success(request, f"Invitation sent to {member.name} at {member.email}")
    return redirect(_team_url(review))


@require_POST
def team_invitation_withdraw(request: HttpRequest, gss_code: str, review_id: int, invitation_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    invitation = get_record(
        ReviewInvitation,
        review,
        request.user,
        perm="reviews.change_review",
        select_related=("member",),
        pk=invitation_id,
    )
    try:
        actions.withdraw_invitation(invitation, by=request.user)
    except ValidationError as error:
        problems = [(f"member-{invitation.member_id}", message) for _, message in _errors_of(error)]
        return _team_page(request, review, problems=problems, status=400)
    messages.success(
        request, f"The invitation for {invitation.member.name} has been withdrawn. Its link no longer works."
    )
    return redirect(_team_url(review))


@require_http_methods(["GET", "POST"])
def team_access(request: HttpRequest, gss_code: str, review_id: int) -> HttpResponse:
    review = get_review(request.user, gss_code, review_id, perm="reviews.change_review")
    ends_on = actions.team_access_end(review)
    initial = {"team_access_ends_on": f"{ends_on.day}/{ends_on.month}/{ends_on.year}"}
    form = TeamAccessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_team_access(review, ends_on=form.cleaned_data["team_access_ends_on"], by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The team's access date has been saved")
            return redirect(_team_url(review))
    return render_review(request, review, "reviews/team/access.html", {"form": form}, tab="team")


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """Reviews you sit on: for anyone signed in, whichever council (if any) they belong to."""
    reviews = Review.objects.visible_to(request.user).sat_on_by(request.user).select_related("organisation")
    seats = actions.seats_of(request.user, reviews)
    for row in seats:
        row["url"] = review_home(row["review"])
    return render(request, "reviews/team/mine.html", {"seats": seats})


def home_page(request: HttpRequest) -> str | None:
    """For the home page (ascent.core.registry.home_pages): a person with no organisation who sits on a review."""
    if Review.objects.visible_to(request.user).sat_on_by(request.user).exists():
        return reverse("reviews:mine")
    return None


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation to a review team: sign in (or create an account) with the invited address."""
    try:
        found = actions.find_invitation(token)
    except actions.InvitationProblem as problem:
        status = 404 if problem.code == "unknown" else 410
        return render(request, "reviews/team/invitation_invalid.html", {"problem": problem.messages[0]}, status=status)
    review = found.member.review
    context = {"invitation": found, "member": found.member, "review": review}
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != found.email.lower():
            context["wrong_email"] = True
        elif request.method == "POST":
            try:
                actions.accept_invitation(found, user=user)
            except ValidationError as error:
                context["error"] = error.messages[0]
            else:
                messages.success(request, f"You are now on the team of {review.title}")
                return redirect(review_home(review))
        return render(request, "reviews/team/invitation.html", context)
    if get_user_model().objects.filter(email__iexact=found.email).exists():  # access: the person's own account
        context["sign_in"] = reverse("accounts:sign-in") + "?next=" + request.path
        return render(request, "reviews/team/invitation.html", context)
    form = AcceptInvitationForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                new_user = get_user_model().objects.create_user(
                    email=found.email,
                    password=form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"],
                    job_title=form.cleaned_data["job_title"],
                )
                actions.accept_invitation(found, user=new_user)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Your account is ready. You are now on the team of {review.title}")
            return redirect(review_home(review))
    context["form"] = form
    return render(request, "reviews/team/invitation_new_account.html", context)


# /orgs/<GSS code>/reviews/<id>/team/
_team = "orgs/<gss:gss_code>/reviews/<int:review_id>/team/"

urls = [
    path(_team, team, name="team"),
    path(_team + "add/", team_add, name="team-add"),
    path(_team + "access/", team_access, name="team-access"),
    path(_team + "<int:member_id>/edit/", team_edit, name="team-edit"),
    path(_team + "<int:member_id>/remove/", team_remove, name="team-remove"),
    path(_team + "<int:member_id>/invite/", team_invite, name="team-invite"),
    path(
        _team + "invitations/<int:invitation_id>/withdraw/",
        team_invitation_withdraw,
        name="team-invitation-withdraw",
    ),
    # The team's own pages, outside any council's space.
    path("reviews/", mine, name="mine"),
    path("review-invitations/<token:token>/", invitation, name="invitation"),
]

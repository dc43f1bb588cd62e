"""Every page with a GOV.UK error summary: each of its links goes to a field on the page.

A link whose target is not on the page (a form hidden while its errors still show, a field
renamed, a radio group's first option missed) takes a keyboard or screen reader user nowhere.
Each case below sends a page an invalid submission, as a person could, and follows every link
in the error summary to an element id on the page.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ascent.imports.models import ImportRun
from ascent.organisations import actions
from ascent.organisations.models import Membership, Role
from tests.finance.factories import ExpenditureLineFactory
from tests.indicators.factories import IndicatorFactory, IndicatorGroupFactory, ObservationFactory

pytestmark = pytest.mark.django_db

HARROW = "E09000015"


def _org(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"gss_code": HARROW, **kwargs})


def _indicator(harrow):
    return IndicatorFactory(organisation=harrow, code="HAR-1", title="Local measure", unit="percent")


def _signed_in(client, person):
    client.force_login(person)
    return client


# Each case: (name, function(client, harrow, admin_user) -> response).
def sign_in(client, harrow, admin_user):
    return client.post(reverse("accounts:sign-in"), {"username": "", "password": ""})


def password_reset(client, harrow, admin_user):
    return client.post(reverse("accounts:password-reset"), {"email": "not an address"})


def password_reset_confirm(client, harrow, admin_user):
    uid = urlsafe_base64_encode(force_bytes(admin_user.pk))
    token = default_token_generator.make_token(admin_user)
    set_password = client.get(reverse("accounts:password-reset-confirm", args=[uid, token]), follow=True)
    return client.post(set_password.redirect_chain[-1][0], {"new_password1": "one", "new_password2": "two"})


def password_change(client, harrow, admin_user):
    return _signed_in(client, admin_user).post(reverse("accounts:password-change"), {})


def invitation_new_account(client, harrow, admin_user):
    tokens = []
    actions.invite_member(
        harrow, email="new.person@harrow.example", role=Role.EDITOR, by=admin_user, accept_url_builder=tokens.append
    )
    return client.post(reverse("organisations:invitation", args=[tokens[0]]), {"full_name": ""})


def invite(client, harrow, admin_user):
    return _signed_in(client, admin_user).post(_org("organisations:invite"), {"email": "jo at harrow"})


def member_role(client, harrow, admin_user):
    membership = Membership.objects.get(user=admin_user)
    return _signed_in(client, admin_user).post(
        _org("organisations:member-role", membership_id=membership.pk), {"role": "emperor"}
    )


def activity(client, harrow, admin_user):
    return _signed_in(client, admin_user).get(_org("organisations:activity"), {"date_to": "31/13/2027", "who": "x"})


def scorecard(client, harrow, admin_user):
    _indicator(harrow)
    return _signed_in(client, admin_user).get(_org("indicators:scorecard"), {"sort": "sideways", "rag": "purple"})


def empty_scorecard(client, harrow, admin_user):
    # A group with no indicators: the page says so and hides the filters.
    group = IndicatorGroupFactory(organisation=harrow)
    return _signed_in(client, admin_user).get(_org("indicators:scorecard"), {"group": group.pk, "sort": "sideways"})


def indicator_add(client, harrow, admin_user):
    return _signed_in(client, admin_user).post(_org("indicators:indicator-add"), {"unit": "furlongs"})


def indicator_edit(client, harrow, admin_user):
    indicator = _indicator(harrow)
    return _signed_in(client, admin_user).post(
        _org("indicators:indicator-edit", indicator_id=indicator.pk), {"polarity": "sideways"}
    )


def indicator_benchmark(client, harrow, admin_user):
    national = IndicatorFactory()
    ObservationFactory(organisation=harrow, indicator=national, period="2019-20")
    return _signed_in(client, admin_user).get(
        _org("indicators:detail", indicator_id=national.pk), {"period": "1066", "group": "nowhere"}
    )


def indicator_benchmark_without_values(client, harrow, admin_user):
    # No council has a value yet: the page says so and hides the benchmark form.
    national = IndicatorFactory()
    return _signed_in(client, admin_user).get(
        _org("indicators:detail", indicator_id=national.pk), {"period": "1066", "group": "nowhere"}
    )


def target_edit(client, harrow, admin_user):
    indicator = _indicator(harrow)
    return _signed_in(client, admin_user).post(
        _org("indicators:target-edit", indicator_id=indicator.pk), {"kind": "wish", "period": "soon"}
    )


def observation_edit(client, harrow, admin_user):
    indicator = _indicator(harrow)
    return _signed_in(client, admin_user).post(
        _org("indicators:observation-edit", indicator_id=indicator.pk), {"period": "soon", "value": "lots"}
    )


def group_add(client, harrow, admin_user):
    return _signed_in(client, admin_user).post(_org("indicators:group-add"), {"name": ""})


def comparator_add(client, harrow, admin_user):
    return _signed_in(client, admin_user).post(_org("indicators:comparator-add"), {"name": "", "codes": "XYZ"})


def spending(client, harrow, admin_user):
    ExpenditureLineFactory(organisation=harrow)
    return _signed_in(client, admin_user).get(
        _org("finance:index"), {"measure": "both", "basis": "guess", "from_year": "1066"}
    )


def spending_without_figures(client, harrow, admin_user):
    # No figures yet: the page says so and hides the filters.
    return _signed_in(client, admin_user).get(
        _org("finance:index"), {"measure": "both", "basis": "guess", "from_year": "1066"}
    )


def import_upload(client, harrow, admin_user):
    return _signed_in(client, admin_user).post(_org("imports:upload", kind="observations"), {})


def import_columns(client, harrow, admin_user):
    _signed_in(client, admin_user).post(
        _org("imports:upload", kind="observations"),
        {"file": SimpleUploadedFile("figures.csv", b"Council,KPI ref,When,Figure\nE09000015,X,2022-23,1\n")},
    )
    run = ImportRun.objects.latest("pk")
    return client.post(_org("imports:detail", run_id=run.pk), {"action": "check", "column_indicator": "not a column"})


CASES = [
    sign_in,
    password_reset,
    password_reset_confirm,
    password_change,
    invitation_new_account,
    invite,
    member_role,
    activity,
    scorecard,
    empty_scorecard,
    indicator_add,
    indicator_edit,
    indicator_benchmark,
    indicator_benchmark_without_values,
    target_edit,
    observation_edit,
    group_add,
    comparator_add,
    spending,
    spending_without_figures,
    import_upload,
    import_columns,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_every_error_summary_link_goes_to_an_element_on_the_page(case, client, harrow, admin_user):
    response = case(client, harrow, admin_user)
    assert response.status_code in (200, 400), response.status_code
    page = BeautifulSoup(response.content, "html.parser")
    ids = {element["id"] for element in page.find_all(id=True)}
    summaries = page.select(".govuk-error-summary")
    for summary in summaries:
        links = summary.select(".govuk-error-summary__list a")
        assert links, "an error summary with nothing in it"
        for link in links:
            target = link["href"].removeprefix("#")
            assert link["href"].startswith("#") and target in ids, f"{link.get_text(strip=True)!r} links to {target!r}"
    if case not in (empty_scorecard, indicator_benchmark_without_values, spending_without_figures):
        # Each case is an invalid submission: the page must say so, or the case tests nothing.
        assert summaries, "no error summary for an invalid submission"

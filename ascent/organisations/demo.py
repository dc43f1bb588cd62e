"""Demo people for trying Ascent out: never used in production.

Harrow (E09000015) and Herefordshire (E06000019) get a member for each role; there is a
performance analyst who works for both (to show switching organisation), a peer reviewer
from another council, regional leads for London and the West Midlands and a platform superuser. Passwords are made
afresh on every run and printed; they exist only in the demo database.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .actions import add_member
from .models import Organisation, Region, RegionalRole, Role

HARROW = "E09000015"
HEREFORDSHIRE = "E06000019"
LONDON = "E12000007"
WEST_MIDLANDS = "E12000005"
REGION_NAMES = {LONDON: "London", WEST_MIDLANDS: "West Midlands"}


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    job_title: str
    memberships: tuple[tuple[str, Role], ...] = ()
    lead_of_region: str | None = None
    superuser: bool = False

    @property
    def description(self) -> str:
        if self.superuser:
            return "Platform superuser"
        if self.lead_of_region:
            return f"Regional lead, {REGION_NAMES[self.lead_of_region]}"
        if not self.memberships:
            return "Peer reviewer from another council (sees only the review whose team they are on)"
        return "; ".join(f"{Role(role).label}, {NAMES[gss]}" for gss, role in self.memberships)


NAMES = {HARROW: "Harrow", HEREFORDSHIRE: "Herefordshire"}

PEOPLE = [
    DemoPerson(
        "dass@harrow.demo.ascent.invalid", "Alex Morgan", "Director of Adult Social Services", ((HARROW, Role.ADMIN),)
    ),
    DemoPerson(
        "editor@harrow.demo.ascent.invalid",
        "Priya Shah",
        "Head of Service, Quality Assurance",
        ((HARROW, Role.EDITOR),),
    ),
    DemoPerson(
        "contributor@harrow.demo.ascent.invalid",
        "Tom Okafor",
        "Team Manager, Reablement",
        ((HARROW, Role.CONTRIBUTOR),),
    ),
    DemoPerson(
        "viewer@harrow.demo.ascent.invalid",
        "Cllr Jane Ellis",
        "Member, Health and Social Care Scrutiny",
        ((HARROW, Role.VIEWER),),
    ),
    DemoPerson(
        "dass@herefordshire.demo.ascent.invalid",
        "Sam Price",
        "Director of Adults and Wellbeing",
        ((HEREFORDSHIRE, Role.ADMIN),),
    ),
    DemoPerson(
        "editor@herefordshire.demo.ascent.invalid",
        "Rhiannon Hughes",
        "Programme Manager",
        ((HEREFORDSHIRE, Role.EDITOR),),
    ),
    DemoPerson(
        "contributor@herefordshire.demo.ascent.invalid",
        "Dan Whitfield",
        "Finance Business Partner",
        ((HEREFORDSHIRE, Role.CONTRIBUTOR),),
    ),
    DemoPerson(
        "viewer@herefordshire.demo.ascent.invalid",
        "Cllr Mary Lloyd",
        "Chair, Adults Scrutiny Committee",
        ((HEREFORDSHIRE, Role.VIEWER),),
    ),
    DemoPerson(
        "analyst@demo.ascent.invalid",
        "Chris Bennett",
        "Performance Analyst (shared service)",
        ((HARROW, Role.EDITOR), (HEREFORDSHIRE, Role.CONTRIBUTOR)),
    ),
    DemoPerson("reviewer@demo.ascent.invalid", "Dr Nadia Kaur", "Peer reviewer, Assistant Director (Walsall)"),
    DemoPerson("lead@london.demo.ascent.invalid", "Jo Fraser", "ADASS London regional lead", lead_of_region=LONDON),
    DemoPerson(
        "lead@westmidlands.demo.ascent.invalid",
        "Kiran Dhillon",
        "West Midlands ADASS regional lead",
        lead_of_region=WEST_MIDLANDS,
    ),
    DemoPerson("platform@demo.ascent.invalid", "Platform Support", "Ascent platform staff", superuser=True),
]


class DemoDataError(RuntimeError):
    pass


@transaction.atomic
def load_demo_people(*, password_factory=lambda: secrets.token_urlsafe(12)) -> list[tuple[DemoPerson, str]]:
    """Create or refresh the demo people. Returns each with the password set on this run."""
    organisations = {o.gss_code: o for o in Organisation.objects.filter(gss_code__in=NAMES)}
    if len(organisations) != len(NAMES):
        raise DemoDataError("Load the reference data first: manage.py load_reference_data")
    User = get_user_model()
    signed_in = []
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User(email=person.email)
        user.full_name = person.full_name
        user.job_title = person.job_title
        user.is_superuser = user.is_staff = person.superuser
        password = password_factory()
        user.set_password(password)
        user.save()
        for gss_code, role in person.memberships:
            add_member(organisations[gss_code], user=user, role=role)
        if person.lead_of_region:
            RegionalRole.objects.get_or_create(
                user=user, region=Region.objects.get(code=person.lead_of_region), kind=RegionalRole.Kind.LEAD
            )
        signed_in.append((person, password))
    return signed_in

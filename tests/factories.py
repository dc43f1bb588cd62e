"""Test data builders (factory_boy)."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from ascent.organisations.models import CouncilType, Membership, Organisation, Region, RegionalRole, Role

PASSWORD = "correct horse battery staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E1200{n:04d}")
    name = factory.Sequence(lambda n: f"Region {n}")
    adass_name = factory.LazyAttribute(lambda o: o.name)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E0900{n:04d}")
    name = factory.Sequence(lambda n: f"Council {n}")
    council_type = CouncilType.LONDON_BOROUGH
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@council.example")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.VIEWER


class RegionalRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalRole

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)


def grant(user, record, *, level="view", starts_on=None, ends_on=None, by=None):
    """Give ``user`` access to one record, today only unless dates are given (both inclusive)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from ascent.core.models import AccessGrant

    today = timezone.localdate()
    return AccessGrant.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        level=level,
        starts_on=starts_on or today,
        ends_on=ends_on or starts_on or today,
        granted_by=by,
    )

"""Matrix rows for the frameworks pages: the list, one framework, defining, uploading, versions
and the council's crosswalk.

Every member of A reads; editors and admins (and platform staff) define, upload, version and
map, so viewers and contributors get a 403 there. Members of B, the grantee and the regional
lead get a 404 everywhere. A shipped framework is refused to everyone, platform staff too
(tests/frameworks/test_pages.py), so the change rows use A's own framework.
"""

from __future__ import annotations

from .base import EDITORS_OF_A, MEMBERS_OF_A, Case, a, but, goes_to

MARKER = "Harrow private framework"

SCALE = [
    {"value": "low", "label": "Low", "score": 1, "favourable": False, "colour": "red", "description": ""},
    {"value": "high", "label": "High", "score": 2, "favourable": True, "colour": "green", "description": ""},
]


def extend_world(world: dict) -> None:
    from ascent.frameworks.models import Element, ElementMapping, Framework

    harrow = world["harrow"]
    shipped = Framework.objects.create(slug="matrix-shipped", name="Matrix shipped", version="1", rating_scale=SCALE)
    other = Framework.objects.create(slug="matrix-other", name="Matrix other", version="1", rating_scale=SCALE)
    domain = Element.objects.create(framework=shipped, key="domain-1", kind="Domain", title="Domain one", is_rated=True)
    statement = Element.objects.create(framework=other, key="qs-1", kind="Statement", title="Statement one")
    spare = Element.objects.create(framework=other, key="qs-2", kind="Statement", title="Statement two", sort_order=2)
    own = Framework.objects.create(
        organisation=harrow, slug="harrow-private", name=MARKER, version="1", rating_scale=SCALE
    )
    area = Element.objects.create(framework=own, key="area-1", kind="Area", title="Harrow private area", is_rated=True)
    world["framework_shipped"] = shipped
    world["framework_own"] = own
    world["mapping_shipped"] = ElementMapping.objects.create(source=domain, target=statement)
    world["mapping_hidden"] = ElementMapping.objects.create(
        organisation=harrow, source=domain, target=statement, is_hidden=True
    )
    world["mapping_own"] = ElementMapping.objects.create(organisation=harrow, source=area, target=spare)


def own(world):
    return {**a(world), "framework_id": world["framework_own"].pk}


def shipped(world):
    return {**a(world), "framework_id": world["framework_shipped"].pk}


def mapping(name: str, framework=shipped):
    def build(world):
        return {**framework(world), "mapping_id": world[name].pk}

    return build


CASES: dict[str, Case] = {
    "frameworks:index": Case(get=MEMBERS_OF_A, kwargs=a),
    "frameworks:define": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "frameworks:upload": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    "frameworks:detail": Case(get=MEMBERS_OF_A, kwargs=own),
    "frameworks:edit": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=own),
    "frameworks:new-version": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=own),
    "frameworks:crosswalk": Case(get=MEMBERS_OF_A, post=EDITORS_OF_A, kwargs=shipped),
    "frameworks:mapping-hide": Case(
        post=but(EDITORS_OF_A, to=goes_to("frameworks:crosswalk", shipped)), kwargs=mapping("mapping_shipped")
    ),
    "frameworks:mapping-restore": Case(
        post=but(EDITORS_OF_A, to=goes_to("frameworks:crosswalk", shipped)), kwargs=mapping("mapping_hidden")
    ),
    "frameworks:mapping-remove": Case(
        post=but(EDITORS_OF_A, to=goes_to("frameworks:crosswalk", own)), kwargs=mapping("mapping_own", own)
    ),
}

A_MARKERS = [MARKER, "Harrow private area"]

"""The frameworks pages: the list, one framework, defining, uploading, versioning and the crosswalk."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ascent.core.periods import parse_period
from ascent.frameworks.models import Element, ElementMapping, Framework

pytestmark = pytest.mark.django_db

RAG = [
    {"value": "red", "label": "High risk", "score": 1, "favourable": False, "colour": "red", "description": ""},
    {"value": "amber", "label": "Medium risk", "score": 2, "favourable": False, "colour": "amber", "description": ""},
    {"value": "green", "label": "Low risk", "score": 3, "favourable": True, "colour": "green", "description": ""},
]
FOUR = [
    {"value": str(n), "label": label, "score": n, "favourable": n >= 3, "colour": colour, "description": ""}
    for n, label, colour in [
        (1, "1 – Significant shortfalls", "red"),
        (2, "2 – Some shortfalls", "amber"),
        (3, "3 – Good standard", "green"),
        (4, "4 – Exceptional standard", "green"),
    ]
]


def url(name: str, organisation, **kwargs) -> str:
    return reverse(f"frameworks:{name}", kwargs={"gss_code": organisation.gss_code, **kwargs})


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def error_summary(response) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup_of(response).select(".govuk-error-summary a")]


def _element(framework, key, title, *, parent=None, order=1, **fields):
    return Element.objects.create(
        framework=framework,
        parent=parent,
        key=key,
        title=title,
        depth=0 if parent is None else parent.depth + 1,
        sort_order=order,
        kind=fields.pop("kind", "Domain"),
        **fields,
    )


@pytest.fixture
def shipped(db):
    """Two shipped frameworks with a shipped mapping between them (no loader needed)."""
    teasc = Framework.objects.create(
        slug="teasc-risk-awareness", name="TEASC risk awareness", short_name="TEASC", version="2015", rating_scale=RAG
    )
    domain = _element(teasc, "domain-5", "Leadership and governance", code="5", is_rated=True, order=1)
    area = _element(teasc, "area-5-1", "Clear accountability", parent=domain, kind="Area to consider", order=2)
    cqc = Framework.objects.create(
        slug="cqc-la-assessment",
        name="CQC local authority assessment",
        short_name="CQC",
        version="2023",
        rating_scale=FOUR,
    )
    theme = _element(cqc, "theme-4", "Leadership", code="T4", kind="Theme", order=1)
    qs8 = _element(
        cqc,
        "qs-8",
        "Governance, management and sustainability",
        parent=theme,
        code="QS8",
        kind="Quality statement",
        is_rated=True,
        order=2,
        we_statement="We know our risks and manage them openly.",
        i_statements=["I can see how decisions about my care are made."],
    )
    mapping = ElementMapping.objects.create(source=domain, target=qs8)
    return {"teasc": teasc, "domain": domain, "area": area, "cqc": cqc, "theme": theme, "qs8": qs8, "mapping": mapping}


@pytest.fixture
def own(harrow, shipped):
    """Harrow's own framework, version 1, with two elements."""
    framework = Framework.objects.create(
        organisation=harrow, slug="harrow-kloe", name="Harrow key lines of enquiry", version="1", rating_scale=RAG
    )
    top = _element(framework, "kloe1", "Safe services", code="KLOE1", kind="Key line of enquiry")
    _element(
        framework,
        "kloe1-1",
        "People are kept safe",
        parent=top,
        code="KLOE1.1",
        kind="Sub-area",
        is_rated=True,
        order=2,
    )
    return framework


@pytest.fixture
def theirs(herefordshire, shipped):
    framework = Framework.objects.create(
        organisation=herefordshire, slug="hfd-template", name="Herefordshire template", version="1", rating_scale=RAG
    )
    _element(framework, "h-1", "Herefordshire private element", is_rated=True)
    return framework


def _in_use(framework, organisation):
    from ascent.assessments.models import SelfAssessment

    return SelfAssessment.objects.create(
        organisation=organisation, framework=framework, **SelfAssessment.period_values(parse_period("2024-25"))
    )


OUTLINE = """\
1 Leadership
  1.1 Clear accountability
  Scrutiny: Challenge from members
2 Safeguarding
  include cqc-la-assessment:qs-8
"""


def define_data(**changes) -> dict:
    data = {
        "name": "Harrow assurance framework",
        "short_name": "HAF",
        "version": "2025",
        "description": "",
        "level_names": "Domain, Area",
        "elements": OUTLINE,
        "rated": "leaves",
        "scale_from": "own",
        "scale": "Not yet | red\nPartly | amber\nFully | green | favourable",
    }
    return {**data, **changes}


# The list ------------------------------------------------------------------------------------


def test_list_shows_shipped_and_own_newest_first_with_earlier_versions(client, editor, harrow, own, theirs):
    newer = Framework.objects.create(
        organisation=harrow, slug=own.slug, name=own.name, version="2", rating_scale=RAG, previous_version=own
    )
    client.force_login(editor)
    response = client.get(url("index", harrow))
    assert response.status_code == 200
    page = soup_of(response)
    own_rows = page.select("#own-frameworks tbody tr")
    assert [row.th.a.get_text(strip=True) for row in own_rows] == ["Harrow key lines of enquiry"]
    assert own_rows[0].select("td")[0].get_text(strip=True) == "2"
    assert own_rows[0].th.a["href"] == url("detail", harrow, framework_id=newer.pk)
    earlier = own_rows[0].select("td")[3].a
    assert earlier["href"] == url("detail", harrow, framework_id=own.pk)
    shipped_names = [row.th.a.get_text(strip=True) for row in page.select("#shipped-frameworks tbody tr")]
    assert shipped_names == ["CQC local authority assessment", "TEASC risk awareness"]
    teasc_row = page.select("#shipped-frameworks tbody tr")[1].select("td")
    assert [cell.get_text(strip=True) for cell in teasc_row[1:3]] == ["2", "1"]  # elements, rated
    assert "Herefordshire" not in response.content.decode()
    assert page.find("a", string="Define a framework")


def test_list_costs_the_same_queries_however_many_frameworks(
    client, viewer, harrow, own, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(viewer)
    client.get(url("index", harrow))  # warm the session
    # the user, the organisation, the roles, the frameworks with their counts, the navigation,
    # and the session's save
    with django_assert_max_num_queries(9) as few:
        client.get(url("index", harrow))
    for n in range(5):
        Framework.objects.create(
            organisation=harrow, slug=f"extra-{n}", name=f"Extra {n}", version="1", rating_scale=RAG
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url("index", harrow))
    assert response.content.decode().count("Extra ") == 5


def test_a_viewer_sees_no_define_or_upload_links(client, viewer, harrow, own):
    client.force_login(viewer)
    page = soup_of(client.get(url("index", harrow)))
    assert not page.find("a", string="Define a framework")
    assert not page.select(f'a[href="{url("upload", harrow)}"]')


# One framework -------------------------------------------------------------------------------


def test_one_framework_shows_tree_kinds_codes_statements_scale_and_crosswalk(client, viewer, harrow, shipped):
    client.force_login(viewer)
    response = client.get(url("detail", harrow, framework_id=shipped["cqc"].pk))
    assert response.status_code == 200
    page = soup_of(response)
    qs8 = page.select_one("#element-qs-8")
    assert qs8 is not None and page.select_one("#element-theme-4").find(id="element-qs-8") is qs8  # a child
    text = qs8.get_text(" ", strip=True)
    assert "Quality statement, rated" in text
    assert "QS8 Governance, management and sustainability" in text
    assert "We know our risks and manage them openly." in text
    assert "I can see how decisions about my care are made." in text
    assert "cqc-la-assessment:qs-8" in text
    also = qs8.find("a", href=url("detail", harrow, framework_id=shipped["teasc"].pk) + "#element-domain-5")
    assert also.get_text(" ", strip=True) == "TEASC 2015: 5 Leadership and governance"
    levels = [row.th.get_text(strip=True) for row in page.select("#scale tbody tr")]
    assert levels == [
        "1 – Significant shortfalls",
        "2 – Some shortfalls",
        "3 – Good standard",
        "4 – Exceptional standard",
    ]
    assert "nobody can change it here" in page.get_text()
    assert not page.find("a", string="Change this framework")


def test_a_hidden_shipped_mapping_no_longer_counts_for_that_council(client, viewer, harrow, shipped):
    ElementMapping.objects.create(organisation=harrow, source=shipped["domain"], target=shipped["qs8"], is_hidden=True)
    client.force_login(viewer)
    qs8 = soup_of(client.get(url("detail", harrow, framework_id=shipped["cqc"].pk))).select_one("#element-qs-8")
    assert "Also counts towards" not in qs8.get_text()


def test_an_earlier_version_says_so_and_links_to_the_newest(client, editor, harrow, own):
    newer = Framework.objects.create(
        organisation=harrow, slug=own.slug, name=own.name, version="2", rating_scale=RAG, previous_version=own
    )
    client.force_login(editor)
    page = soup_of(client.get(url("detail", harrow, framework_id=own.pk)))
    inset = page.select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert "This is an earlier version, 1" in inset
    assert page.select_one(".govuk-inset-text a")["href"] == url("detail", harrow, framework_id=newer.pk)
    assert not page.find("a", string="Change this framework")


def test_another_councils_framework_is_not_found(client, editor, harrow, theirs):
    client.force_login(editor)
    for name in ("detail", "edit", "new-version", "crosswalk"):
        assert client.get(url(name, harrow, framework_id=theirs.pk)).status_code == 404, name
    assert client.post(url("edit", harrow, framework_id=theirs.pk), define_data()).status_code == 404


# Defining a framework ------------------------------------------------------------------------


def test_define_a_framework_from_an_outline(client, editor, harrow, shipped):
    client.force_login(editor)
    response = client.post(url("define", harrow), define_data())
    framework = Framework.objects.get(organisation=harrow, slug="harrow-assurance-framework")
    assert response.status_code == 302
    assert response["Location"] == url("detail", harrow, framework_id=framework.pk)
    assert (framework.version, framework.short_name) == ("2025", "HAF")
    assert [(level.label, level.colour, level.favourable) for level in framework.scale] == [
        ("Not yet", "red", False),
        ("Partly", "amber", False),
        ("Fully", "green", True),
    ]
    elements = list(framework.elements.order_by("sort_order"))
    rows = [(e.code, e.title, e.kind, e.depth, e.parent.key if e.parent else None, e.is_rated) for e in elements]
    assert rows == [
        ("1", "Leadership", "Domain", 0, None, False),
        ("1.1", "Clear accountability", "Area", 1, "1", True),
        ("Scrutiny", "Challenge from members", "Area", 1, "1", True),
        ("2", "Safeguarding", "Domain", 0, None, False),
        ("QS8", "Governance, management and sustainability", "Quality statement", 1, "2", True),
    ]
    included = elements[-1]
    assert included.included_from == shipped["qs8"]
    assert included.we_statement == "We know our risks and manage them openly."
    assert framework.history.get().history_user == editor
    assert {e.history.get().history_user for e in elements} == {editor}


def test_define_with_a_shipped_scale(client, editor, harrow, shipped):
    client.force_login(editor)
    client.post(url("define", harrow), define_data(scale_from=str(shipped["cqc"].pk), scale=""))
    assert Framework.objects.get(organisation=harrow).rating_scale == FOUR


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": ""}, "Enter a name for the framework"),
        ({"version": "  "}, "Enter a version, such as 2025 or v1"),
        ({"elements": ""}, "Enter the framework's elements, one a line"),
        ({"elements": "1 Leadership\n1.2.1 Orphan"}, "Elements, line 2: 1.2.1 needs a line numbered 1.2 above it"),
        ({"elements": "1 One\n1 Again"}, "Elements, line 2: the number 1 is used twice"),
        (
            {"elements": "Top\n  include cqc-la-assessment:qs-99"},
            "Elements, line 2: there is no element cqc-la-assessment:qs-99",
        ),
        ({"elements": "Top\n\n  include nonsense"}, "Elements, line 3: write an included element as"),
        ({"elements": "x" * 301}, "Elements, line 1: the title must be 300 characters or fewer"),
        ({"scale": "Only one"}, "Your own rating scale: enter at least two levels, one a line"),
        ({"scale": "Low | red\nHigh | purple"}, "Your own rating scale, line 2: “purple” is neither a colour"),
        ({"scale": "Low\nlow"}, "Your own rating scale, line 2: the level “low” is on the scale twice"),
        ({"scale_from": "999999"}, "Select a rating scale from the list"),
        ({"level_names": " , "}, "Enter what each level is called, such as Domain, Area"),
    ],
)
def test_define_refuses_bad_input_naming_field_and_line(client, editor, harrow, shipped, changes, expected):
    client.force_login(editor)
    response = client.post(url("define", harrow), define_data(**changes))
    assert response.status_code == 200
    messages = error_summary(response)
    assert any(message.startswith(expected) for message in messages), messages
    assert not Framework.objects.filter(organisation=harrow).exists()
    assert not Element.objects.filter(framework__organisation=harrow).exists()


def test_define_refuses_a_name_the_council_already_uses(client, editor, harrow, own):
    client.force_login(editor)
    response = client.post(url("define", harrow), define_data(name="Harrow key lines of enquiry"))
    assert error_summary(response) == [
        "Your council already has a framework called Harrow key lines of enquiry: "
        "make a new version of it from its page"
    ]


def test_viewer_cannot_define_upload_or_change(client, viewer, harrow, own, shipped):
    client.force_login(viewer)
    assert client.get(url("define", harrow)).status_code == 403
    assert client.post(url("define", harrow), define_data()).status_code == 403
    assert client.post(url("upload", harrow)).status_code == 403
    assert client.post(url("edit", harrow, framework_id=own.pk), define_data()).status_code == 403
    crosswalk = url("crosswalk", harrow, framework_id=shipped["teasc"].pk)
    assert client.post(crosswalk, {"source": shipped["area"].pk, "target": shipped["qs8"].pk}).status_code == 403
    hide = url("mapping-hide", harrow, framework_id=shipped["teasc"].pk, mapping_id=shipped["mapping"].pk)
    assert client.post(hide).status_code == 403
    assert Framework.objects.filter(organisation=harrow).count() == 1
    assert ElementMapping.objects.count() == 1


# Versions ------------------------------------------------------------------------------------


def test_a_framework_nothing_uses_changes_in_place(client, editor, harrow, own):
    client.force_login(editor)
    form = soup_of(client.get(url("edit", harrow, framework_id=own.pk)))
    outline = form.find("textarea", attrs={"name": "elements"}).get_text()
    assert outline.strip() == "KLOE1: Safe services\n  KLOE1.1: People are kept safe"
    assert form.find("input", attrs={"name": "version"})["value"] == "1"
    kept = own.elements.get(key="kloe1-1")
    data = define_data(
        name=own.name,
        version="1a",
        level_names="Key line of enquiry, Sub-area",
        elements=outline + "\n  KLOE1.2: Risks are managed",
    )
    response = client.post(url("edit", harrow, framework_id=own.pk), data)
    assert response["Location"] == url("detail", harrow, framework_id=own.pk)
    own.refresh_from_db()
    assert own.version == "1a"
    assert Framework.objects.filter(organisation=harrow).count() == 1
    assert list(own.elements.order_by("sort_order").values_list("code", flat=True)) == ["KLOE1", "KLOE1.1", "KLOE1.2"]
    assert own.elements.get(key="kloe1-1").pk == kept.pk  # matched by key, not replaced


def test_a_framework_in_use_is_never_edited_in_place(client, editor, harrow, own):
    _in_use(own, harrow)
    before = list(own.elements.values_list("pk", "title"))
    client.force_login(editor)
    page = soup_of(client.get(url("edit", harrow, framework_id=own.pk)))
    assert "A self-assessment uses version 1" in page.get_text()
    assert page.find("input", attrs={"name": "version"}).get("value") in (None, "")
    outline = page.find("textarea", attrs={"name": "elements"}).get_text()
    taken = client.post(
        url("edit", harrow, framework_id=own.pk), define_data(name=own.name, version="1", elements=outline)
    )
    assert error_summary(taken) == ["Version 1 of this framework already exists: give the new one another name"]
    response = client.post(
        url("edit", harrow, framework_id=own.pk),
        define_data(name=own.name, version="2", elements=outline + "\nNew area"),
    )
    newer = Framework.objects.get(organisation=harrow, version="2")
    assert response["Location"] == url("detail", harrow, framework_id=newer.pk)
    assert newer.previous_version == own and newer.slug == own.slug
    own.refresh_from_db()
    assert own.version == "1"
    assert list(own.elements.values_list("pk", "title")) == before
    assert newer.elements.count() == 3


def test_make_a_new_version_carries_the_councils_mappings(client, editor, harrow, own, shipped):
    kloe = own.elements.get(key="kloe1-1")
    ElementMapping.objects.create(organisation=harrow, source=kloe, target=shipped["qs8"])
    client.force_login(editor)
    page = soup_of(client.get(url("new-version", harrow, framework_id=own.pk)))
    outline = page.find("textarea", attrs={"name": "elements"}).get_text()
    client.post(
        url("new-version", harrow, framework_id=own.pk), define_data(name=own.name, version="2", elements=outline)
    )
    newer = Framework.objects.get(organisation=harrow, version="2")
    assert newer.elements.count() == 2
    carried = ElementMapping.objects.get(organisation=harrow, source__framework=newer)
    assert carried.target == shipped["qs8"]
    # the old version is now an earlier one: asking to change it goes to the newest
    response = client.get(url("edit", harrow, framework_id=own.pk))
    assert response["Location"] == url("edit", harrow, framework_id=newer.pk)


@pytest.mark.parametrize("name", ["edit", "new-version"])
def test_a_shipped_framework_cannot_be_changed_even_by_platform_staff(client, superuser, harrow, shipped, name):
    client.force_login(superuser)
    target = url(name, harrow, framework_id=shipped["teasc"].pk)
    assert client.get(target).status_code == 403
    assert client.post(target, define_data()).status_code == 403
    assert Framework.objects.filter(slug="teasc-risk-awareness").count() == 1


@pytest.mark.parametrize("name", ["edit", "new-version"])
@pytest.mark.parametrize("who", ["admin_user", "superuser"])
def test_changing_a_shipped_framework_says_why_not_rather_than_blaming_the_role(
    client, request, harrow, shipped, name, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(name, harrow, framework_id=shipped["teasc"].pk))
    assert response.status_code == 403
    page = soup_of(response)
    text = page.select_one("main").get_text(" ", strip=True)
    assert page.select_one("h1").get_text(strip=True) == "TEASC risk awareness cannot be changed"
    assert "Frameworks that come with Ascent cannot be changed" in text
    assert "Your role in this organisation does not allow it" not in text
    assert page.select(f'a[href="{url("define", harrow)}"]') and page.select(f'a[href="{url("upload", harrow)}"]')


def test_is_in_use_follows_self_assessments_not_history(harrow, own):
    assert not own.is_in_use()
    own.name = "Renamed"
    own.save()  # a history row points at it: still not in use
    assert not own.is_in_use()
    _in_use(own, harrow)
    assert own.is_in_use()


# Upload --------------------------------------------------------------------------------------

GOOD_YAML = """\
slug: harrow-uploaded
name: Harrow uploaded framework
version: "1"
rating_scale:
  - {value: not-met, label: Not met, score: 1, favourable: false, colour: red}
  - {value: met, label: Met, score: 2, favourable: true, colour: green}
elements:
  - key: leadership
    kind: Key line of enquiry
    title: Leadership
    children:
      - {key: accountability, kind: Sub-area, title: Clear accountability, rated: true}
"""

BAD_YAML = """\
slug: harrow-uploaded
name: Harrow uploaded framework
version: "1"
rating_scale:
  - {value: not-met, label: Not met, score: 1, favourable: false, colour: purple}
  - {value: met, label: Met, score: 2, favourable: maybe, colour: green}
elements:
  - key: leadership
    kind: Key line of enquiry
    title: Leadership
    children:
      - {key: accountability, kind: Sub-area, title: Clear accountability, rated: sometimes}
"""


def _upload(client, organisation, text: str, name: str = "framework.yaml"):
    return client.post(
        url("upload", organisation), {"file": SimpleUploadedFile(name, text.encode(), "application/yaml")}
    )


def test_upload_a_yaml_file(client, editor, harrow, shipped):
    client.force_login(editor)
    response = _upload(client, harrow, GOOD_YAML)
    framework = Framework.objects.get(organisation=harrow, slug="harrow-uploaded")
    assert response["Location"] == url("detail", harrow, framework_id=framework.pk)
    assert list(framework.elements.order_by("sort_order").values_list("key", "is_rated")) == [
        ("leadership", False),
        ("accountability", True),
    ]


def test_upload_errors_are_listed_by_line_and_field_and_nothing_is_saved(client, editor, harrow, shipped):
    client.force_login(editor)
    response = _upload(client, harrow, BAD_YAML, "kloe.yaml")
    assert response.status_code == 200
    page = soup_of(response)
    summary = error_summary(response)
    assert len(summary) == 1 and summary[0].startswith("kloe.yaml has ") and summary[0].endswith("nothing was loaded")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in page.select("#problems tbody tr")]
    assert {(row[0], row[1]) for row in rows} == {
        ("5", "rating_scale[1].colour"),
        ("6", "rating_scale[2].favourable"),
        ("12", "elements[1].children[1].rated"),
    }, rows
    assert all(row[2] for row in rows)
    assert not Framework.objects.filter(organisation=harrow).exists()
    assert not Element.objects.filter(framework__organisation=harrow).exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("framework.txt", b"slug: x", "The selected file must be a YAML file, ending .yaml or .yml"),
        ("framework.yaml", b"\xff\xfe\x00bad", "The selected file must be text saved as UTF-8"),
        ("framework.yaml", b"   \n", "The selected file is empty"),
    ],
)
def test_upload_refuses_a_file_that_is_not_yaml_text(client, editor, harrow, name, content, expected):
    client.force_login(editor)
    response = client.post(url("upload", harrow), {"file": SimpleUploadedFile(name, content)})
    assert error_summary(response) == [expected]
    assert not Framework.objects.filter(organisation=harrow).exists()


@pytest.mark.parametrize("content", [b"not: [yaml\n\x00\x01", b"slug: x\x07\n", b"a: !!python/object:os.system x\n"])
def test_upload_of_text_yaml_cannot_read_lists_the_problem_not_a_server_error(client, editor, harrow, content):
    client.force_login(editor)
    response = client.post(url("upload", harrow), {"file": SimpleUploadedFile("bad.yaml", content)})
    assert response.status_code == 200
    assert error_summary(response) == ["bad.yaml has 1 problem: nothing was loaded"]
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup_of(response).select("#problems tbody tr")
    ]
    assert len(rows) == 1 and rows[0][0] and rows[0][-1], rows
    assert not Framework.objects.filter(organisation=harrow).exists()


def test_upload_without_a_file(client, editor, harrow):
    client.force_login(editor)
    assert error_summary(client.post(url("upload", harrow), {})) == ["Select a YAML file"]


# The crosswalk -------------------------------------------------------------------------------


def test_crosswalk_add_hide_restore_and_remove(client, editor, harrow, herefordshire, shipped):
    teasc, area, qs8 = shipped["teasc"], shipped["area"], shipped["qs8"]
    page_url = url("crosswalk", harrow, framework_id=teasc.pk)
    client.force_login(editor)
    page = soup_of(client.get(page_url))
    assert "Comes with Ascent" in page.select_one(f"#mapped-{shipped['domain'].pk}").get_text()
    # add: an area of TEASC also counts towards CQC QS8
    response = client.post(page_url, {"source": area.pk, "target": qs8.pk, "note": "Same ground"})
    assert response["Location"] == page_url
    added = ElementMapping.objects.get(organisation=harrow, source=area)
    assert (added.target, added.note, added.is_hidden) == (qs8, "Same ground", False)
    assert added.history.get().history_user == editor
    # the same pair again is refused, in either direction
    again = client.post(page_url, {"source": area.pk, "target": qs8.pk})
    assert error_summary(again) == [f"{area.label} already counts towards {qs8.label}"]
    # hide the shipped mapping for Harrow only
    mapping = shipped["mapping"]
    client.post(url("mapping-hide", harrow, framework_id=teasc.pk, mapping_id=mapping.pk))
    hidden = ElementMapping.objects.get(organisation=harrow, is_hidden=True)
    assert (hidden.source, hidden.target) == (mapping.source, mapping.target)
    mapping.refresh_from_db()
    assert mapping.organisation is None and not mapping.is_hidden  # the shipped row never changes
    row = soup_of(client.get(page_url)).select_one(f"#mapped-{shipped['domain'].pk}").get_text(" ", strip=True)
    assert "hidden for Harrow" in row
    # restore it
    client.post(url("mapping-restore", harrow, framework_id=teasc.pk, mapping_id=hidden.pk))
    assert not ElementMapping.objects.filter(pk=hidden.pk).exists()
    # remove the council's own mapping
    client.post(url("mapping-remove", harrow, framework_id=teasc.pk, mapping_id=added.pk))
    assert list(ElementMapping.objects.values_list("organisation", flat=True)) == [None]


def test_adding_a_hidden_shipped_mapping_restores_it(client, editor, harrow, shipped):
    hidden = ElementMapping.objects.create(
        organisation=harrow, source=shipped["domain"], target=shipped["qs8"], is_hidden=True
    )
    client.force_login(editor)
    client.post(
        url("crosswalk", harrow, framework_id=shipped["cqc"].pk),
        {"source": shipped["qs8"].pk, "target": shipped["domain"].pk},
    )
    assert not ElementMapping.objects.filter(pk=hidden.pk).exists()
    assert ElementMapping.objects.count() == 1


def test_crosswalk_choices_exclude_this_framework_and_other_councils(client, editor, harrow, shipped, theirs):
    client.force_login(editor)
    page = soup_of(client.get(url("crosswalk", harrow, framework_id=shipped["teasc"].pk)))
    targets = [option["value"] for option in page.select("select[name=target] option") if option["value"]]
    assert str(shipped["qs8"].pk) in targets
    assert str(shipped["area"].pk) not in targets
    assert str(theirs.elements.get().pk) not in targets
    response = client.post(
        url("crosswalk", harrow, framework_id=shipped["teasc"].pk),
        {"source": shipped["area"].pk, "target": shipped["domain"].pk},
    )
    assert error_summary(response) == ["Select the element of another framework from the list"]


def test_crosswalk_rows_of_another_council_or_framework_are_not_found(
    client, editor, harrow, herefordshire, shipped, own
):
    theirs = ElementMapping.objects.create(organisation=herefordshire, source=shipped["area"], target=shipped["qs8"])
    client.force_login(editor)
    teasc = shipped["teasc"].pk
    assert client.post(url("mapping-remove", harrow, framework_id=teasc, mapping_id=theirs.pk)).status_code == 404
    assert (
        client.post(url("mapping-hide", harrow, framework_id=own.pk, mapping_id=shipped["mapping"].pk)).status_code
        == 404
    )
    # a shipped mapping cannot be removed, only hidden
    assert (
        client.post(url("mapping-remove", harrow, framework_id=teasc, mapping_id=shipped["mapping"].pk)).status_code
        == 403
    )
    assert ElementMapping.objects.count() == 2


def test_the_frameworks_pages_sit_in_the_self_assessment_section(client, viewer, harrow):
    client.force_login(viewer)
    page = soup_of(client.get(url("index", harrow)))
    current = page.select_one(".govuk-service-navigation__item--active")
    assert current is not None and "Self-assessment" in current.get_text()


def test_a_councils_framework_includes_a_shipped_statement_and_counts_towards_it(
    client, editor, harrow, shipped_frameworks
):
    client.force_login(editor)
    data = define_data(elements="Keeping people safe\n  include cqc-la-assessment:qs-7\n  Local: Our own area\n")
    response = client.post(url("define", harrow), data)
    framework = Framework.objects.get(organisation=harrow)
    assert response["Location"] == url("detail", harrow, framework_id=framework.pk)
    qs7 = shipped_frameworks["cqc-la-assessment"].elements.get(key="qs-7")
    included = framework.elements.get(included_from=qs7)
    assert (included.key, included.code, included.kind, included.is_rated) == ("qs-7", qs7.code, qs7.kind, True)
    assert included.i_statements == qs7.i_statements and included.we_statement
    element = soup_of(client.get(response["Location"])).select_one("#element-qs-7")
    text = element.get_text(" ", strip=True)
    assert "Included from CQC" in text
    assert qs7.we_statement in text
    link = element.find("a", href=url("detail", harrow, framework_id=qs7.framework_id) + "#element-qs-7")
    assert link.get_text(" ", strip=True) == f"CQC 2023: {qs7.label}"


def test_adding_a_pair_whose_shipped_mapping_is_gone_adds_the_councils_own(client, editor, harrow, shipped):
    # Harrow hid a shipped mapping that a later crosswalk no longer ships.
    shipped["mapping"].delete()
    stale = ElementMapping.objects.create(
        organisation=harrow, source=shipped["domain"], target=shipped["qs8"], is_hidden=True
    )
    client.force_login(editor)
    client.post(
        url("crosswalk", harrow, framework_id=shipped["teasc"].pk),
        {"source": shipped["domain"].pk, "target": shipped["qs8"].pk},
    )
    assert not ElementMapping.objects.filter(pk=stale.pk).exists()
    added = ElementMapping.objects.get()
    assert (added.organisation, added.source, added.target, added.is_hidden) == (
        harrow,
        shipped["domain"],
        shipped["qs8"],
        False,
    )


def test_every_framework_offered_on_the_define_page_has_a_label_of_its_own(client, editor, harrow, shipped_frameworks):
    """The two ASCOF frameworks share a scale's labels; each choice still names which it is."""
    client.force_login(editor)
    page = soup_of(client.get(url("define", harrow)))
    labels = [label.get_text(" ", strip=True) for label in page.select("select[name=scale_from] option")]
    assert labels and len(labels) == len(set(labels)), labels
    ascof = [label for label in labels if label.startswith("As ASCOF")]
    assert {label.split(":")[0] for label in ascof} == {"As ASCOF 2014-15", "As ASCOF 2023-24"}, labels
    short_names = [framework.short_name for framework in shipped_frameworks.values()]
    assert len(short_names) == len(set(short_names)), short_names


def test_upload_and_define_refuse_the_slug_or_name_of_a_shipped_framework(client, editor, harrow, shipped):
    client.force_login(editor)
    response = _upload(client, harrow, GOOD_YAML.replace("slug: harrow-uploaded", "slug: teasc-risk-awareness"))
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup_of(response).select("#problems tbody tr")
    ]
    assert [row[:2] for row in rows] == [["1", "slug"]], rows
    response = client.post(url("define", harrow), define_data(name="TEASC risk awareness"))
    assert error_summary(response) == [
        "A framework that comes with Ascent is already called TEASC risk awareness: give yours a name of its own"
    ]
    assert not Framework.objects.filter(organisation=harrow).exists()
    assert Framework.objects.filter(slug="teasc-risk-awareness").count() == 1


def test_the_upload_page_says_how_to_write_the_file_and_its_example_loads(client, editor, harrow, shipped):
    client.force_login(editor)
    page = soup_of(client.get(url("upload", harrow)))
    assert page.select_one("#how-to-write").get_text(strip=True) == "How to write the file"
    described = {code.get_text(strip=True) for code in page.select(".govuk-summary-list__key code")}
    assert {"slug", "name", "version", "rating_scale", "elements"} <= described
    hint = page.select_one("#id_file-hint, .govuk-hint").get_text(" ", strip=True)
    assert "guide" not in hint and "How to write the file" in hint
    example = page.select_one(".govuk-details pre").get_text()
    response = _upload(client, harrow, example)
    framework = Framework.objects.get(organisation=harrow, slug="key-lines-of-enquiry")
    assert response["Location"] == url("detail", harrow, framework_id=framework.pk)


def test_the_kinds_of_evidence_are_shown_by_their_labels(client, viewer, harrow, shipped):
    cqc = shipped["cqc"]
    cqc.evidence_categories = ["people", "feedback", "processes", "outcomes"]
    cqc.save()
    client.force_login(viewer)
    page = soup_of(client.get(url("detail", harrow, framework_id=cqc.pk)))
    row = next(r for r in page.select(".govuk-summary-list__row") if r.dt.get_text(strip=True) == "Kinds of evidence")
    assert row.dd.get_text(strip=True) == ("People's experience, Feedback from staff and partners, Processes, Outcomes")

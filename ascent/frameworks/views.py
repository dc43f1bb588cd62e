"""The frameworks pages: the frameworks a council can use, each one's elements and crosswalk,
and a council's own frameworks defined through a form or uploaded as YAML.

Every member reads; editors define, upload, version and map (``ascent/frameworks/rules.py``).
A shipped framework is refused explicitly wherever a change is asked for, because platform
staff pass every permission.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.organisations.access import fetch, get_organisation_for_user
from ascent.organisations.models import Organisation

from . import actions
from .forms import FrameworkForm, MappingForm, UploadForm
from .models import Element, ElementMapping, Framework
from .outline import outline_text, scale_text

VIEW_PERM = "frameworks.view_frameworks"
CHANGE_PERM = "frameworks.change_frameworks"
#: What the define form offers as a council's own scale, to change or replace.
STARTING_SCALE = "Not met | red\nPartly met | amber\nMet | green | favourable"
SHIPPED_REFUSAL = (
    "Frameworks that come with Ascent cannot be changed, by anyone. To work to a changed version, define "
    "or upload a framework of your council's own: it can include this framework's elements."
)


def _frameworks(organisation: Organisation):
    """Every framework version the council can use: the shipped ones and its own."""
    return Framework.objects.in_organisation(organisation)


def _newest_first(frameworks: list[Framework]) -> list[tuple[Framework, list[Framework]]]:
    """Each framework's newest version with its earlier versions, newest first (no queries)."""
    by_pk = {framework.pk: framework for framework in frameworks}
    replaced = {framework.previous_version_id for framework in frameworks if framework.previous_version_id}
    out = []
    for framework in frameworks:
        if framework.pk in replaced:
            continue
        earlier, step = [], by_pk.get(framework.previous_version_id)
        while step is not None and step not in earlier:
            earlier.append(step)
            step = by_pk.get(step.previous_version_id)
        out.append((framework, earlier))
    return out


def _framework(request: HttpRequest, organisation: Organisation, framework_id: int) -> Framework:
    """One framework the council can use: another council's (or none) is a 404."""
    return fetch(Framework, request.user, organisation=organisation, perm="frameworks.view_framework", pk=framework_id)


def _shipped_refusal(request: HttpRequest, organisation: Organisation, framework: Framework) -> HttpResponse:
    """Why a shipped framework cannot be changed, and what to do instead (the generic 403 page
    talks of roles, which would mislead an admin)."""
    context = {"organisation": organisation, "framework": framework, "message": SHIPPED_REFUSAL}
    return render(request, "frameworks/shipped_refused.html", context, status=403)


def _changeable(request: HttpRequest, organisation: Organisation, framework_id: int) -> Framework:
    """A council framework the user may change; call only after checking ``is_shipped``."""
    framework = _framework(request, organisation, framework_id)
    if framework.is_shipped or not request.user.has_perm("frameworks.change_framework", framework):
        raise PermissionDenied
    return framework


def _elements(framework: Framework) -> list[Element]:
    """The framework's elements in tree order (one query), each holding the framework already read."""
    elements = list(
        Element.objects.filter(framework=framework)  # access: the framework came through fetch()
        .select_related("included_from__framework")
        .order_by("sort_order", "pk")
    )
    for element in elements:
        element.framework = framework
    return elements


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    frameworks = list(
        _frameworks(organisation)
        .annotate(element_count=Count("elements"), rated_count=Count("elements", filter=Q(elements__is_rated=True)))
        .order_by("name", "-created_at", "-pk")
    )
    listed = _newest_first(frameworks)
    context = {
        "organisation": organisation,
        "shipped": [pair for pair in listed if pair[0].is_shipped],
        "own": [pair for pair in listed if not pair[0].is_shipped],
        "can_change": request.user.has_perm(CHANGE_PERM, organisation),
    }
    return render(request, "frameworks/index.html", context)


def _tree(elements: list[Element], also: dict[int, list[Element]]) -> list[dict]:
    nodes = {element.pk: {"element": element, "children": [], "also": also.get(element.pk, [])} for element in elements}
    roots = []
    for element in elements:
        parent = nodes.get(element.parent_id)
        (parent["children"] if parent else roots).append(nodes[element.pk])
    return roots


@require_GET
def detail(request: HttpRequest, gss_code: str, framework_id: int) -> HttpResponse:
    from .crosswalk import also_counts_towards

    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    framework = _framework(request, organisation, framework_id)
    elements = _elements(framework)
    also = also_counts_towards(elements, organisation)
    for element in elements:  # an element taken by reference counts towards the one it came from
        source = element.included_from
        if source is not None and all(other.pk != source.pk for other in also.get(element.pk, [])):
            also.setdefault(element.pk, []).insert(0, source)
    versions = list(
        _frameworks(organisation)
        .filter(organisation_id=framework.organisation_id, slug=framework.slug)
        .order_by("-created_at", "-pk")
    )
    newest = not any(version.previous_version_id == framework.pk for version in versions)
    can_change = not framework.is_shipped and newest and request.user.has_perm("frameworks.change_framework", framework)
    context = {
        "organisation": organisation,
        "framework": framework,
        "tree": _tree(elements, also),
        "element_count": len(elements),
        "rated_count": sum(1 for element in elements if element.is_rated),
        "versions": versions,
        "newest": newest,
        "can_change": can_change,
        "in_use": can_change and framework.is_in_use(),
        "can_map": request.user.has_perm(CHANGE_PERM, organisation),
    }
    return render(request, "frameworks/detail.html", context)


def _scales(frameworks: list[Framework]) -> list[Framework]:
    """One framework for each distinct rating scale, to offer as a ready-made scale."""
    seen, out = [], []
    for framework in frameworks:
        if len(framework.rating_scale) >= 2 and framework.rating_scale not in seen:
            seen.append(framework.rating_scale)
            out.append(framework)
    return out


def _includable(organisation: Organisation, current: list[Framework]) -> dict[tuple[str, str], Element]:
    """Elements a council's framework may include, by (framework slug, element key): newest versions only."""
    by_pk = {framework.pk: framework for framework in current}
    elements = (
        Element.objects.in_organisation(organisation)
        .filter(framework__in=list(by_pk))
        .order_by("framework_id", "sort_order")
    )
    found: dict[tuple[str, str], Element] = {}
    for element in elements:
        framework = by_pk[element.framework_id]
        element.framework = framework
        found.setdefault((framework.slug, element.key), element)
    return found


def _form_context(organisation: Organisation):
    current = list(_frameworks(organisation).current().order_by("organisation_id", "name"))
    return current, _scales([framework for framework in current if framework.is_shipped] + current)


def _rated_choice(elements: list[Element]) -> str:
    """Which of the form's choices describes the framework's rated elements."""
    rated = [element for element in elements if element.is_rated]
    if not rated:
        return "none"
    parents = {element.parent_id for element in elements}
    leaves = [element for element in elements if element.pk not in parents]
    if {element.pk for element in rated} == {element.pk for element in leaves}:
        return "leaves"
    depths = {element.depth for element in rated}
    if len(depths) == 1 and depths <= {0, 1, 2}:
        return str(depths.pop() + 1)
    return "leaves"


def _level_names(elements: list[Element]) -> str:
    names: dict[int, str] = {}
    for element in elements:
        if element.included_from_id is None:
            names.setdefault(element.depth, element.kind)
    return ", ".join(names[depth] for depth in sorted(names)) or "Domain, Area"


@require_http_methods(["GET", "POST"])
def define(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    current, scales = _form_context(organisation)
    own = [framework for framework in current if framework.organisation_id == organisation.pk]
    own_slugs = {framework.slug for framework in own} | {FrameworkForm.slug_for(framework.name) for framework in own}
    form = FrameworkForm(
        request.POST if request.method == "POST" else None,
        scales=scales,
        includable=_includable(organisation, current) if request.method == "POST" else {},
        taken_slugs=own_slugs,
        shipped_slugs={framework.slug for framework in current if framework.is_shipped},
        initial={"scale_from": "own", "version": "1", "scale": STARTING_SCALE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        framework = actions.define_framework(
            organisation,
            by=request.user,
            slug=form.slug_for(data["name"]),
            outline=form.outline(),
            **_fields(data),
        )
        messages.success(request, f"{framework.name} added, with {_count(len(data['elements']))}")
        return redirect("frameworks:detail", gss_code=organisation.gss_code, framework_id=framework.pk)
    return render(
        request,
        "frameworks/form.html",
        {"organisation": organisation, "form": form, "framework": None, "in_use": False},
    )


def _fields(data: dict) -> dict:
    return {
        "name": data["name"],
        "short_name": data["short_name"],
        "version": data["version"],
        "description": data["description"],
        "rating_scale": data["rating_scale"],
    }


def _count(n: int) -> str:
    return "1 element" if n == 1 else f"{n} elements"


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str, framework_id: int, *, as_new_version: bool = False) -> HttpResponse:
    """Change a council's framework, or make a new version of it.

    A version nothing uses changes in place; one a self-assessment uses (or any version, when
    a new version is asked for) is kept as it was and the form makes a new version.
    """
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    shipped = _framework(request, organisation, framework_id)
    if shipped.is_shipped:
        return _shipped_refusal(request, organisation, shipped)
    framework = _changeable(request, organisation, framework_id)
    versions = list(_frameworks(organisation).filter(organisation=organisation, slug=framework.slug))
    newer = next((version for version in versions if version.previous_version_id == framework.pk), None)
    if newer is not None:
        messages.info(request, f"Version {framework.version} has a newer version: this is the newest")
        return redirect("frameworks:edit", gss_code=organisation.gss_code, framework_id=_newest(versions).pk)
    makes_version = as_new_version or framework.is_in_use()
    elements = _elements(framework)
    current, scales = _form_context(organisation)
    taken = {version.version for version in versions if makes_version or version.pk != framework.pk}
    form = FrameworkForm(
        request.POST if request.method == "POST" else None,
        scales=scales,
        includable=_includable(organisation, current) if request.method == "POST" else {},
        taken_versions=taken,
        previous=framework,
        initial={
            "name": framework.name,
            "short_name": framework.short_name,
            "version": "" if makes_version else framework.version,
            "description": framework.description,
            "level_names": _level_names(elements),
            "elements": outline_text(elements),
            "rated": _rated_choice(elements),
            "scale_from": "own",
            "scale": scale_text(framework.scale),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if makes_version:
                saved = actions.new_version(framework, by=request.user, outline=form.outline(), **_fields(data))
                is_new = True
            else:
                saved, is_new = actions.save_framework(
                    framework, by=request.user, outline=form.outline(), **_fields(data)
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = f"version {saved.version} added" if is_new else "saved"
            messages.success(request, f"{saved.name}: {done}, with {_count(len(data['elements']))}")
            return redirect("frameworks:detail", gss_code=organisation.gss_code, framework_id=saved.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "framework": framework,
        "in_use": makes_version and not as_new_version,
        "as_new_version": makes_version,
    }
    return render(request, "frameworks/form.html", context)


def _newest(versions: list[Framework]) -> Framework:
    replaced = {version.previous_version_id for version in versions}
    return next(version for version in versions if version.pk not in replaced)


@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, gss_code: str, framework_id: int) -> HttpResponse:
    return edit(request, gss_code, framework_id, as_new_version=True)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, gss_code: str) -> HttpResponse:
    """A framework of the council's own from a YAML file: every problem by line and field, nothing saved."""
    from .loading import FrameworkFileError

    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        try:
            framework = actions.upload_framework(organisation, by=request.user, text=form.text)
        except FrameworkFileError as error:
            problems = list(error.errors)
            name = request.FILES["file"].name
            form.add_error("file", f"{name} has {_problem_count(len(problems))}: nothing was loaded")
        else:
            messages.success(
                request, f"{framework.name}, version {framework.version}, loaded from {form.cleaned_data['file'].name}"
            )
            return redirect("frameworks:detail", gss_code=organisation.gss_code, framework_id=framework.pk)
    context = {"organisation": organisation, "form": form, "problems": problems}
    return render(request, "frameworks/upload.html", context)


def _problem_count(n: int) -> str:
    return "1 problem" if n == 1 else f"{n} problems"


# The crosswalk -------------------------------------------------------------------------------


def _crosswalk_rows(organisation: Organisation, framework: Framework) -> dict[int, list[dict]]:
    """For each element of the framework, its mappings in the council's crosswalk, and what each is.

    Shipped mappings show with whether the council hides them; the council's own show as added.
    """
    rows = list(
        ElementMapping.objects.in_organisation(organisation)
        .filter(Q(source__framework=framework) | Q(target__framework=framework))
        .select_related("source__framework", "target__framework")
        .order_by("source__sort_order", "target__framework__name", "target__sort_order")
    )
    hiding = {frozenset((row.source_id, row.target_id)): row for row in rows if row.organisation_id and row.is_hidden}
    out: dict[int, list[dict]] = {}
    for row in rows:
        if row.organisation_id and row.is_hidden:
            continue
        here, there = (row.source, row.target) if row.source.framework_id == framework.pk else (row.target, row.source)
        entry = {"mapping": row, "other": there, "hidden_by": hiding.get(frozenset((row.source_id, row.target_id)))}
        out.setdefault(here.pk, []).append(entry)
    return out


def _other_elements(organisation: Organisation, framework: Framework) -> list[tuple[Framework, list[Element]]]:
    others = [
        other
        for other in _frameworks(organisation).current().order_by("organisation_id", "name")
        if not (other.slug == framework.slug and other.organisation_id == framework.organisation_id)
    ]
    by_pk = {other.pk: other for other in others}
    grouped: dict[int, list[Element]] = {pk: [] for pk in by_pk}
    for element in (
        Element.objects.in_organisation(organisation).filter(framework__in=list(by_pk)).order_by("sort_order")
    ):
        element.framework = by_pk[element.framework_id]
        grouped[element.framework_id].append(element)
    return [(by_pk[pk], elements) for pk, elements in grouped.items() if elements]


@require_http_methods(["GET", "POST"])
def crosswalk(request: HttpRequest, gss_code: str, framework_id: int) -> HttpResponse:
    """What each element of the framework also counts towards for this council, and the form to add a mapping."""
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    framework = _framework(request, organisation, framework_id)
    can_map = request.user.has_perm(CHANGE_PERM, organisation)
    if request.method == "POST" and not can_map:
        raise PermissionDenied
    elements = _elements(framework)
    form = None
    if can_map:
        form = MappingForm(
            request.POST if request.method == "POST" else None,
            own=elements,
            others=_other_elements(organisation, framework),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                _, done = actions.add_mapping(
                    organisation, by=request.user, source=data["source"], target=data["target"], note=data["note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if done == "restored":
                    text = (
                        f"{data['source'].label} counts towards {data['target'].label} again, "
                        "as the crosswalk that comes with Ascent has it"
                    )
                else:
                    text = (
                        f"{data['source'].label} now also counts towards {data['target'].label} for {organisation.name}"
                    )
                messages.success(request, text)
                return redirect("frameworks:crosswalk", gss_code=organisation.gss_code, framework_id=framework.pk)
    rows = _crosswalk_rows(organisation, framework)
    context = {
        "organisation": organisation,
        "framework": framework,
        "elements": [(element, rows.get(element.pk, [])) for element in elements],
        "mapped_count": sum(1 for element in elements if element.pk in rows),
        "form": form,
        "can_map": can_map,
    }
    return render(request, "frameworks/crosswalk.html", context)


def _mapping(request, organisation, framework, mapping_id: int, *, perm: str) -> ElementMapping:
    """A row of the council's crosswalk that concerns this framework; anything else is a 404."""
    mapping = fetch(
        ElementMapping,
        request.user,
        organisation=organisation,
        perm=perm,
        select_related=("source", "target"),
        pk=mapping_id,
    )
    if framework.pk not in (mapping.source.framework_id, mapping.target.framework_id):
        raise Http404
    return mapping


def _back_to_crosswalk(organisation, framework):
    return redirect("frameworks:crosswalk", gss_code=organisation.gss_code, framework_id=framework.pk)


@require_POST
def mapping_hide(request: HttpRequest, gss_code: str, framework_id: int, mapping_id: int) -> HttpResponse:
    """Hide a shipped mapping for this council (the shipped row itself never changes)."""
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    framework = _framework(request, organisation, framework_id)
    mapping = _mapping(request, organisation, framework, mapping_id, perm="frameworks.view_elementmapping")
    if mapping.organisation_id is not None:
        raise Http404  # only a shipped mapping is hidden; the council removes its own
    actions.hide_mapping(organisation, mapping, by=request.user)
    messages.success(
        request, f"{mapping.source.label} no longer counts towards {mapping.target.label} for {organisation.name}"
    )
    return _back_to_crosswalk(organisation, framework)


@require_POST
def mapping_restore(request: HttpRequest, gss_code: str, framework_id: int, mapping_id: int) -> HttpResponse:
    """Show again a shipped mapping the council hid: ``mapping_id`` is the council's hiding row."""
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    framework = _framework(request, organisation, framework_id)
    row = _mapping(request, organisation, framework, mapping_id, perm="frameworks.change_elementmapping")
    if not row.is_hidden:
        raise Http404
    actions.remove_mapping(row, by=request.user)
    messages.success(request, f"{row.source.label} counts towards {row.target.label} again")
    return _back_to_crosswalk(organisation, framework)


@require_POST
def mapping_remove(request: HttpRequest, gss_code: str, framework_id: int, mapping_id: int) -> HttpResponse:
    """Remove a mapping the council added itself."""
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    framework = _framework(request, organisation, framework_id)
    row = _mapping(request, organisation, framework, mapping_id, perm="frameworks.change_elementmapping")
    if row.is_hidden:
        raise Http404
    actions.remove_mapping(row, by=request.user)
    messages.success(request, f"{row.source.label} no longer counts towards {row.target.label} for {organisation.name}")
    return _back_to_crosswalk(organisation, framework)

"""Helpers for tests that need frameworks: the shipped ones, or a small one written inline.

``load_shipped()`` loads the four shipped frameworks and the default crosswalk through the
real loaders and returns the frameworks by slug (the ``shipped_frameworks`` fixture in
tests/conftest.py calls it). ``framework_yaml()`` writes a small valid framework file to
change in a test; ``make_framework()`` loads it.
"""

from __future__ import annotations

from textwrap import dedent

from ascent.core.periods import parse_period
from ascent.frameworks.crosswalk import load_shipped_crosswalk
from ascent.frameworks.loading import load_framework_text, load_shipped_frameworks
from ascent.frameworks.models import Framework


def load_shipped() -> dict[str, Framework]:
    """Load the shipped frameworks and the default crosswalk; the frameworks by slug."""
    frameworks = {framework.slug: framework for framework, _status in load_shipped_frameworks()}
    load_shipped_crosswalk()
    return frameworks


SMALL = """\
slug: {slug}
name: {name}
version: "{version}"
rating_scale:
  - {{value: poor, label: Poor, score: 1, favourable: false, colour: red}}
  - {{value: good, label: Good, score: 2, favourable: true, colour: green}}
elements:
  - key: area-1
    kind: Area
    title: {title}
    children:
      - {{key: line-1, kind: Line of enquiry, title: First line, rated: true}}
      - {{key: line-2, kind: Line of enquiry, title: Second line, rated: true}}
"""


def framework_yaml(*, slug="local-kloe", name="Key lines of enquiry", version="1", title="Access") -> str:
    return SMALL.format(slug=slug, name=name, version=version, title=title)


def make_framework(organisation=None, **kwargs) -> Framework:
    return load_framework_text(framework_yaml(**kwargs), organisation=organisation)


def use_framework(framework: Framework, organisation, period: str = "2023-24"):
    """A draft self-assessment of ``organisation`` on ``framework``, so the version is in use."""
    from ascent.assessments.models import SelfAssessment

    parsed = parse_period(period)
    return SelfAssessment.objects.create(
        organisation=organisation,
        framework=framework,
        period_kind=parsed.kind.value,
        period_code=parsed.code,
        period_start=parsed.start,
        period_end=parsed.end,
    )


def yaml_text(text: str) -> str:
    return dedent(text).lstrip("\n")

"""Template tags for the workflow include and the CQC estimate on a self-assessment's summary.

``assessments/_workflow.html`` and ``assessments/_estimate.html`` need only ``assessment`` (and
the request) in their context, so any page can include them.
"""

from __future__ import annotations

from django import template

from .. import workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def workflow_actions(context, assessment) -> workflow.Actions:
    """The workflow steps the person viewing the page may take on this version now."""
    request = context.get("request")
    if request is None or assessment is None:
        return workflow.Actions()
    return workflow.available_actions(assessment, request.user)


@register.simple_tag
def cqc_estimate(assessment):
    """The CQC estimate for this version, or None when its framework has no CQC scoring.

    Worked out once per version object, however many times a page asks.
    """
    if assessment is None:
        return None
    cached = assessment.__dict__.get("_cqc_estimate", ...)
    if cached is ...:
        cached = workflow.cqc_estimate(assessment)
        assessment.__dict__["_cqc_estimate"] = cached
    return cached

"""Transformation programmes: boards, projects, business cases, savings against the MTFS,
risks, milestones and KPIs (issue 13). Built in steps; so far the savings arithmetic
(:mod:`ascent.programmes.savings`), which the models and pages to come will call.
"""

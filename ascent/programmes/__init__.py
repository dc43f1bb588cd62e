"""Transformation programmes: boards, projects, business cases, savings against the MTFS,
risks, milestones and KPIs (issue 13). Built in steps; so far the arithmetic the models and
pages to come will call: savings phased and re-profiled to the penny
(:mod:`~ascent.programmes.savings`), risk scores, grades, appetite and heat map
(:mod:`~ascent.programmes.risks`) and milestone slippage (:mod:`~ascent.programmes.milestones`).
"""

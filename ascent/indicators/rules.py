"""Who may do what with performance evidence (see ascent/organisations/rules.py for the roles)."""

import rules

from ascent.organisations.rules import can_change_record, can_view_record, is_editor, is_member, is_superuser

# Read the scorecard, indicator pages, benchmarking and spending: every member.
rules.add_perm("indicators.view_performance", is_member | is_superuser)
# Define local indicators, groups, targets and comparator groups (importing is in ascent/imports/rules.py).
rules.add_perm("indicators.change_performance", is_editor | is_superuser)

# One record: a member of its organisation, a person granted it, or platform staff may read
# it; editors, an edit grant or platform staff may change it. Shipped indicators and built-in
# comparator groups belong to nobody, so everyone signed in reads them and nobody changes them.
for _record in ("indicator", "indicatorgroup", "observation", "target", "comparatorgroup"):
    rules.add_perm(f"indicators.view_{_record}", can_view_record)
    rules.add_perm(f"indicators.change_{_record}", can_change_record)

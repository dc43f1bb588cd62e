"""Who may do what with performance evidence (see ascent/organisations/rules.py for the roles)."""

import rules

from ascent.organisations.rules import is_editor, is_member, is_superuser

# Read the scorecard, indicator pages, benchmarking and spending: every member.
rules.add_perm("indicators.view_performance", is_member | is_superuser)
# Define local indicators, groups, targets and comparator groups; import and roll back data.
rules.add_perm("indicators.change_performance", is_editor | is_superuser)
rules.add_perm("imports.import_data", is_editor | is_superuser)

"""Who may do what with one line of spending (see ascent/organisations/rules.py)."""

import rules

from ascent.organisations.rules import can_change_record, can_view_record

rules.add_perm("finance.view_expenditureline", can_view_record)
rules.add_perm("finance.change_expenditureline", can_change_record)

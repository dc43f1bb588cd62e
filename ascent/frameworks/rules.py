"""Who may do what with frameworks (see ascent/organisations/rules.py for the roles)."""

import rules

from ascent.organisations.rules import can_change_record, can_view_record

for _record in ("framework", "element", "elementmapping"):
    rules.add_perm(f"frameworks.view_{_record}", can_view_record)
    rules.add_perm(f"frameworks.change_{_record}", can_change_record)

"""Who may do what with frameworks and the crosswalk (see ascent/organisations/rules.py for the roles).

Every member reads the frameworks their council can use: the shipped ones and its own.
Editors define, upload and version the council's own frameworks and change its crosswalk.
Shipped frameworks and shipped mappings belong to nobody, so nobody changes them through the
pages; a council hides a shipped mapping for itself with a row of its own instead.
"""

import rules

from ascent.organisations.rules import can_change_record, can_view_record, is_editor, is_member, is_superuser

# Organisation-wide: read the frameworks pages; define, upload, version and map.
rules.add_perm("frameworks.view_frameworks", is_member | is_superuser)
rules.add_perm("frameworks.change_frameworks", is_editor | is_superuser)

# One record: a framework version, one of its elements, or a mapping of the crosswalk.
for _record in ("framework", "element", "elementmapping"):
    rules.add_perm(f"frameworks.view_{_record}", can_view_record)
    rules.add_perm(f"frameworks.change_{_record}", can_change_record)

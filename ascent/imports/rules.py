"""Who may import into an organisation, and do what with one import.

See ascent/organisations/rules.py for the roles and grants these build on.
"""

import rules

from ascent.organisations.rules import can_change_record, can_view_record, is_editor, is_member, is_superuser

# The Imports pages and each run's report: every member.
rules.add_perm("imports.view_imports", is_member | is_superuser)
# Upload, import and roll back: editors and admins.
rules.add_perm("imports.import_data", is_editor | is_superuser)

rules.add_perm("imports.view_importrun", can_view_record)
# Committing or rolling back a run changes the organisation's figures: editors, or an edit grant.
rules.add_perm("imports.change_importrun", can_change_record)

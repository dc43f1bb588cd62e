"""Who may see, upload and delete a council's evidence files.

See ascent/organisations/rules.py for the roles and grants these build on. Every member
reads the council's evidence; contributors and above upload it (they write the ratings it
backs); editors and admins delete it. A person granted one file (a peer reviewer) may open
and download that file alone: the list and every other file stay hidden from them.
"""

import rules

from ascent.organisations.rules import (
    can_view_record,
    is_contributor,
    is_editor,
    is_member,
    is_owned_record,
    is_superuser,
)

# The council's evidence list: every member.
rules.add_perm("evidence.view_evidence", is_member | is_superuser)
# Uploading evidence: contributors, editors and admins.
rules.add_perm("evidence.add_evidence", is_contributor | is_superuser)

# One file: members, a grant of that file, platform staff.
rules.add_perm("evidence.view_evidencefile", can_view_record)
# Deleting one file (only when nothing uses it): editors and admins.
rules.add_perm("evidence.delete_evidencefile", is_owned_record & (is_editor | is_superuser))

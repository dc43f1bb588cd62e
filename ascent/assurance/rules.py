"""Who may read the Challenges page (see ascent/organisations/rules.py).

Every member of a council reads its open flags: a viewer as much as an admin, since the
flags say where the council's own ratings need another look.
"""

import rules

from ascent.organisations.rules import is_member, is_superuser

rules.add_perm("assurance.view_challenges", is_member | is_superuser)

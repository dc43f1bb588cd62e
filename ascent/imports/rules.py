"""Who may do what with one import (see ascent/organisations/rules.py for the roles and grants).

Importing into an organisation is ``imports.import_data`` in ascent/indicators/rules.py.
"""

import rules

from ascent.organisations.rules import can_change_record, can_view_record

rules.add_perm("imports.view_importrun", can_view_record)
# Committing or rolling back a run changes the organisation's figures: editors, or an edit grant.
rules.add_perm("imports.change_importrun", can_change_record)

"""Who may do what with a council's client-level data (see ascent/organisations/rules.py).

Every member reads the pages: the extracts, their data quality, the measures, activity and
spend, the population table. Loading an extract, computing the measures and loading a
population table change what the council holds: editors and admins. The values in a
problem's example come from rows about people (an NHS number, a date of birth, a postcode),
so only those who may load extracts see them; other members see the row, field and reason.
Nobody from another council, no regional lead and no peer reviewer reaches any of it: the
measures reach a region only as published indicator values.
"""

import rules

from ascent.organisations.rules import can_view_record, is_editor, is_member, is_superuser

rules.add_perm("cld.view_cld", is_member | is_superuser)
rules.add_perm("cld.load_cld", is_editor | is_superuser)
rules.add_perm("cld.view_row_values", is_editor | is_superuser)
rules.add_perm("cld.view_extract", can_view_record)

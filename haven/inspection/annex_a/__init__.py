"""Ofsted Annex A: the child-level lists an authority gives Ofsted at the start of an ILACS
inspection (reference section 3), written from Haven's record as one workbook.

* :mod:`~haven.inspection.annex_a.spec`: the lists, their headings and lettered values (data);
* :mod:`~haven.inspection.annex_a.selectors`: the rows of each list on an as-of date;
* :mod:`~haven.inspection.annex_a.writer`: the workbook (``annex_a_workbook``);
* :mod:`~haven.inspection.annex_a.services`: an audited export for a member of staff.
"""

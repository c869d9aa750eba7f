"""Statutory rules for children's social care in England, as pure Python (no Django).

* :mod:`~haven.statutory.calendar`: working days and England and Wales bank holidays.
* :mod:`~haven.statutory.timescales`: Working Together and local timescales, due dates.
* :mod:`~haven.statutory.codes`: DfE Children in Need census code lists (2025-26).
* :mod:`~haven.statutory.identifiers`: NHS number, UPN and LA child ID checks.
* :mod:`~haven.statutory.rules`: CIN census validation rules applied at data entry.

Each rule cites its source (Working Together to Safeguard Children, or the DfE CIN census
guide and validation rules) where it is defined.
"""

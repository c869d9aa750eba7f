"""The census data quality check: the year's rules over the whole authority, stored as runs
(selectors read, services write)."""

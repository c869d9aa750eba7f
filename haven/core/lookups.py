"""`field__any=[...]`: `field = ANY(%s)` with the list as one array parameter.

Django's `__in` sends a list of n values as n parameters; for the hundreds of ids the access
policy passes around, building and parsing those statements cost more than running them (the
benchmark's person search spent a third of its time there). One array parameter costs the same
whatever its length, and PostgreSQL plans `= ANY(array)` like `IN (...)`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BigAutoField, BigIntegerField, ForeignKey, IntegerField, Lookup


class AnyOf(Lookup):  # type: ignore[type-arg]
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [[int(v) for v in value]]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]


for field in (BigAutoField, BigIntegerField, IntegerField, ForeignKey):
    field.register_lookup(AnyOf)

"""Django's PostgreSQL backend for values bound by the server (DB_PREPARED_STATEMENTS).

Bound by the server, a statement carries at most 65,535 parameters (the protocol counts them in
16 bits); bound by the client, as Django does by default, it had no limit. So that no list the
application passes can meet it:
- a long list of values in `field__in=[…]` is sent as one array parameter, `= ANY(%s)`, which
  PostgreSQL matches with the same index (and one prepared statement serves every length);
- Django's own batches (bulk_create, bulk_update, in_bulk, the delete collector) are told the
  limit.
"""

from __future__ import annotations

from django.db.backends.postgresql import base, features, operations
from django.db.models import Field, ForeignObject
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

MAX_PARAMS = 65_535
# Longer lists become an array; shorter ones keep `IN (%s, …)`, whose plans are well known.
ARRAY_FROM = 1_000


class DatabaseFeatures(features.DatabaseFeatures):
    max_query_params = MAX_PARAMS


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        """Rows per statement such that their parameters stay under the limit."""
        return max(1, min(len(objs), MAX_PARAMS // max(len(fields), 1)))


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
    ops_class = DatabaseOperations


class ArrayParameterIn:
    """`lhs = ANY(%s)` with the values as one array, for lists longer than ARRAY_FROM."""

    def as_postgresql(self, compiler, connection):
        if (
            connection.features.uses_server_side_binding
            and self.rhs_is_direct_value()
            and not isinstance(self.lhs, ColPairs | tuple)
            and len(self.rhs) > ARRAY_FROM
        ):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            rhs, rhs_params = self.process_rhs(compiler, connection)  # None dropped, prepared
            if rhs == "(" + ", ".join(["%s"] * len(rhs_params)) + ")":  # values, no expressions
                return f"{lhs} = ANY(%s)", (*lhs_params, list(rhs_params))
        return self.as_sql(compiler, connection)


class ArrayIn(ArrayParameterIn, In):
    pass


class ArrayRelatedIn(ArrayParameterIn, RelatedIn):
    pass


# Lookups are the models' and global: this module is imported only when a database uses this
# backend, and the lookups fall back to Django's own unless the connection binds on the server.
Field.register_lookup(ArrayIn)
ForeignObject.register_lookup(ArrayRelatedIn)

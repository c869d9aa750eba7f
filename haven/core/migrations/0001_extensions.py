"""PostgreSQL extensions Haven relies on: trigram and phonetic matching for person search, and
btree_gist so exclusion constraints can say "no overlapping periods for the same child"."""

from django.contrib.postgres.operations import (
    BtreeGistExtension,
    CreateExtension,
    TrigramExtension,
)
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []
    operations = [
        TrigramExtension(),
        BtreeGistExtension(),
        CreateExtension("fuzzystrmatch"),
    ]

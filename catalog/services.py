"""Writes to the catalog. Imports, the admin and the API all come through here, so all are audited."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from catalog import outbox
from catalog.codes import StandardCode, parse_code
from catalog.models import ImportBatch, Standard, StandardDraftingOrganization, StandardReplacement
from core import audit, sql_lists
from directory.models import Organization

# New rows from one import above which PostgreSQL's statistics are refreshed at its end.
ANALYZE_AFTER = 10_000
# Fields compared when deciding whether an imported row changes an existing record.
COMPARED_FIELDS = (
    "code",
    "base_key",
    "prefix",
    "kind",
    "nature",
    "status",
    "title",
    "title_en",
    "issue_date",
    "implement_date",
    "abolish_date",
    "review_confirmed_date",
    "issuing_body",
    "competent_department",
    "technical_committee",
    "ccs_id",
    "adopted_standard",
    "adoption_degree",
    "scope",
    "drafters",
    "plan_number",
    "source_id",
    "raw_values",
)


def apply_code(standard: Standard, parsed: StandardCode) -> None:
    """Set the code and every field derived from it."""
    from catalog.choices import Kind, Nature

    standard.code = parsed.format()
    standard.code_key = parsed.key
    standard.base_key = parsed.base_key
    standard.prefix = parsed.prefix
    standard.kind = Kind(parsed.kind.value)
    standard.nature = Nature(parsed.nature.value) if parsed.nature else ""


def _resolve_links(keys: Sequence[str]) -> None:
    """Point dangling replacement links at standards that now exist under those keys."""
    if not keys:
        return
    # The dangling links first (plain SQL, one array parameter on PostgreSQL): a fresh load
    # usually has none, and then nothing else is read.
    table = connection.ops.quote_name(StandardReplacement._meta.db_table)
    pks = []
    with connection.cursor() as cursor:
        for chunk in sql_lists.chunks(list(keys)):
            old_in, params = sql_lists.column_in("old_key", chunk)
            new_in, more = sql_lists.column_in("new_key", chunk)
            sql = f"SELECT id FROM {table} WHERE (old_id IS NULL AND {old_in}) OR (new_id IS NULL AND {new_in})"  # noqa: S608 (quoted name, bound values)
            cursor.execute(sql, params + more)
            pks.extend(pk for (pk,) in cursor.fetchall())
    if not pks:
        return
    links = list(StandardReplacement.objects.filter(pk__in=pks))
    by_key = _ids_of(sorted({k for link in links for k in (link.old_key, link.new_key)}))
    for link in links:
        old_id = link.old_id or by_key.get(link.old_key)
        new_id = link.new_id or by_key.get(link.new_key)
        if (old_id, new_id) != (link.old_id, link.new_id):  # a side still absent: no write
            link.old_id, link.new_id = old_id, new_id
            link.save(update_fields=["old", "new"])


@transaction.atomic
def standard_save(*, standard: Standard, actor, ics=None) -> Standard:
    """Create or update a standard entered by hand (admin or API), deriving code fields."""
    is_new = standard.pk is None
    stored = None if is_new else Standard.objects.select_for_update().get(pk=standard.pk)
    before = {} if is_new else audit.snapshot(stored)
    apply_code(standard, parse_code(standard.code))
    if is_new and not standard.source:
        standard.source = "manual"
    if is_new:
        standard.save()
    else:
        # Only what changed: a view counted meanwhile (`analytics.flush`) is never overwritten.
        changed = audit.diff(before, audit.snapshot(standard)).keys() - {"view_count"}
        standard.save(update_fields=[*sorted(changed), "updated_at"])
        standard.refresh_from_db(fields=["view_count"])
    if ics is not None:
        standard.ics.set(ics)
    _resolve_links([standard.code_key])
    if is_new:
        outbox.record(outbox.Kind.CREATED, [(standard.pk, standard.code_key)])
    else:
        outbox.record_status([(standard, stored.status)])
    audit.record(
        actor=actor,
        action="standard.create" if is_new else "standard.update",
        obj=standard,
        before=before,
        after=audit.snapshot(standard),
    )
    return standard


@transaction.atomic
def standard_links_refresh(*, standard: Standard, actor) -> None:
    """After links were edited by hand: resolve them and audit the resulting set."""
    keys = [standard.code_key, *standard.replaces_links.values_list("old_key", flat=True)]
    _resolve_links(keys)
    audit.record(
        actor=actor,
        action="standard.links_update",
        obj=standard,
        extra={"replaces": sorted(standard.replaces_links.values_list("old_code", flat=True))},
    )
    # Every link of the standard: consumers tell each link once (follows keeps what it told).
    outbox.record_links([*standard.replaces_links.all(), *standard.replaced_by_links.all()])


@transaction.atomic
def standard_delete(*, standard: Standard, actor) -> None:
    """Remove a standard; links that pointed at it keep the printed code."""
    audit.record(
        actor=actor, action="standard.delete", obj=standard, before=audit.snapshot(standard)
    )
    outbox.record(outbox.Kind.DELETED, [(standard.pk, standard.code_key)])
    standard.delete()


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _units_of(standard: Standard) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in standard.drafting_units.all()]


def _links_wanted(row, code: StandardCode) -> list[tuple[str, str, str, str, bool]]:
    """(old_key, old_code, new_key, new_code, partial) for the replacements a row declares."""
    links = []
    for other, partial in row["replaces"]:
        links.append((other.key, other.format(), code.key, code.format(), partial))
    for other, partial in row["replaced_by"]:
        links.append((code.key, code.format(), other.key, other.format(), partial))
    return links


def standards_import(
    rows: Sequence[dict],
    *,
    actor,
    source: str,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 500,
) -> ImportCounts:
    """Upsert cleaned rows by normalized code: new ones created, changed ones updated, identical
    ones left alone (so importing the same file twice changes nothing, and writes nothing).

    The rows are validated before they come here (all or nothing: a file with errors writes
    nothing). Writing commits chunk by chunk, each with its audit events and outbox rows, so
    that no transaction holds the database's write lock for long (readers and other writers go
    on during a long import); after an interruption, importing the file again completes it."""
    counts = ImportCounts()
    now = timezone.now()
    org_ids = dict(Organization.objects.values_list("name", "pk"))
    touched_keys: list[str] = []
    dangling_keys: list[str] = []
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start : start + chunk_size]
        with transaction.atomic():
            touched, dangling = _import_chunk(
                chunk,
                counts,
                actor=actor,
                source=source,
                file_name=file_name,
                now=now,
                org_ids=org_ids,
            )
        touched_keys.extend(touched)
        dangling_keys.extend(dangling)
        if progress:
            progress(len(chunk))
    if counts.created >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # The planner's statistics after a bulk load (autovacuum may come late, or be off):
        # without them it plans for the small table it last saw, and a key list of thousands
        # (the validity check) scans a million rows instead of the index.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Standard._meta.db_table)}")
    resolving = touched_keys + dangling_keys
    for chunk in sql_lists.chunks(sorted(set(resolving))):
        with transaction.atomic():
            _resolve_links(chunk)
    if counts.created or counts.updated or touched_keys:
        audit.record(
            actor=actor,
            action="catalog.import",
            message=f"导入 {file_name or source}",
            extra={"file": file_name, "source": source, **counts.__dict__, "rows": len(rows)},
        )
    return counts


def _import_chunk(
    chunk, counts, *, actor, source, file_name, now, org_ids
) -> tuple[list[str], list[str]]:
    """Write one chunk of an import (in the caller's transaction); returns the code keys whose
    replacement links may need resolving (none when the chunk changed nothing), and those of
    its links still unresolved (an interrupted earlier run)."""
    keys = [r["values"]["code_key"] for r in chunk]
    known = _existing_keys(keys)  # a plain query first: a fresh load finds none
    existing = {
        s.code_key: s
        for s in Standard.objects.filter(code_key__in=known).prefetch_related(
            "ics", "drafting_units"
        )
    }
    linking = [r["values"]["code_key"] for r in chunk if r["replaces"] or r["replaced_by"]]
    links_existing = {
        (link.old_key, link.new_key): link
        for link in StandardReplacement.objects.filter(
            Q(old_key__in=linking) | Q(new_key__in=linking)
        )
    }
    events = []
    changed_standards: list[Standard] = []
    old_status: dict[int, str] = {}
    relinked = False
    new_standards: list[tuple[dict, dict]] = []  # (values, row): no model instances
    for row in chunk:
        values = row["values"]
        standard = existing.get(values["code_key"])
        if standard is None:
            new_standards.append((values, row))
            continue
        before = audit.snapshot(standard, COMPARED_FIELDS)
        changed = [f for f in COMPARED_FIELDS if getattr(standard, f) != values[f]]
        ics_changed = {i.code for i in standard.ics.all()} != set(row["ics_codes"])
        units_changed = _units_of(standard) != row["drafting_units"]
        if not (changed or ics_changed or units_changed):
            counts.unchanged += 1
            continue
        old_status[standard.pk] = standard.status
        for name in changed:
            setattr(standard, name, values[name])
        standard.imported_at = now
        standard.save(update_fields=[*changed, "imported_at", "updated_at"])
        if ics_changed:
            standard.ics.set(row["ics_codes"])
        if units_changed:
            standard.drafting_units.all().delete()
            _create_units(standard, row["drafting_units"], org_ids)
        counts.updated += 1
        changed_standards.append(standard)
        events.append(
            audit.build(
                actor=actor,
                action="standard.import_update",
                obj=standard,
                before=before,
                after=audit.snapshot(standard, COMPARED_FIELDS),
                extra={"ics": ics_changed, "drafting_units": units_changed, "file": file_name},
            )
        )
    _insert_new(new_standards, source=source, now=now)
    with_related = [k for k, row in new_standards if row["ics_codes"] or row["drafting_units"]]
    new_ids = _ids_of([v["code_key"] for v in with_related])
    ics_through = Standard.ics.through
    ics_through.objects.bulk_create(
        [
            ics_through(standard_id=new_ids[v["code_key"]], icsclass_id=code)
            for v, row in new_standards
            for code in row["ics_codes"]
        ]
    )
    StandardDraftingOrganization.objects.bulk_create(
        [
            unit
            for v, row in new_standards
            if row["drafting_units"]
            for unit in _units(Standard(pk=new_ids[v["code_key"]]), row["drafting_units"], org_ids)
        ]
    )
    counts.created += len(new_standards)
    if new_standards:
        # One event per chunk of created records (not one per record: a bulk load of a
        # million rows would write a million snapshots nobody reads). It names the file
        # and every code it created; updates keep one event per record with the diff.
        events.append(
            audit.build(
                actor=actor,
                action="standard.import_create",
                message=f"导入新增 {len(new_standards)} 条（{file_name or source}）",
                extra={
                    "file": file_name,
                    "source": source,
                    "codes": [v["code"] for v, _ in new_standards],
                },
            )
        )
    new_links = []
    for row in chunk:
        code = row["code"]
        for old_key, old_code, new_key, new_code, partial in _links_wanted(row, code):
            link = links_existing.get((old_key, new_key))
            if link is None:
                link = StandardReplacement(
                    old_key=old_key,
                    old_code=old_code,
                    new_key=new_key,
                    new_code=new_code,
                    is_partial=partial,
                )
                links_existing[(old_key, new_key)] = link
                new_links.append(link)
            elif link.is_partial != partial:
                link.is_partial = partial
                relinked = True
                if link.pk is not None:  # a link declared earlier in this file is unsaved
                    link.save(update_fields=["is_partial"])
    StandardReplacement.objects.bulk_create(new_links)
    outbox.record_status([(s, old_status[s.pk]) for s in changed_standards])
    outbox.record_keys(outbox.Kind.CREATED, [v["code_key"] for v, _ in new_standards])
    audit.AuditEvent.objects.bulk_create(events)
    # Links of this chunk still unresolved (an import interrupted before its last step, the
    # resolution below, or a side not in the catalog yet): resolved at the end of this import
    # too, even when the chunk changed nothing (re-importing completes an interrupted import).
    dangling = [
        key
        for link in links_existing.values()
        if link.pk is not None and (link.old_id is None or link.new_id is None)
        for key in (link.old_key, link.new_key)
    ]
    if not (changed_standards or new_standards or new_links or relinked):
        return [], dangling
    outbox.record_links(new_links)
    return [*keys, *(k for link in new_links for k in (link.old_key, link.new_key))], dangling


def _max_params() -> int:
    """How many parameters one statement may carry on this database."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 30_000


def _existing_keys(keys: list[str]) -> list[str]:
    """Which of these code keys are in the catalog (plain SQL: the ORM's `__in` lookup prepares
    each of thousands of parameters one by one)."""
    return list(_ids_of(keys))


def _ids_of(keys: list[str]) -> dict[str, int]:
    table = connection.ops.quote_name(Standard._meta.db_table)
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        for chunk in sql_lists.chunks(keys):
            where, params = sql_lists.column_in("code_key", chunk)
            cursor.execute(f"SELECT code_key, id FROM {table} WHERE {where}", params)  # noqa: S608 (quoted name, bound values)
            ids.update(cursor.fetchall())
    return ids


def _copy_new_rows() -> bool:
    """PostgreSQL takes new rows through COPY: a multi-row INSERT of thousands of rows spent
    most of the import in the driver, splitting and binding its parameters."""
    return connection.vendor == "postgresql"


def _insert_new(new_standards: list[tuple[dict, dict]], *, source: str, now) -> None:
    """Insert new standards (cleaned values) as plain tuples, converted per column the way the
    fields would convert them (the ORM's bulk_create spent most of the import preparing every
    field of every model instance): with COPY on PostgreSQL, else one multi-row INSERT per
    batch. Both paths write the same values (catalog/tests/test_import_services.py)."""
    if not new_standards:
        return
    fields = [f for f in Standard._meta.concrete_fields if not f.primary_key]
    constant = {
        "created_at": now,
        "updated_at": now,
        "imported_at": now,
        "source": source,
        "is_public": True,
        "view_count": 0,
        "full_text": "",
    }
    defaults = {f.attname: f.get_default() for f in fields}
    converters = []
    for f in fields:
        if f.attname in constant:
            value = f.get_db_prep_save(constant[f.attname], connection)
            converters.append((None, value))
        elif f.get_internal_type() in ("CharField", "TextField", "BooleanField", "ForeignKey"):
            converters.append((f.attname, None))
        elif f.get_internal_type() == "DateField":
            converters.append((f.attname, connection.ops.adapt_datefield_value))
        else:  # dates, JSON: as the field prepares them
            converters.append((f.attname, lambda v, f=f: f.get_db_prep_save(v, connection)))

    def row(values: dict) -> list:
        out = []
        for attname, convert in converters:
            if attname is None:
                out.append(convert)
            elif convert is None:
                out.append(values.get(attname, defaults[attname]))
            else:
                out.append(convert(values.get(attname, defaults[attname])))
        return out

    table = connection.ops.quote_name(Standard._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if _copy_new_rows():
            # psycopg 3's COPY, in the caller's transaction (the wrapper's driver cursor).
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values, _row in new_standards:
                    copy.write_row(row(values))
            return
        per_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        batch = max(1, min(1_000, _max_params() // len(fields)))
        for start in range(0, len(new_standards), batch):
            chunk = new_standards[start : start + batch]
            params = [value for values, _row in chunk for value in row(values)]
            placeholders = ", ".join([per_row] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {placeholders}"  # noqa: S608 (quoted names, bound values)
            cursor.execute(sql, params)


def _units(standard: Standard, units, org_ids) -> list[StandardDraftingOrganization]:
    return [
        StandardDraftingOrganization(
            standard=standard,
            position=i + 1,
            name=name,
            role=role,
            organization_id=org_ids.get(name),
        )
        for i, (name, role) in enumerate(units)
    ]


def _create_units(standard: Standard, units, org_ids) -> None:
    StandardDraftingOrganization.objects.bulk_create(_units(standard, units, org_ids))


def _after_fix(standard: Standard, old_status: str) -> None:
    """The index and followers hear of a fix through the outbox, like any catalog write."""
    outbox.record_status([(standard, old_status)])


@transaction.atomic
def standard_status_recompute(*, standard: Standard, actor, today=None) -> bool:
    """Set a standard's status to what its dates say (the bureau's data-quality list); returns
    whether it changed."""
    from catalog.validation import derive_status

    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    status = derive_status(
        given=standard.status,
        implement_date=standard.implement_date,
        abolish_date=standard.abolish_date,
        issue_date=standard.issue_date,
        today=today or timezone.localdate(),
    )
    if status == standard.status:
        return False
    before = audit.snapshot(standard, ["status"])
    standard.status = status
    standard.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="standard.status_recompute",
        obj=standard,
        before=before,
        after=audit.snapshot(standard, ["status"]),
    )
    _after_fix(standard, before["status"])
    return True


FIXED_FIELDS = ("issue_date", "implement_date", "abolish_date", "status", "raw_values")


@transaction.atomic
def standard_data_fix(
    *,
    standard: Standard,
    actor,
    issue_date,
    implement_date,
    abolish_date,
    status=None,
    clear_raw: bool = False,
    today=None,
) -> Standard:
    """Correct a standard's dates (and so its status) from the data-quality list. The dates
    must be in order; the status follows them, the given one deciding only what they cannot."""
    from django.core.exceptions import ValidationError

    from catalog.validation import check_dates, derive_status

    errors = check_dates(issue_date, implement_date, abolish_date)
    if errors:
        raise ValidationError(errors)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    derived = derive_status(
        given=status or standard.status,
        implement_date=implement_date,
        abolish_date=abolish_date,
        issue_date=issue_date,
        today=today or timezone.localdate(),
    )
    before = audit.snapshot(standard, FIXED_FIELDS)
    standard.issue_date, standard.implement_date = issue_date, implement_date
    standard.abolish_date, standard.status = abolish_date, derived
    if clear_raw:
        standard.raw_values = {}
    after = audit.snapshot(standard, FIXED_FIELDS)
    changed = [f for f in FIXED_FIELDS if before[f] != after[f]]
    if not changed:
        return standard
    standard.save(update_fields=[*changed, "updated_at"])
    audit.record(actor=actor, action="standard.data_fix", obj=standard, before=before, after=after)
    _after_fix(standard, before["status"])
    return standard


# The lifecycle of an uploaded import file (ImportBatch): previewed (or failed), then committed
# once. The importer reads and validates the rows; these record the batch and its audit.


class ImportBatchCommitted(ValidationError):
    """The batch was committed already (a second click, another tab): nothing to do."""

    def __init__(self):
        super().__init__("该文件已导入或正在导入，无需重复确认", code="already_committed")


@transaction.atomic
def import_batch_create(*, file_name: str, raw: bytes, preview, actor) -> ImportBatch:
    """Keep an uploaded file and what its preview found, for the uploader to confirm."""
    batch = ImportBatch(
        uploaded_by=actor,
        file_name=file_name,
        state=ImportBatch.State.PREVIEWED if preview.ok else ImportBatch.State.FAILED,
        total_rows=preview.total_rows,
        error_count=len(preview.rejected_lines),
    )
    batch.file.save(f"{timezone.now():%Y%m%d%H%M%S}-{file_name}", ContentFile(raw), save=False)
    batch.save()
    audit.record(
        actor=actor,
        action="catalog.import_upload",
        obj=batch,
        extra={"rows": preview.total_rows, "errors": len(preview.rejected_lines)},
    )
    return batch


# A batch left "committing" by a killed process may be confirmed again after this long.
STALE_COMMITTING = dt.timedelta(minutes=10)


def import_batch_commit(
    *, batch: ImportBatch, actor, skipped: int, run: Callable[[], ImportCounts]
) -> ImportCounts:
    """Commit a previewed batch once. The batch is claimed in a short transaction, then `run`
    (`importer.commit_import`, which commits its rows in chunks so readers are never locked out
    for the whole file) writes the rows outside it; a batch already committed or being committed
    raises ImportBatchCommitted and writes nothing. A failed run leaves the batch to confirm again
    (the import is an upsert by code, so a second run gives the same result)."""
    with transaction.atomic():
        claimed = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        stale = timezone.now() - STALE_COMMITTING
        if claimed.state == ImportBatch.State.COMMITTED or (
            claimed.state == ImportBatch.State.COMMITTING and claimed.updated_at > stale
        ):
            raise ImportBatchCommitted
        previous = claimed.state
        claimed.state = ImportBatch.State.COMMITTING
        claimed.save(update_fields=["state", "updated_at"])
    try:
        counts = run()
    except BaseException:
        ImportBatch.objects.filter(pk=batch.pk).update(state=previous, updated_at=timezone.now())
        raise
    with transaction.atomic():
        claimed.state = ImportBatch.State.COMMITTED
        claimed.result = {**counts.__dict__, "skipped": skipped}
        claimed.save(update_fields=["state", "result", "updated_at"])
        audit.record(actor=actor, action="catalog.import_commit", obj=claimed, extra=claimed.result)
    batch.state, batch.result = claimed.state, claimed.result
    return counts

"""Hand-written SQL for the engine's hot path, and only for it (docs/performance.md, "Engine").

Each statement here does in one round trip what the ORM does in several, or skips the ORM's
per-call query compilation where a step pays for it on every call. Values go in through the
fields' own get_db_prep_save and come out through the same converters the ORM applies, so the
rows read and written are exactly the ORM's; the tests run every statement on SQLite and on
PostgreSQL (tertib/cases/tests/test_fastpath.py).
"""

import contextlib
import functools

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.base import ModelState

from tertib.cases.models import Case, Register, RegisterCounter, StepRecord
from tertib.org.models import Assignment, Office, Position
from tertib.sop.models import SOURCE_FIELDS, SopVersion

# The rows the lock statement reads, in order; the SOP's source stays out (its parsed
# definition is cached by content hash).
LOCKED_ROWS = [
    ("c", Case, ()),
    ("o", Office, ()),
    ("v", SopVersion, tuple(SOURCE_FIELDS)),
    ("r", StepRecord, ()),
    ("a", Assignment, ()),
    ("p", Position, ()),
]


# Only these fields' values change on their way to the database; the rest (text, numbers,
# foreign keys' ids) go as they are, which spares a call per field per row.
PREPARED = {"DateTimeField", "DateField", "JSONField"}


def _db():
    """The connection itself: each attribute read through django.db.connection costs a lookup
    of the thread's connection, and the hot path reads a few hundred."""
    return connections[DEFAULT_DB_ALIAS]


@contextlib.contextmanager
def _executed(db, sql: str, params: list):
    """A cursor that ran the statement.

    Through Django's cursor when statements are being logged (DEBUG, CaptureQueriesContext), so
    that they are seen and counted; else on the driver's own cursor, with Django's translation
    of its errors: the wrapper (placeholders rewritten by a regex on SQLite, execute wrappers)
    costs more than SQLite's answer to these short statements."""
    if db.queries_logged:
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            yield cursor
        return
    db.ensure_connection()
    with db.wrap_database_errors:
        cursor = _driver_cursor(db)
        try:
            if db.vendor == "postgresql":
                cursor.execute(sql, params, prepare=True)
            else:
                cursor.execute(_driver_sql(db.vendor, sql), params)
            yield cursor
        finally:
            cursor.close()


def _driver_cursor(db):
    """On PostgreSQL a cursor that binds on the server, so that each statement is prepared once
    per connection: planning the lock statement's six-table join took longer than running it.
    SQLite's own cursor otherwise."""
    if db.vendor == "postgresql":
        import psycopg

        if db.connection.prepare_threshold is None:
            # Django leaves psycopg's preparing off; its own cursors bind on the client and never
            # prepare, so this turns it on for these statements alone.
            db.connection.prepare_threshold = 0
        return psycopg.Cursor(db.connection)
    return db.connection.cursor()


@functools.cache
def _driver_sql(vendor: str, sql: str) -> str:
    return sql.replace("%s", "?") if vendor == "sqlite" else sql


@functools.cache
def _fields(model: type[Model], skip: tuple[str, ...] = ()) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in skip]


@functools.cache
def _attnames(model: type[Model], skip: tuple[str, ...] = ()) -> list[str]:
    return [f.attname for f in _fields(model, skip)]


@functools.cache
def _converters(vendor: str, model: type[Model], skip: tuple[str, ...]) -> list[tuple]:
    """Per column, the converters the ORM's compiler would apply to it (SQLite returns moments
    naive and JSON as text; the ORM makes them what the fields hold)."""
    db, result = _db(), []
    for field in _fields(model, skip):
        column = field.get_col(model._meta.db_table)
        converters = db.ops.get_db_converters(column) + column.get_db_converters(db)
        result.append((column, converters))
    return result


# Rows read on every step that seldom change (an office, an SOP version, a position): each
# distinct row is made into a model once and copied after, which costs a tenth of making it.
# Their fields are all plain values, so a copy shares nothing that could be changed in place.
SELDOM_CHANGED = (Office, SopVersion, Position)
_MADE: dict[tuple, Model] = {}


def _model(db, model: type[Model], skip: tuple[str, ...], values: tuple) -> Model | None:
    """An instance as the ORM would have made it from these column values; None for the
    missing side of an outer join."""
    if values[0] is None:
        return None
    if model not in SELDOM_CHANGED:
        return _made(db, model, skip, values)
    key = (model, skip, tuple(values))
    try:
        made = _MADE.get(key)
    except TypeError:  # a field holding a list or a dict: made anew
        return _made(db, model, skip, values)
    if made is None:
        if len(_MADE) > 1000:  # rows edited often enough to pile up: start again
            _MADE.clear()
        made = _MADE[key] = _made(db, model, skip, values)
    return _copy(made)


def _copy(row: Model) -> Model:
    copy = type(row).__new__(type(row))
    copy.__dict__.update(row.__dict__)
    copy._state = ModelState()
    copy._state.adding, copy._state.db = False, row._state.db
    return copy


def _made(db, model: type[Model], skip: tuple[str, ...], values: tuple) -> Model:
    converted = list(values)
    for index, (column, converters) in enumerate(_converters(db.vendor, model, skip)):
        for converter in converters:
            converted[index] = converter(converted[index], column, db)
    return model.from_db(db.alias, _attnames(model, skip), converted)


def _prepared(db, row: Model, fields: list) -> list:
    return [
        f.get_db_prep_save(getattr(row, f.attname), db)
        if f.get_internal_type() in PREPARED
        else getattr(row, f.attname)
        for f in fields
    ]


@functools.cache
def _lock_sql(vendor: str) -> str:
    db = _db()
    columns = ", ".join(
        f'{alias}."{field.column}"'
        for alias, model, skip in LOCKED_ROWS
        for field in _fields(model, skip)
    )
    # One statement reads the case row, its office and SOP version, the step record asked for
    # and the actor's assignments to that record's position: the ORM needs three queries (the
    # case, the record, the assignment). PostgreSQL locks the case row and the record until the
    # transaction ends: both, because a statement that waited for a lock sees the newest
    # version of the rows it locks only (the record must be seen as the step that went first
    # left it). SQLite has no row locks, and its IMMEDIATE transaction (settings) holds the one
    # write lock of the whole database from BEGIN, which serialises steps as surely.
    lock = " FOR UPDATE OF c, r" if db.features.has_select_for_update_of else ""
    return (
        f"SELECT {columns} FROM {Case._meta.db_table} c"
        f" JOIN {Office._meta.db_table} o ON o.id = c.office_id"
        f" JOIN {SopVersion._meta.db_table} v ON v.id = c.sop_version_id"
        f" JOIN {StepRecord._meta.db_table} r ON r.id = %s AND r.case_id = c.id"
        f" LEFT JOIN {Position._meta.db_table} p"
        f" ON p.office_id = c.office_id AND p.kode = r.pelaksana"
        f" LEFT JOIN {Assignment._meta.db_table} a ON a.position_id = p.id AND a.user_id = %s"
        f" WHERE c.id = %s{lock}"
    )


def lock_step(
    *, case_id: int, record_id: int, actor_id: int | None
) -> tuple[Case, StepRecord, list[Assignment]] | None:
    """The case and the step record locked, with the case's office and version and the actor's
    assignments (any dates) to the record's position; None unless the record is the case's."""
    db = _db()
    with _executed(db, _lock_sql(db.vendor), [record_id, actor_id, case_id]) as cursor:
        rows = cursor.fetchall()
    if not rows:
        return None
    case, office, version, record = (
        _model(db, model, skip, values)
        for (_alias, model, skip), values in zip(LOCKED_ROWS[:4], _split(rows[0]), strict=False)
    )
    case._state.fields_cache.update(office=office, sop_version=version)
    record._state.fields_cache["case"] = case
    return case, record, [a for row in rows if (a := _assignment(db, row)) is not None]


def _split(row: tuple) -> list[tuple]:
    parts, start = [], 0
    for _alias, model, skip in LOCKED_ROWS:
        width = len(_fields(model, skip))
        parts.append(row[start : start + width])
        start += width
    return parts


def _assignment(db, row: tuple) -> Assignment | None:
    *_, assignment_values, position_values = _split(row)
    assignment = _model(db, Assignment, (), assignment_values)
    if assignment is not None:
        assignment._state.fields_cache["position"] = _model(db, Position, (), position_values)
    return assignment


@functools.cache
def _insert_sql(vendor: str, model: type[Model]) -> str:
    fields = _fields(model, ("id",))
    columns = ", ".join(f'"{f.column}"' for f in fields)
    returning = ' RETURNING "id"' if _db().features.can_return_columns_from_insert else ""
    return (
        f"INSERT INTO {model._meta.db_table} ({columns})"
        f" VALUES ({', '.join(['%s'] * len(fields))}){returning}"
    )


def insert(row: Model) -> Model:
    """Write a new row of a step record or an audit event; sets its pk.

    Model.save() would do the same INSERT after building it anew on every call, with signals
    and checks the engine's own rows do not use."""
    db = _db()
    values = _prepared(db, row, _fields(type(row), ("id",)))
    with _executed(db, _insert_sql(db.vendor, type(row)), values) as cursor:
        if db.features.can_return_columns_from_insert:
            row.pk = cursor.fetchone()[0]
        else:
            row.pk = cursor.lastrowid
    row._state.adding, row._state.db = False, db.alias
    return row


@functools.cache
def _update_sql(vendor: str, model: type[Model], names: tuple[str, ...], guard: bool) -> str:
    fields = [model._meta.get_field(name) for name in names]
    sets = ", ".join(f'"{f.column}" = %s' for f in fields)
    # The guard: the case's chain head must still be the one this copy of the case holds.
    where = ' AND "audit_count" = %s' if guard else ""
    return f'UPDATE {model._meta.db_table} SET {sets} WHERE "id" = %s{where}'


def update(row: Model, names: list[str], *, audit_count: int | None = None) -> bool:
    """Write these fields of the row in one UPDATE, as save(update_fields=…) would without its
    per-call compilation. For a case, audit_count makes the UPDATE happen only if the row's
    chain is still at that count; returns whether a row was written."""
    db, guard = _db(), audit_count is not None
    values = _prepared(db, row, [type(row)._meta.get_field(name) for name in names])
    values.append(row.pk)
    if guard:
        values.append(audit_count)
    with _executed(db, _update_sql(db.vendor, type(row), tuple(names), guard), values) as cursor:
        return cursor.rowcount == 1


@functools.cache
def _assignments_sql(vendor: str) -> str:
    columns = ", ".join(
        f'{alias}."{field.column}"'
        for alias, model in (("a", Assignment), ("p", Position))
        for field in _fields(model)
    )
    # The ORM's assignment_for() compiles a join with a date filter on every call; the engine
    # takes the dates in Python (engine._signature_title), as it does from lock_step's rows.
    return (
        f"SELECT {columns} FROM {Assignment._meta.db_table} a"
        f" JOIN {Position._meta.db_table} p ON p.id = a.position_id"
        f" WHERE a.user_id = %s AND p.office_id = %s AND p.kode = %s"
    )


def assignments(*, actor_id: int | None, office_id: int, kode: str) -> list[Assignment]:
    """The actor's assignments (any dates) to the office's position with that kode."""
    db = _db()
    with _executed(db, _assignments_sql(db.vendor), [actor_id, office_id, kode]) as cursor:
        rows = cursor.fetchall()
    width = len(_fields(Assignment))
    found = []
    for row in rows:
        assignment = _model(db, Assignment, (), row[:width])
        assignment._state.fields_cache["position"] = _model(db, Position, (), row[width:])
        found.append(assignment)
    return found


@functools.cache
def _next_number_sql(vendor: str) -> str:
    table = RegisterCounter._meta.db_table
    # One statement takes the next number and keeps the counter row locked until the step's
    # transaction ends (gap-free: a rollback gives the number back), where the ORM needs three
    # (get_or_create, select_for_update, save). Both databases know this upsert.
    return (
        f"INSERT INTO {table} (register_id, year, last_number) VALUES (%s, %s, 1)"
        f" ON CONFLICT (register_id, year)"
        f" DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number"
    )


def next_number(*, register_id: int, year: int) -> int:
    """The register's next number for the year (1 for its first)."""
    db = _db()
    with _executed(db, _next_number_sql(db.vendor), [register_id, year]) as cursor:
        return cursor.fetchone()[0]


@functools.cache
def _register_sql(vendor: str) -> str:
    columns = ", ".join(f'"{field.column}"' for field in _fields(Register))
    # The step that takes a number looks its register up on every call; the ORM compiles the
    # lookup anew each time, which costs more than the database's answer.
    return f"SELECT {columns} FROM {Register._meta.db_table} WHERE office_id = %s AND kode = %s"


def register(*, office_id: int, kode: str) -> Register | None:
    """The office's register with that kode, if it has one."""
    db = _db()
    with _executed(db, _register_sql(db.vendor), [office_id, kode]) as cursor:
        row = cursor.fetchone()
    return None if row is None else _model(db, Register, (), row)


@functools.cache
def _last_record_sql(vendor: str, steps: int) -> str:
    user = get_user_model()
    columns = ", ".join(
        f'{alias}."{field.column}"'
        for alias, model in (("r", StepRecord), ("u", user))
        for field in _fields(model)
    )
    # The step that issues a document reads who signed it; the ORM compiles this join anew on
    # every call, which costs more than the database's answer.
    return (
        f"SELECT {columns} FROM {StepRecord._meta.db_table} r"
        f" JOIN {user._meta.db_table} u ON u.id = r.completed_by_id"
        f" WHERE r.case_id = %s AND r.outcome = %s AND r.step_no IN ({', '.join(['%s'] * steps)})"
        f" ORDER BY r.id DESC LIMIT 1"
    )


def last_record(*, case_id: int, step_nos: list[int], outcome: str) -> StepRecord | None:
    """The case's latest record of those steps with that outcome, with who completed it."""
    if not step_nos:
        return None
    db, user = _db(), get_user_model()
    sql = _last_record_sql(db.vendor, len(step_nos))
    with _executed(db, sql, [case_id, outcome, *step_nos]) as cursor:
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(_fields(StepRecord))
    record = _model(db, StepRecord, (), row[:width])
    record._state.fields_cache["completed_by"] = _model(db, user, (), row[width:])
    return record


@functools.cache
def _update_and_insert_sql(
    vendor: str, model: type[Model], names: tuple[str, ...], new, guard: bool
) -> str:
    fields = _fields(new, ("id",))
    columns = ", ".join(f'"{f.column}"' for f in fields)
    # PostgreSQL runs both in one round trip (a step's finished record and the next one; a
    # case's chain head and its event); the new row is written only if the UPDATE wrote its
    # row (a guarded chain head that moved meanwhile: the caller reads the head again).
    return (
        f"WITH moved AS ({_update_sql(vendor, model, names, guard)} RETURNING 1)"
        f" INSERT INTO {new._meta.db_table} ({columns})"
        f' SELECT {", ".join(["%s"] * len(fields))} FROM moved RETURNING "id"'
    )


def update_and_insert(
    row: Model, names: list[str], new: Model, *, audit_count: int | None = None
) -> bool:
    """update(row, names, audit_count=…), then insert(new) if it wrote the row; True if both
    happened. One statement on PostgreSQL, two elsewhere."""
    db, guard = _db(), audit_count is not None
    if db.vendor != "postgresql":
        return update(row, names, audit_count=audit_count) and bool(insert(new))
    values = _prepared(db, row, [type(row)._meta.get_field(name) for name in names])
    values += [row.pk, *([audit_count] if guard else [])]
    values += _prepared(db, new, _fields(type(new), ("id",)))
    sql = _update_and_insert_sql(db.vendor, type(row), tuple(names), type(new), guard)
    with _executed(db, sql, values) as cursor:
        found = cursor.fetchone()
    if found is None:
        return False
    new.pk = found[0]
    new._state.adding, new._state.db = False, db.alias
    return True

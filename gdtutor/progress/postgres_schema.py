"""The PostgreSQL layout of the progress store and its forward migrations.

One database holds every learner: each table carries a ``learner`` column. The schema version is the one row
of ``gdtutor_schema``; ``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1`` (a fresh database
is version 0). A database whose version is higher than this gdtutor knows is refused and never touched.

``attempts`` is append-only, enforced twice by the database: a trigger raises on UPDATE, DELETE and TRUNCATE
whoever the user is, and the role servers connect as (``gdtutor_app``, see docs/deploy.md) is granted only
SELECT and INSERT on it. ``writes`` holds the id of every learner action already applied, so an action
replayed after a lost acknowledgement (the connection dropped during COMMIT) is applied once.

``gdtutor class forget`` (version 2) archives a learner without deleting a row: it records a new name in
``forgotten`` and renames the learner's rows to it, the one UPDATE the attempts trigger lets through (only
the ``learner`` column, only to a name ``forgotten`` holds for the old one). Only the owner can: the app
role has no UPDATE on attempts and no INSERT on ``forgotten``. Readers leave archived names out.

Who is connected now (version 3) is kept here too, so that the teacher sees every server sharing the
database: ``live_servers`` holds a row per ``gdtutor serve`` with its heartbeat, ``live_sessions`` a row per
learner session it runs (see ``gdtutor.progress.postgres_live``). They are no part of any learner's record.
"""

from __future__ import annotations

from typing import Any

from gdtutor.progress.schema import FutureSchemaError

APP_ROLE = "gdtutor_app"  # what servers connect as
TEACHER_ROLE = "gdtutor_teacher"  # what `gdtutor class report` may connect as: reads, never writes
MIGRATION_LOCK = 0x6764_7475  # pg_advisory_xact_lock key: servers starting together migrate one at a time

_VERSION_1 = """
CREATE TABLE gdtutor_schema (version integer NOT NULL);
INSERT INTO gdtutor_schema (version) VALUES (0);

CREATE TABLE attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    learner text NOT NULL,
    time timestamptz NOT NULL,
    lesson_id text NOT NULL,
    step_id text NOT NULL,
    seed bigint,                        -- the variant the learner saw
    answer text NOT NULL,               -- exactly as typed
    verdict text NOT NULL,              -- correct | almost | wrong | invalid | ...
    mistake_id text,
    hints_used integer NOT NULL DEFAULT 0,
    first_attempt boolean NOT NULL,     -- the first answer to this step in this visit
    skills jsonb NOT NULL DEFAULT '[]', -- list of skill ids
    context text NOT NULL DEFAULT 'lesson'  -- lesson | practice (practice changes mastery, not progress)
);
CREATE INDEX attempts_by_learner ON attempts (learner, id);

CREATE FUNCTION gdtutor_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'attempts are append-only' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER attempts_no_update_or_delete BEFORE UPDATE OR DELETE ON attempts
    FOR EACH ROW EXECUTE FUNCTION gdtutor_append_only();
CREATE TRIGGER attempts_no_truncate BEFORE TRUNCATE ON attempts
    FOR EACH STATEMENT EXECUTE FUNCTION gdtutor_append_only();

CREATE TABLE writes (
    uid uuid PRIMARY KEY,
    learner text NOT NULL,
    time timestamptz NOT NULL
);

CREATE TABLE step_state (
    learner text NOT NULL,
    lesson_id text NOT NULL,
    step_id text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    attempts integer NOT NULL DEFAULT 0,
    updated timestamptz NOT NULL,
    PRIMARY KEY (learner, lesson_id, step_id)
);
CREATE TABLE lesson_state (
    learner text NOT NULL,
    lesson_id text NOT NULL,
    current_step text,
    updated timestamptz NOT NULL,
    PRIMARY KEY (learner, lesson_id)
);
CREATE TABLE skill_state (
    learner text NOT NULL,
    skill text NOT NULL,
    p_known double precision NOT NULL,
    observations integer NOT NULL DEFAULT 0,
    right_count integer NOT NULL DEFAULT 0,
    updated timestamptz NOT NULL,
    PRIMARY KEY (learner, skill)
);
CREATE TABLE learner_meta (
    learner text NOT NULL,
    key text NOT NULL,                  -- last_lesson
    value text,
    PRIMARY KEY (learner, key)
);

CREATE TABLE resets (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    learner text NOT NULL,
    time timestamptz NOT NULL,
    lesson_id text,                     -- NULL: everything was reset
    last_attempt_id bigint              -- the learner's attempts up to this id came before the reset
);
CREATE TABLE archived_step_state (
    reset_id bigint NOT NULL REFERENCES resets (id),
    lesson_id text NOT NULL,
    step_id text NOT NULL,
    done boolean NOT NULL,
    attempts integer NOT NULL,
    updated timestamptz NOT NULL
);
CREATE INDEX archived_step_state_by_reset ON archived_step_state (reset_id);
CREATE TABLE archived_lesson_state (
    reset_id bigint NOT NULL REFERENCES resets (id),
    lesson_id text NOT NULL,
    current_step text,
    updated timestamptz NOT NULL
);
CREATE TABLE archived_skill_state (
    reset_id bigint NOT NULL REFERENCES resets (id),
    skill text NOT NULL,
    p_known double precision NOT NULL,
    observations integer NOT NULL,
    right_count integer NOT NULL,
    updated timestamptz NOT NULL
);
"""

_VERSION_2 = """
CREATE TABLE forgotten (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    learner text NOT NULL,              -- the name the learner had
    archived_as text NOT NULL UNIQUE,   -- the name their rows carry since
    time timestamptz NOT NULL
);

CREATE OR REPLACE FUNCTION gdtutor_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) - 'learner' = to_jsonb(OLD) - 'learner' AND EXISTS (
        SELECT 1 FROM forgotten WHERE learner = OLD.learner AND archived_as = NEW.learner
    ) THEN
        RETURN NEW;  -- a learner archived by gdtutor class forget: renamed, nothing else changed
    END IF;
    RAISE EXCEPTION 'attempts are append-only' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""

_VERSION_3 = """
CREATE TABLE live_servers (
    id uuid PRIMARY KEY,                -- a fresh id each time a server starts
    host text NOT NULL,
    pid integer NOT NULL,
    started timestamptz NOT NULL,       -- when the server started, by its own clock
    beat_seconds double precision NOT NULL,  -- how often it promised a heartbeat
    heartbeat timestamptz NOT NULL,     -- its last heartbeat, by the database's clock
    stopped timestamptz                 -- set when it stopped cleanly
);
CREATE TABLE live_sessions (
    server_id uuid NOT NULL REFERENCES live_servers (id) ON DELETE CASCADE,
    session_pid integer NOT NULL,
    learner text NOT NULL,
    since timestamptz NOT NULL,
    PRIMARY KEY (server_id, session_pid)
);
"""

# A learner action as one statement (see gdtutor.progress.postgres): the function does what the action's
# statements did one by one, with the invoker's rights (the app role's: appending to attempts, never changing
# them). Its statements' plans are kept for the session, so the server plans them once per connection.
_VERSION_4 = """
CREATE FUNCTION gdtutor_bkt_update(known float8, answered_right boolean, slip float8, guess float8,
                                   transit float8) RETURNS float8 LANGUAGE plpgsql IMMUTABLE AS $$
-- gdtutor.progress.mastery.update: the same double operations in the same order, so that the same double
-- comes out as in the session's own copy
DECLARE
    if_known float8 := CASE WHEN answered_right THEN 1 - slip ELSE slip END;
    if_unknown float8 := CASE WHEN answered_right THEN guess ELSE 1 - guess END;
    evidence_known float8 := known * if_known;
    total float8 := evidence_known + (1 - known) * if_unknown;
    posterior float8 := CASE WHEN total = 0 THEN known ELSE evidence_known / total END;
BEGIN
    RETURN posterior + (1 - posterior) * transit;
END
$$;

CREATE FUNCTION gdtutor_act(
    act_uid uuid, act_learner text, act_time timestamptz,
    -- the attempt (act_step NULL: none), whether it counts as an attempt at its step, and what it says about
    -- its skills (NULL: no evidence), with each skill's parameters
    act_lesson text, act_step text, act_seed bigint, act_answer text, act_verdict text, act_mistake text,
    act_hints integer, act_first boolean, act_skills text[], act_context text, act_counts boolean,
    act_right boolean, act_init float8[], act_slip float8[], act_guess float8[], act_transit float8[],
    -- the lesson's state (state_lesson NULL: unchanged): steps done, and the current step if set_current
    state_lesson text, done_steps text[], set_current boolean, act_current text
) RETURNS bigint LANGUAGE plpgsql AS $$
-- One learner action; the new attempt's id. NULL when the action was applied already (its id is in
-- writes: replayed after its acknowledgement was lost) or has no attempt.
DECLARE
    attempt_id bigint;
    last_lesson text;
    done_step text;
BEGIN
    INSERT INTO writes (uid, learner, time) VALUES (act_uid, act_learner, act_time) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF act_step IS NOT NULL THEN
        INSERT INTO attempts (learner, time, lesson_id, step_id, seed, answer, verdict, mistake_id,
                              hints_used, first_attempt, skills, context)
            VALUES (act_learner, act_time, act_lesson, act_step, act_seed, act_answer, act_verdict,
                    act_mistake, act_hints, act_first, to_jsonb(act_skills), act_context)
            RETURNING id INTO attempt_id;
        IF act_counts THEN
            INSERT INTO step_state AS s (learner, lesson_id, step_id, attempts, updated)
                VALUES (act_learner, act_lesson, act_step, 1, act_time)
                ON CONFLICT (learner, lesson_id, step_id)
                DO UPDATE SET attempts = s.attempts + 1, updated = excluded.updated;
        END IF;
        IF act_context = 'lesson' THEN
            last_lesson := act_lesson;
        END IF;
        IF act_right IS NOT NULL THEN
            FOR i IN 1 .. coalesce(cardinality(act_skills), 0) LOOP
                INSERT INTO skill_state AS k (learner, skill, p_known, observations, right_count, updated)
                    VALUES (act_learner, act_skills[i],
                            gdtutor_bkt_update(act_init[i], act_right, act_slip[i], act_guess[i],
                                               act_transit[i]),
                            1, act_right::integer, act_time)
                    ON CONFLICT (learner, skill) DO UPDATE SET
                        p_known = gdtutor_bkt_update(k.p_known, act_right, act_slip[i], act_guess[i],
                                                     act_transit[i]),
                        observations = k.observations + 1, right_count = k.right_count + excluded.right_count,
                        updated = excluded.updated;
            END LOOP;
        END IF;
    END IF;
    IF state_lesson IS NOT NULL THEN
        FOREACH done_step IN ARRAY done_steps LOOP
            INSERT INTO step_state AS s (learner, lesson_id, step_id, done, updated)
                VALUES (act_learner, state_lesson, done_step, true, act_time)
                ON CONFLICT (learner, lesson_id, step_id)
                DO UPDATE SET done = true, updated = excluded.updated;
        END LOOP;
        IF set_current THEN
            INSERT INTO lesson_state AS l (learner, lesson_id, current_step, updated)
                VALUES (act_learner, state_lesson, act_current, act_time)
                ON CONFLICT (learner, lesson_id)
                DO UPDATE SET current_step = excluded.current_step, updated = excluded.updated;
        END IF;
        last_lesson := state_lesson;
    END IF;
    IF last_lesson IS NOT NULL THEN
        INSERT INTO learner_meta AS m (learner, key, value) VALUES (act_learner, 'last_lesson', last_lesson)
            ON CONFLICT (learner, key) DO UPDATE SET value = excluded.value;
    END IF;
    RETURN attempt_id;
END
$$;
"""

MIGRATIONS: tuple[str, ...] = (_VERSION_1, _VERSION_2, _VERSION_3, _VERSION_4)
SCHEMA_VERSION = len(MIGRATIONS)

# What the app role may do: append to the record, change derived state, nothing else
APPEND_ONLY_TABLES = (
    "attempts", "writes", "resets", "archived_step_state", "archived_lesson_state", "archived_skill_state",
)  # fmt: skip
DERIVED_TABLES = ("step_state", "lesson_state", "skill_state", "learner_meta")
LIVE_TABLES = ("live_servers", "live_sessions")  # who is connected now: each server keeps its own rows
READ_ONLY_TABLES = ("gdtutor_schema", "forgotten")  # for the app role
LEARNER_TABLES = ("attempts", "writes", "resets", *DERIVED_TABLES)  # every table with a learner column


def schema_version(cursor: Any) -> int:
    """The database's schema version: 0 when it has no gdtutor tables yet."""
    if cursor.execute("SELECT to_regclass('gdtutor_schema')").fetchone()[0] is None:
        return 0
    return int(cursor.execute("SELECT version FROM gdtutor_schema").fetchone()[0])


def migrate(cursor: Any, where: str) -> None:
    """Bring the database up to ``SCHEMA_VERSION`` inside the caller's transaction.

    Raises FutureSchemaError, changing nothing, when the database is newer than this gdtutor. Servers that
    start together queue on an advisory lock, and each reads the version only once it holds the lock.
    """
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
    found = schema_version(cursor)
    if found > SCHEMA_VERSION:
        raise FutureSchemaError(where, found, SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return
    for script in MIGRATIONS[found:]:
        cursor.execute(script)
    cursor.execute("UPDATE gdtutor_schema SET version = %s", (SCHEMA_VERSION,))
    _grant_roles(cursor)


def _grant_roles(cursor: Any) -> None:
    """Give the roles that exist only what they need: see docs/deploy.md."""
    tables = (*READ_ONLY_TABLES, *APPEND_ONLY_TABLES, *DERIVED_TABLES, *LIVE_TABLES)
    if _role_exists(cursor, APP_ROLE):
        cursor.execute(f"GRANT SELECT ON {', '.join(READ_ONLY_TABLES)} TO {APP_ROLE}")
        cursor.execute(f"GRANT SELECT, INSERT ON {', '.join(APPEND_ONLY_TABLES)} TO {APP_ROLE}")
        changed = (*DERIVED_TABLES, *LIVE_TABLES)
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(changed)} TO {APP_ROLE}")
    if _role_exists(cursor, TEACHER_ROLE):
        cursor.execute(f"GRANT SELECT ON {', '.join(tables)} TO {TEACHER_ROLE}")


def _role_exists(cursor: Any, role: str) -> bool:
    return cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None

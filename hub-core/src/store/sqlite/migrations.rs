//! The schema, as an append-only list of migrations. Never edit a released
//! migration: add a new `M::up` at the end instead, so existing hub data dirs
//! upgrade in place.

use rusqlite_migration::{M, Migrations};

/// Status columns carry CHECK constraints mirroring the enums in `m3shd-api`
/// so that a bug in the hub can never persist a status the wire cannot name.
const V1: &str = r#"
CREATE TABLE tasks (
    id                  TEXT PRIMARY KEY NOT NULL,
    title               TEXT NOT NULL,
    prompt              TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN
                          ('blocked','queued','assigned','running','done','failed','cancelled','suspended')),
    required_capability TEXT,
    assign_to           TEXT,
    assigned_to         TEXT,
    priority            INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 10),
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts        INTEGER NOT NULL CHECK (max_attempts >= 1),
    lease_fence         INTEGER NOT NULL DEFAULT 0,
    lease_expires_at    INTEGER,
    output              TEXT,
    output_seq          INTEGER NOT NULL DEFAULT 0,
    error               TEXT,
    confidence          REAL,
    deadline            INTEGER,
    urgency             TEXT NOT NULL DEFAULT 'low' CHECK (urgency IN ('low','medium','high','critical')),
    idempotency_key     TEXT UNIQUE,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    started_at          INTEGER,
    finished_at         INTEGER
);
-- The dispatch scan: queued tasks by priority desc, then age (rowid breaks ties).
CREATE INDEX tasks_queue ON tasks (priority DESC, created_at ASC) WHERE status = 'queued';
-- What an agent holds (slots, claims, heartbeats).
CREATE INDEX tasks_holder ON tasks (assigned_to, status);
-- Listing newest first. (No (status, created_at) index: it would be
-- rewritten on every status change, the hottest write there is.)
CREATE INDEX tasks_created ON tasks (created_at DESC);
-- The lease sweeper.
CREATE INDEX tasks_lease ON tasks (lease_expires_at) WHERE status IN ('assigned','running');

CREATE TABLE task_deps (
    parent_task_id TEXT NOT NULL REFERENCES tasks(id),
    child_task_id  TEXT NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (parent_task_id, child_task_id)
);
CREATE INDEX task_deps_child ON task_deps (child_task_id);

CREATE TABLE agents (
    id                   TEXT PRIMARY KEY NOT NULL,
    name                 TEXT NOT NULL,
    machine              TEXT,
    status               TEXT NOT NULL CHECK (status IN ('online','busy','offline','draining')),
    capabilities         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(capabilities)),
    max_concurrent       INTEGER NOT NULL CHECK (max_concurrent >= 1),
    circuit_state        TEXT NOT NULL DEFAULT 'closed' CHECK (circuit_state IN ('closed','open','half_open')),
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    circuit_opened_at    INTEGER,
    claiming             INTEGER NOT NULL DEFAULT 1 CHECK (claiming IN (0, 1)),
    last_heartbeat       INTEGER,
    last_progress        INTEGER,
    registered_at        INTEGER NOT NULL
);

CREATE TABLE agent_reputation (
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    capability TEXT NOT NULL,
    successes  INTEGER NOT NULL DEFAULT 0,
    failures   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, capability)
);

CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    ts      INTEGER NOT NULL,
    type    TEXT NOT NULL,
    task_id TEXT,
    data    TEXT NOT NULL -- the whole tagged Event as JSON, written by the hub
);
CREATE INDEX events_task ON events (task_id, id) WHERE task_id IS NOT NULL;

CREATE TABLE context (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ts          INTEGER NOT NULL,
    sender      TEXT NOT NULL,
    sender_type TEXT NOT NULL,
    channel     TEXT NOT NULL,
    content     TEXT NOT NULL,
    reply_to    INTEGER REFERENCES messages(id)
);
CREATE INDEX messages_channel ON messages (channel, id);

CREATE TABLE escalations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id    TEXT REFERENCES tasks(id),
    agent_id   TEXT,
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','resolved')),
    created_at INTEGER NOT NULL
);
"#;

/// Task graphs, pipelines, templates, approvals, escalation chains, costs
/// and budgets (issue 3).
const V2: &str = r#"
ALTER TABLE tasks ADD COLUMN requires_approval INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1));
ALTER TABLE tasks ADD COLUMN pipeline_id TEXT;
ALTER TABLE tasks ADD COLUMN continues TEXT;
ALTER TABLE tasks ADD COLUMN max_cost_usd REAL;
ALTER TABLE tasks ADD COLUMN model TEXT;
ALTER TABLE tasks ADD COLUMN input_tokens INTEGER;
ALTER TABLE tasks ADD COLUMN output_tokens INTEGER;
ALTER TABLE tasks ADD COLUMN cost_usd REAL;
-- The deadline sweeper: open tasks with a deadline.
CREATE INDEX tasks_deadline ON tasks (deadline)
    WHERE deadline IS NOT NULL AND status IN ('blocked','queued','assigned','running');
CREATE INDEX tasks_pipeline ON tasks (pipeline_id) WHERE pipeline_id IS NOT NULL;

-- The order parents were given in (outputs are injected in that order).
ALTER TABLE task_deps ADD COLUMN ord INTEGER NOT NULL DEFAULT 0;

CREATE TABLE pipelines (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE pipeline_steps (
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
    ord         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    task_id     TEXT NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (pipeline_id, ord),
    UNIQUE (pipeline_id, name)
);

CREATE TABLE templates (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL UNIQUE,
    description     TEXT NOT NULL,
    prompt_template TEXT NOT NULL,
    capability      TEXT,
    priority        INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 10),
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
INSERT INTO templates VALUES
 ('seed-research', 'research', 'Research a topic and report the findings with sources',
  'Research the following topic thoroughly: {topic}

Report the key facts, the open questions and the sources you relied on.',
  'research', 5, 'seed', 0),
 ('seed-summarize', 'summarize', 'Summarize a text or document',
  'Summarize the following concisely, keeping every important point:

{target}', 'summarize', 5, 'seed', 0),
 ('seed-qa', 'qa', 'Check a piece of work for errors and gaps',
  'Review the following for correctness, errors and missing pieces. List each problem found with a suggested fix:

{target}', 'qa', 5, 'seed', 0),
 ('seed-code-review', 'code-review', 'Review code for bugs, security and style',
  'Review this code. Point out bugs, security issues, and maintainability problems, most severe first:

{target}', 'code_review', 5, 'seed', 0),
 ('seed-write', 'write', 'Write a piece of text on a topic',
  'Write a clear, well-structured piece about: {topic}', 'write', 5, 'seed', 0);

CREATE TABLE approvals (
    id          TEXT PRIMARY KEY NOT NULL,
    agent       TEXT NOT NULL,
    action      TEXT NOT NULL,
    description TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','expired')),
    task_id     TEXT REFERENCES tasks(id),
    decided_by  TEXT,
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    expires_at  INTEGER
);
CREATE INDEX approvals_pending ON approvals (created_at) WHERE status = 'pending';
CREATE INDEX approvals_task ON approvals (task_id) WHERE task_id IS NOT NULL;

-- Escalations along a chain (agent -> next agent -> operator), ids as text.
CREATE TABLE escalations_v2 (
    id         TEXT PRIMARY KEY NOT NULL,
    from_agent TEXT,
    to_agent   TEXT NOT NULL,
    task_id    TEXT REFERENCES tasks(id),
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','resolved')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO escalations_v2 (id, from_agent, to_agent, task_id, reason, status, created_at, updated_at)
    SELECT 'e' || id, agent_id, 'operator', task_id, reason, status, created_at, created_at FROM escalations;
DROP TABLE escalations;
ALTER TABLE escalations_v2 RENAME TO escalations;
CREATE INDEX escalations_created ON escalations (created_at DESC);

CREATE TABLE cost_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    ts            INTEGER NOT NULL,
    agent_id      TEXT NOT NULL,
    task_id       TEXT,
    model         TEXT NOT NULL,
    input_tokens  INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cost_usd      REAL
);
CREATE INDEX cost_log_ts ON cost_log (ts);

-- Today's spend per agent, kept in step with cost_log in the same
-- transaction: the dispatch pass reads a handful of rows, never sums the log.
CREATE TABLE daily_spend (
    day      TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    tokens   INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agent_id)
);
-- Budget alerts already raised (once per UTC day per agent; '' = the mesh).
CREATE TABLE budget_alerts (
    day      TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    PRIMARY KEY (day, agent_id)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL CHECK (json_valid(value))
);

-- A chat message answered by a task: its output is posted as the reply.
CREATE TABLE chat_tasks (
    task_id    TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id),
    message_id INTEGER NOT NULL REFERENCES messages(id)
);
"#;

/// Agent memory (ARCHITECTURE.md, "Agent memory"). The FTS5 table keeps its own copy of the
/// searchable text (rowid = `agent_memory.id`), maintained by triggers in the
/// same transaction as every write; keys are indexed split into words at
/// `_`, `-` and `.` so `favourite_db` matches `db`.
const V3: &str = r#"
CREATE TABLE agent_memory (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    confidence REAL NOT NULL DEFAULT 1.0 CHECK (confidence BETWEEN 0.0 AND 1.0),
    source     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (agent_id, key)
);
CREATE INDEX agent_memory_recent ON agent_memory (agent_id, updated_at DESC);

CREATE VIRTUAL TABLE agent_memory_fts USING fts5 (key_words, value, tokenize = 'unicode61');
-- Documents per term: lets a search leave out terms too common to rank by.
CREATE VIRTUAL TABLE agent_memory_fts_vocab USING fts5vocab (agent_memory_fts, 'row');

CREATE TRIGGER agent_memory_fts_insert AFTER INSERT ON agent_memory BEGIN
    INSERT INTO agent_memory_fts (rowid, key_words, value) VALUES
        (new.id, replace(replace(replace(new.key, '_', ' '), '-', ' '), '.', ' '), new.value);
END;
CREATE TRIGGER agent_memory_fts_delete AFTER DELETE ON agent_memory BEGIN
    DELETE FROM agent_memory_fts WHERE rowid = old.id;
END;
CREATE TRIGGER agent_memory_fts_update AFTER UPDATE OF key, value ON agent_memory BEGIN
    DELETE FROM agent_memory_fts WHERE rowid = old.id;
    INSERT INTO agent_memory_fts (rowid, key_words, value) VALUES
        (new.id, replace(replace(replace(new.key, '_', ' '), '-', ' '), '.', ' '), new.value);
END;

-- Keys of the memories prepended to the prompt of the last claim (JSON
-- array; NULL = none).
ALTER TABLE tasks ADD COLUMN injected_memories TEXT;
"#;

/// Identity and evidence (ARCHITECTURE.md, "Security model"): credentials are stored only as
/// SHA-256 hashes of high-entropy secrets (passwords as argon2id PHC
/// strings); permissions as comma-separated names.
const V4: &str = r#"
CREATE TABLE agent_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    agent_id     TEXT NOT NULL,
    role         TEXT,
    permissions  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX agent_tokens_agent ON agent_tokens (agent_id);

CREATE TABLE join_keys (
    id          TEXT PRIMARY KEY NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    role        TEXT,
    permissions TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,
    uses_left   INTEGER NOT NULL CHECK (uses_left >= 0),
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'user', 'viewer')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
    id                    TEXT PRIMARY KEY NOT NULL,
    hash                  TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL UNIQUE,
    role                  TEXT,
    permissions           TEXT NOT NULL,
    rate_limit_per_minute INTEGER NOT NULL CHECK (rate_limit_per_minute > 0),
    daily_cap             INTEGER NOT NULL CHECK (daily_cap > 0),
    usage_day             TEXT NOT NULL DEFAULT '',
    usage_today           INTEGER NOT NULL DEFAULT 0,
    usage_total           INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL,
    created_by            TEXT NOT NULL,
    last_used_at          INTEGER,
    revoked_at            INTEGER
);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    target         TEXT NOT NULL,
    status         INTEGER NOT NULL,
    payload_sha256 TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- One signed link per completed task (ARCHITECTURE.md, "Security model").
CREATE TABLE provenance (
    task_id     TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id),
    prev_hash   TEXT NOT NULL,
    signed_at   INTEGER NOT NULL,
    agent_id    TEXT NOT NULL,
    output_hash TEXT NOT NULL,
    signature   TEXT NOT NULL
);
"#;

/// Images attached to a task (the iMessage bridge uploads what a message
/// carried). The bytes live in the row: attachments are capped at 20 MB and
/// 32 per task, and one file keeps backups whole.
const V5: &str = r#"
CREATE TABLE task_attachments (
    id         TEXT PRIMARY KEY NOT NULL,
    task_id    TEXT NOT NULL REFERENCES tasks(id),
    filename   TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL CHECK (size > 0),
    sha256     TEXT NOT NULL,
    data       BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    -- A retried upload of the same file finds the first one.
    UNIQUE (task_id, sha256, filename)
);
CREATE INDEX task_attachments_by_task ON task_attachments (task_id, created_at);
"#;

/// Memory search without a join per match: each agent gets a number, and an
/// entry's FTS rowid becomes `(number << 40) + id`, so "this agent's
/// entries" is a rowid range that FTS5 seeks to by itself instead of
/// looking every match up in `agent_memory` to check its owner (half the
/// cost of a search at 100k memories). Numbers are never reused; ids stay
/// below 2^40 (the triggers refuse more).
const V6: &str = r#"
CREATE TABLE agent_memory_fts_agents (
    n        INTEGER PRIMARY KEY,
    agent_id TEXT NOT NULL UNIQUE
);
INSERT INTO agent_memory_fts_agents (agent_id)
    SELECT DISTINCT agent_id FROM agent_memory ORDER BY agent_id;

DROP TRIGGER agent_memory_fts_insert;
DROP TRIGGER agent_memory_fts_delete;
DROP TRIGGER agent_memory_fts_update;
DELETE FROM agent_memory_fts;
INSERT INTO agent_memory_fts (rowid, key_words, value)
    SELECT (a.n << 40) + m.id,
           replace(replace(replace(m.key, '_', ' '), '-', ' '), '.', ' '), m.value
    FROM agent_memory m JOIN agent_memory_fts_agents a ON a.agent_id = m.agent_id;

CREATE TRIGGER agent_memory_fts_insert AFTER INSERT ON agent_memory BEGIN
    SELECT RAISE(ABORT, 'agent memory ids exhausted') WHERE new.id >= (1 << 40);
    -- Not INSERT OR IGNORE: an upsert's conflict policy would override it.
    INSERT INTO agent_memory_fts_agents (agent_id) SELECT new.agent_id
        WHERE NOT EXISTS (SELECT 1 FROM agent_memory_fts_agents WHERE agent_id = new.agent_id);
    INSERT INTO agent_memory_fts (rowid, key_words, value) VALUES (
        ((SELECT n FROM agent_memory_fts_agents WHERE agent_id = new.agent_id) << 40) + new.id,
        replace(replace(replace(new.key, '_', ' '), '-', ' '), '.', ' '), new.value);
END;
CREATE TRIGGER agent_memory_fts_delete AFTER DELETE ON agent_memory BEGIN
    DELETE FROM agent_memory_fts WHERE rowid =
        ((SELECT n FROM agent_memory_fts_agents WHERE agent_id = old.agent_id) << 40) + old.id;
END;
CREATE TRIGGER agent_memory_fts_update AFTER UPDATE OF agent_id, key, value ON agent_memory BEGIN
    DELETE FROM agent_memory_fts WHERE rowid =
        ((SELECT n FROM agent_memory_fts_agents WHERE agent_id = old.agent_id) << 40) + old.id;
    -- Not INSERT OR IGNORE: an upsert's conflict policy would override it.
    INSERT INTO agent_memory_fts_agents (agent_id) SELECT new.agent_id
        WHERE NOT EXISTS (SELECT 1 FROM agent_memory_fts_agents WHERE agent_id = new.agent_id);
    INSERT INTO agent_memory_fts (rowid, key_words, value) VALUES (
        ((SELECT n FROM agent_memory_fts_agents WHERE agent_id = new.agent_id) << 40) + new.id,
        replace(replace(replace(new.key, '_', ' '), '-', ' '), '.', ' '), new.value);
END;
"#;

/// Memory values are encrypted at rest, so the FTS index can no longer copy
/// them out of the row: it becomes contentless (it keeps the index, not the
/// text) and the store feeds it plaintext as it writes. A trigger still
/// numbers agents for the per-agent rowid ranges of V6.
const V7: &str = r#"
DROP TRIGGER agent_memory_fts_insert;
DROP TRIGGER agent_memory_fts_delete;
DROP TRIGGER agent_memory_fts_update;
DROP TABLE agent_memory_fts_vocab;
DROP TABLE agent_memory_fts;
CREATE VIRTUAL TABLE agent_memory_fts USING fts5 (
    key_words, value, content = '', contentless_delete = 1, tokenize = 'unicode61'
);
CREATE VIRTUAL TABLE agent_memory_fts_vocab USING fts5vocab (agent_memory_fts, 'row');
-- Rows from before encryption are still plaintext here; the store seals
-- them when it opens.
INSERT INTO agent_memory_fts (rowid, key_words, value)
    SELECT (a.n << 40) + m.id,
           replace(replace(replace(m.key, '_', ' '), '-', ' '), '.', ' '), m.value
    FROM agent_memory m JOIN agent_memory_fts_agents a ON a.agent_id = m.agent_id;
CREATE TRIGGER agent_memory_number AFTER INSERT ON agent_memory BEGIN
    SELECT RAISE(ABORT, 'agent memory ids exhausted') WHERE new.id >= (1 << 40);
    -- Not INSERT OR IGNORE: an upsert's conflict policy would override it.
    INSERT INTO agent_memory_fts_agents (agent_id) SELECT new.agent_id
        WHERE NOT EXISTS (SELECT 1 FROM agent_memory_fts_agents WHERE agent_id = new.agent_id);
END;
"#;

/// Templates name the model their tasks ask for (a per-template
/// override of smart routing).
const V8: &str = r#"
ALTER TABLE templates ADD COLUMN model TEXT;
"#;

/// Routine worker-protocol calls are counted per agent, action and hour
/// instead of each taking an audit row.
const V9: &str = r#"
CREATE TABLE audit_counts (
    hour   INTEGER NOT NULL, -- unix micros of the hour's start
    agent  TEXT NOT NULL,
    action TEXT NOT NULL,
    calls  INTEGER NOT NULL,
    failed INTEGER NOT NULL, -- answered with a status of 400 or more
    PRIMARY KEY (hour, agent, action)
) WITHOUT ROWID;
"#;

/// A task can be held from dispatch (while its attachments upload).
const V10: &str = r#"
ALTER TABLE tasks ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
"#;

/// Routing: a task can be pinned to the agent it names (no fall-through),
/// and an agent may register with no slots at all (it only dispatches, such
/// as a phone app). SQLite cannot loosen a CHECK in place, so `agents` is
/// rebuilt; `agent_reputation` is set aside first so that dropping the old
/// table does not cascade into it.
const V11: &str = r#"
ALTER TABLE tasks ADD COLUMN assign_strict INTEGER NOT NULL DEFAULT 0 CHECK (assign_strict IN (0, 1));

CREATE TEMP TABLE reputation_keep AS SELECT * FROM agent_reputation;
DROP TABLE agent_reputation;
CREATE TABLE agents_v11 (
    id                   TEXT PRIMARY KEY NOT NULL,
    name                 TEXT NOT NULL,
    machine              TEXT,
    status               TEXT NOT NULL CHECK (status IN ('online','busy','offline','draining')),
    capabilities         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(capabilities)),
    max_concurrent       INTEGER NOT NULL CHECK (max_concurrent >= 0),
    circuit_state        TEXT NOT NULL DEFAULT 'closed' CHECK (circuit_state IN ('closed','open','half_open')),
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    circuit_opened_at    INTEGER,
    claiming             INTEGER NOT NULL DEFAULT 1 CHECK (claiming IN (0, 1)),
    last_heartbeat       INTEGER,
    last_progress        INTEGER,
    registered_at        INTEGER NOT NULL
);
INSERT INTO agents_v11 (id, name, machine, status, capabilities, max_concurrent, circuit_state,
    consecutive_failures, circuit_opened_at, claiming, last_heartbeat, last_progress, registered_at)
    SELECT id, name, machine, status, capabilities, max_concurrent, circuit_state,
        consecutive_failures, circuit_opened_at, claiming, last_heartbeat, last_progress, registered_at
    FROM agents;
DROP TABLE agents;
ALTER TABLE agents_v11 RENAME TO agents;
CREATE TABLE agent_reputation (
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    capability TEXT NOT NULL,
    successes  INTEGER NOT NULL DEFAULT 0,
    failures   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, capability)
);
INSERT INTO agent_reputation SELECT * FROM reputation_keep;
DROP TABLE reputation_keep;
"#;

/// Inbound webhooks: each turns a payload into a template dispatch. The
/// secret is sealed with the key ring (`enc1:…`), never stored in the clear.
const V12: &str = r#"
CREATE TABLE webhooks (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL CHECK (kind IN ('generic','github')),
    template          TEXT NOT NULL,
    variables         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(variables)),
    secret            TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    last_triggered_at INTEGER
);
"#;

/// Schedules: recurring work without an external cron. A fire moves
/// `next_due` on in the transaction that creates its task, guarded by the
/// due time it read, so no due time fires twice.
const V13: &str = r#"
CREATE TABLE schedules (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL UNIQUE,
    cron          TEXT NOT NULL,
    tz            TEXT NOT NULL,
    template      TEXT,
    action        TEXT CHECK (action IN ('memory-consolidate')),
    vars          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(vars)),
    paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    next_due      INTEGER NOT NULL,
    last_fired_at INTEGER,
    last_task_id  TEXT,
    last_error    TEXT,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK ((template IS NULL) <> (action IS NULL))
);
-- The scheduler's question every second: what is due.
CREATE INDEX schedules_due ON schedules (next_due) WHERE paused = 0;
"#;

/// Quality protocols: a step task names its role and the task it serves;
/// the subject keeps its protocols' request and outcome as JSON on its row
/// (read with the task, no join). Labelled edges draw the protocol graph;
/// validators' receipts and the credits they earn are append-only.
const V14: &str = r#"
ALTER TABLE tasks ADD COLUMN protocol_role TEXT CHECK (protocol_role IN
    ('verifies','challenges','revises','debates','synthesises','votes','validates'));
ALTER TABLE tasks ADD COLUMN protocol_of TEXT REFERENCES tasks(id);
ALTER TABLE tasks ADD COLUMN protocol TEXT CHECK (protocol IS NULL OR json_valid(protocol));
CREATE INDEX tasks_protocol_of ON tasks (protocol_of) WHERE protocol_of IS NOT NULL;
-- The sweeper's question every pass: open tasks pinned to an agent (it
-- looks for those whose agent went offline). Only open pinned tasks are in it.
CREATE INDEX tasks_pinned_open ON tasks (assign_to)
    WHERE assign_strict = 1 AND status IN ('blocked','queued','assigned','running');
CREATE TABLE protocol_edges (
    from_id TEXT NOT NULL REFERENCES tasks(id),
    to_id   TEXT NOT NULL REFERENCES tasks(id),
    role    TEXT NOT NULL CHECK (role IN
              ('verifies','challenges','revises','debates','synthesises','votes','validates')),
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX protocol_edges_to ON protocol_edges (to_id);
CREATE TABLE validation_receipts (
    validation_task TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id),
    task_id         TEXT NOT NULL REFERENCES tasks(id),
    result_task     TEXT NOT NULL REFERENCES tasks(id),
    result_hash     TEXT NOT NULL,
    producer        TEXT NOT NULL,
    validator       TEXT NOT NULL,
    verdict         TEXT NOT NULL CHECK (verdict IN ('accept','reject')),
    reason          TEXT NOT NULL,
    signature       TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX validation_receipts_task ON validation_receipts (task_id);
CREATE INDEX validation_receipts_producer ON validation_receipts (producer);
CREATE TABLE ledger_credits (
    validation_task TEXT PRIMARY KEY NOT NULL REFERENCES validation_receipts(validation_task),
    agent_id        TEXT NOT NULL,
    task_id         TEXT NOT NULL REFERENCES tasks(id),
    credits         REAL NOT NULL CHECK (credits >= 0),
    created_at      INTEGER NOT NULL
);
CREATE INDEX ledger_credits_agent ON ledger_credits (agent_id);
ALTER TABLE templates ADD COLUMN protocol TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(protocol));
"#;

/// Costs that stay flat as history grows: every list walks an index from
/// its newest end and stops at the page's size; the dispatch pass reads
/// queued tasks by capability, so tasks no free agent can take are never
/// read; status counts are kept by triggers in the transaction of each
/// change instead of counted.
const V15: &str = r#"
DROP INDEX tasks_created;
CREATE INDEX tasks_created ON tasks (created_at);
CREATE INDEX tasks_status_created ON tasks (status, created_at);
CREATE INDEX tasks_agent_created ON tasks (assigned_to, created_at);
CREATE INDEX tasks_queue_cap ON tasks (required_capability, priority DESC, created_at)
    WHERE status = 'queued';
-- The sweeper's questions each pass: named tasks that waited long enough
-- to fall through, and open tasks past their deadline; the summary's
-- latest finished tasks.
CREATE INDEX tasks_named_waiting ON tasks (updated_at)
    WHERE status = 'queued' AND assign_to IS NOT NULL AND assign_strict = 0;
CREATE INDEX tasks_deadline_open ON tasks (deadline)
    WHERE deadline IS NOT NULL AND status IN ('blocked','queued','assigned','running');
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;
CREATE TABLE task_counts (
    status TEXT PRIMARY KEY NOT NULL,
    n      INTEGER NOT NULL CHECK (n >= 0)
);
INSERT INTO task_counts (status, n) SELECT status, count(*) FROM tasks GROUP BY status;
CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_counts (status, n) VALUES (new.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER task_counts_update AFTER UPDATE OF status ON tasks
    WHEN old.status <> new.status BEGIN
    UPDATE task_counts SET n = n - 1 WHERE status = old.status;
    INSERT INTO task_counts (status, n) VALUES (new.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks BEGIN
    UPDATE task_counts SET n = n - 1 WHERE status = old.status;
END;
"#;

/// Fewer index writes per task: two indexes nothing reads any more (the
/// queue is read per capability through `tasks_queue_cap`, deadlines
/// through `tasks_deadline_open`), and what an agent holds is indexed for
/// open tasks only, so creating or finishing a task touches it less and
/// the history never grows it.
const V16: &str = r#"
DROP INDEX tasks_queue;
DROP INDEX tasks_deadline;
DROP INDEX tasks_holder;
CREATE INDEX tasks_holding ON tasks (assigned_to, status)
    WHERE status IN ('assigned','running');
"#;

/// Hubs sharing a database (replicas) and the failed logins each saw
/// (PostgreSQL uses them; SQLite keeps the same tables).
const V17: &str = r#"
CREATE TABLE replicas (
    id         TEXT PRIMARY KEY NOT NULL,
    started_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    replica  TEXT NOT NULL,
    ip       TEXT NOT NULL,
    username TEXT NOT NULL
);
CREATE INDEX login_failures_at ON login_failures (at);
"#;

/// The world model: entities named by task outputs (unique by their
/// normalised name), the words of those names (search by word prefix
/// without scanning), which tasks named each, the typed relations between
/// them, and which extraction task reads which task's output. Names and
/// descriptions are kept in plain text like the task outputs they come
/// from (ARCHITECTURE.md, "World model").
const V18: &str = r#"
CREATE TABLE entities (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT NOT NULL,
    normalized     TEXT NOT NULL UNIQUE,
    type           TEXT NOT NULL CHECK (type IN ('person','project','organisation','tool','concept')),
    description    TEXT NOT NULL DEFAULT '',
    first_seen     INTEGER NOT NULL,
    last_seen      INTEGER NOT NULL,
    mention_count  INTEGER NOT NULL DEFAULT 0 CHECK (mention_count >= 0),
    source_task_id TEXT REFERENCES tasks(id)
);
CREATE INDEX entities_seen ON entities (last_seen, id);
CREATE TABLE entity_words (
    word      TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (word, entity_id)
);
CREATE TABLE entity_mentions (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    task_id   TEXT NOT NULL REFERENCES tasks(id),
    at        INTEGER NOT NULL,
    PRIMARY KEY (entity_id, task_id)
);
CREATE INDEX entity_mentions_recent ON entity_mentions (entity_id, at);
CREATE TABLE entity_relations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    from_entity_id INTEGER NOT NULL REFERENCES entities(id),
    to_entity_id   INTEGER NOT NULL REFERENCES entities(id),
    relation_type  TEXT NOT NULL,
    weight         REAL NOT NULL DEFAULT 1.0 CHECK (weight > 0),
    source_task_id TEXT REFERENCES tasks(id),
    first_seen     INTEGER NOT NULL,
    last_seen      INTEGER NOT NULL,
    UNIQUE (from_entity_id, to_entity_id, relation_type)
);
CREATE INDEX entity_relations_to ON entity_relations (to_entity_id);
CREATE INDEX entity_relations_weight ON entity_relations (weight, id);
CREATE TABLE world_extractions (
    task_id        TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id),
    source_task_id TEXT NOT NULL REFERENCES tasks(id)
);
"#;

/// Self-evolving agents (ARCHITECTURE.md, "Self-evolving agents"): the
/// evolution tasks the hub created and the amendments their output
/// proposed; schedules may run the `evolve` action (the table is rebuilt,
/// SQLite cannot change a CHECK in place); an agent's finished tasks in a
/// window are read from an index that holds everything the statistics
/// need, so counting them never reads a task row.
const V19: &str = r#"
CREATE TABLE schedules_v19 (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL UNIQUE,
    cron          TEXT NOT NULL,
    tz            TEXT NOT NULL,
    template      TEXT,
    action        TEXT CHECK (action IN ('memory-consolidate','evolve')),
    vars          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(vars)),
    paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    next_due      INTEGER NOT NULL,
    last_fired_at INTEGER,
    last_task_id  TEXT,
    last_error    TEXT,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK ((template IS NULL) <> (action IS NULL))
);
INSERT INTO schedules_v19 SELECT id, name, cron, tz, template, action, vars, paused, next_due,
    last_fired_at, last_task_id, last_error, created_by, created_at, updated_at FROM schedules;
DROP TABLE schedules;
ALTER TABLE schedules_v19 RENAME TO schedules;
CREATE INDEX schedules_due ON schedules (next_due) WHERE paused = 0;
CREATE TABLE evolution_requests (
    task_id     TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id),
    agent_id    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    recorded_at INTEGER,
    recorded    INTEGER CHECK (recorded >= 0)
);
CREATE INDEX evolution_requests_agent ON evolution_requests (agent_id, created_at);
CREATE TABLE evolution_amendments (
    id          TEXT PRIMARY KEY NOT NULL,
    agent_id    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('add','reinforce','restrict','remove')),
    text        TEXT NOT NULL,
    confidence  REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    evidence    TEXT NOT NULL,
    source_task TEXT NOT NULL REFERENCES evolution_requests(task_id),
    status      TEXT NOT NULL CHECK (status IN ('proposed','applied','rejected','reverted')),
    target      TEXT REFERENCES evolution_amendments(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    decided_by  TEXT,
    reverted_at INTEGER,
    reverted_by TEXT,
    reason      TEXT
);
CREATE INDEX evolution_amendments_agent ON evolution_amendments (agent_id, status);
CREATE INDEX evolution_amendments_created ON evolution_amendments (created_at);
CREATE INDEX evolution_amendments_status ON evolution_amendments (status, created_at);
CREATE INDEX tasks_agent_finished ON tasks (assigned_to, finished_at, status, required_capability)
    WHERE finished_at IS NOT NULL;
"#;

/// Federation (ARCHITECTURE.md, "Federation"): the peers this hub relays
/// work to, their tokens sealed with the key ring; and per task that
/// federation touched, where it came from (`origin_hub`, `trust`, the hops
/// and hubs it has been through) and where it was relayed (`relayed_to`,
/// the peer's task, the lease of the outstanding relay). A side table keyed
/// by task id, so the task row every claim and result reads is unchanged;
/// a task without a row is local and was never relayed.
const V20: &str = r#"
CREATE TABLE peers (
    name       TEXT PRIMARY KEY NOT NULL,
    url        TEXT NOT NULL,
    token      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE task_federation (
    task_id        TEXT PRIMARY KEY NOT NULL,
    trust          TEXT NOT NULL CHECK (trust IN ('local','federated')),
    origin_hub     TEXT,
    origin_task_id TEXT,
    hops           INTEGER NOT NULL DEFAULT 0 CHECK (hops >= 0),
    visited        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(visited)),
    relayed_to     TEXT,
    peer_hub       TEXT,
    peer_task_id   TEXT,
    relay_fence    INTEGER
);
CREATE INDEX task_federation_open ON task_federation (relay_fence) WHERE relay_fence IS NOT NULL;
"#;

/// Federation, second part (ARCHITECTURE.md, "Federation"): results pushed
/// back signed (the peer keeps where to send a result and the relay's
/// secret, sealed, until it is delivered; the offering hub notes that the
/// peer will push), the peer's signed provenance link for a result it
/// returned (`federated_links`, chained into this hub's own link), the
/// template a task came from and whether a template takes federated input,
/// and the peers' record (the hub name they report, relays, outcomes,
/// latency) kept across restarts.
const V21: &str = r#"
ALTER TABLE templates ADD COLUMN federated_input TEXT NOT NULL DEFAULT 'accept'
    CHECK (federated_input IN ('accept','refuse'));
ALTER TABLE task_federation ADD COLUMN template TEXT;
ALTER TABLE task_federation ADD COLUMN return_task_id TEXT;
ALTER TABLE task_federation ADD COLUMN return_fence INTEGER;
ALTER TABLE task_federation ADD COLUMN callback_secret TEXT;
ALTER TABLE task_federation ADD COLUMN push INTEGER NOT NULL DEFAULT 0 CHECK (push IN (0, 1));
CREATE INDEX task_federation_callbacks ON task_federation (task_id)
    WHERE callback_secret IS NOT NULL;
ALTER TABLE peers ADD COLUMN hub TEXT;
ALTER TABLE peers ADD COLUMN relayed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE peers ADD COLUMN succeeded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE peers ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE peers ADD COLUMN latency_us INTEGER;
CREATE TABLE federated_links (
    task_id      TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id),
    peer         TEXT NOT NULL,
    hub          TEXT NOT NULL,
    peer_task_id TEXT NOT NULL,
    agent_id     TEXT NOT NULL,
    signed_at    INTEGER NOT NULL,
    prev_hash    TEXT NOT NULL,
    output_hash  TEXT NOT NULL,
    signature    TEXT NOT NULL
);
"#;

/// CHECKs of an allowed set as comparisons (ARCHITECTURE.md, "The write
/// path"). SQLite codes `x IN (three or more constants)` as a temporary
/// B-tree built afresh for every statement that checks it, and the task and
/// agent CHECKs ran on every insert and status change: about fifteen such
/// trees per task. A `CASE` tests the same set without one (SQLite turns a
/// chain of `OR`ed equalities back into an `IN`, but not a `CASE`), means
/// the same for every stored row, so only the table's text changes: SQLite
/// allows such a CHECK-only change through `writable_schema` (no rewrite of
/// the table, whatever its size). Text other than what earlier versions
/// wrote is left alone. Migrations run on the writer's own connection, and
/// `RESET` makes it read the new text.
const V22: &str = r#"
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'CHECK (status IN
                          (''blocked'',''queued'',''assigned'',''running'',''done'',''failed'',''cancelled'',''suspended''))',
    'CHECK (CASE status WHEN ''blocked'' THEN 1 WHEN ''queued'' THEN 1 WHEN ''assigned'' THEN 1 WHEN ''running'' THEN 1 WHEN ''done'' THEN 1 WHEN ''failed'' THEN 1 WHEN ''cancelled'' THEN 1 WHEN ''suspended'' THEN 1 ELSE 0 END)'),
    'CHECK (urgency IN (''low'',''medium'',''high'',''critical''))',
    'CHECK (CASE urgency WHEN ''low'' THEN 1 WHEN ''medium'' THEN 1 WHEN ''high'' THEN 1 WHEN ''critical'' THEN 1 ELSE 0 END)'),
    'CHECK (protocol_role IN
    (''verifies'',''challenges'',''revises'',''debates'',''synthesises'',''votes'',''validates''))',
    'CHECK (protocol_role IS NULL OR CASE protocol_role WHEN ''verifies'' THEN 1 WHEN ''challenges'' THEN 1 WHEN ''revises'' THEN 1 WHEN ''debates'' THEN 1 WHEN ''synthesises'' THEN 1 WHEN ''votes'' THEN 1 WHEN ''validates'' THEN 1 ELSE 0 END)')
WHERE type = 'table' AND name = 'tasks';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (status IN (''online'',''busy'',''offline'',''draining''))',
    'CHECK (CASE status WHEN ''online'' THEN 1 WHEN ''busy'' THEN 1 WHEN ''offline'' THEN 1 WHEN ''draining'' THEN 1 ELSE 0 END)'),
    'CHECK (circuit_state IN (''closed'',''open'',''half_open''))',
    'CHECK (CASE circuit_state WHEN ''closed'' THEN 1 WHEN ''open'' THEN 1 WHEN ''half_open'' THEN 1 ELSE 0 END)')
WHERE type = 'table' AND name = 'agents';
PRAGMA writable_schema = RESET;
"#;

/// The event log without `AUTOINCREMENT` (ARCHITECTURE.md, "The write
/// path"): every event insert also rewrote its `sqlite_sequence` row, one
/// more page in nearly every commit. Ids stay increasing and never reused
/// without it: the insert (`events::insert`) takes the larger of the newest
/// id and the id `sqlite_sequence` last recorded, plus one, and pruning
/// always keeps the newest event. The table's rows and layout do not change
/// (a rowid table either way), so only its text does, as in V22.
const V23: &str = r#"
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'id      INTEGER PRIMARY KEY AUTOINCREMENT,',
    'id      INTEGER PRIMARY KEY,')
WHERE type = 'table' AND name = 'events';
PRAGMA writable_schema = RESET;
"#;

/// The audit log without `AUTOINCREMENT`, for the reason and in the way of
/// V23: audit rows share nearly every commit, and each rewrote the
/// `sqlite_sequence` row. Ids continue past the newest row and the id
/// recorded before V24 (`audit::insert`), and pruning keeps the newest row.
const V24: &str = r#"
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'id             INTEGER PRIMARY KEY AUTOINCREMENT,',
    'id             INTEGER PRIMARY KEY,')
WHERE type = 'table' AND name = 'audit_log';
PRAGMA writable_schema = RESET;
"#;

/// `tasks_holding` keyed by agent alone. Keyed by (agent, status), SQLite
/// used the `status IN ('assigned','running')` every holding query repeats
/// as a second key, and an `IN` that drives an index is first built into a
/// temporary B-tree, in every execution: five or so per task handed out.
/// Keyed by agent, the same term only names the partial index, and SQLite
/// drops it from the query as already true (ARCHITECTURE.md, "The write
/// path").
const V25: &str = r#"
DROP INDEX tasks_holding;
CREATE INDEX tasks_holding ON tasks (assigned_to)
    WHERE status IN ('assigned','running');
"#;

const LIST: &[M<'static>] = &[
    M::up(V1).foreign_key_check(),
    M::up(V2).foreign_key_check(),
    M::up(V3).foreign_key_check(),
    M::up(V4).foreign_key_check(),
    M::up(V5).foreign_key_check(),
    M::up(V6).foreign_key_check(),
    M::up(V7).foreign_key_check(),
    M::up(V8).foreign_key_check(),
    M::up(V9).foreign_key_check(),
    M::up(V10).foreign_key_check(),
    M::up(V11).foreign_key_check(),
    M::up(V12).foreign_key_check(),
    M::up(V13).foreign_key_check(),
    M::up(V14).foreign_key_check(),
    M::up(V15).foreign_key_check(),
    M::up(V16).foreign_key_check(),
    M::up(V17).foreign_key_check(),
    M::up(V18).foreign_key_check(),
    M::up(V19).foreign_key_check(),
    M::up(V20).foreign_key_check(),
    M::up(V21).foreign_key_check(),
    M::up(V22).foreign_key_check(),
    M::up(V23).foreign_key_check(),
    M::up(V24).foreign_key_check(),
    M::up(V25).foreign_key_check(),
];

/// Every migration, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(LIST)
}

/// A fresh in-memory database at the latest schema (the store's unit tests).
#[cfg(test)]
pub(crate) fn migrated_in_memory() -> rusqlite::Connection {
    let mut conn = rusqlite::Connection::open_in_memory().expect("open");
    migrations().to_latest(&mut conn).expect("migrate");
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn both_backends_reach_the_same_schema_version() {
        assert_eq!(
            i64::try_from(LIST.len()).expect("count"),
            crate::store::POSTGRES_SCHEMA_VERSION,
            "a migration added to one backend is added to the other"
        );
    }

    /// What the hot writes cost: no CHECK of a task or an agent builds a
    /// temporary B-tree any more, and the CHECKs still refuse what they
    /// refused.
    #[test]
    fn set_checks_are_comparisons_and_still_refuse() {
        let conn = migrated_in_memory();
        let ephemeral = |sql: &str| -> usize {
            let mut stmt = conn.prepare(&format!("EXPLAIN {sql}")).expect("explain");
            let args = vec!["x"; stmt.parameter_count()];
            let ops: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(args), |r| r.get(1))
                .expect("rows")
                .map(|r| r.expect("op"))
                .collect();
            ops.iter().filter(|op| *op == "OpenEphemeral").count()
        };
        // What is left is the partial indexes of open tasks: the planner
        // matches their `status IN (…)` against queries word for word, so
        // they keep it. Before V22 the counts were 5, 6 and 2.
        for (sql, trees) in [
            (
                "INSERT INTO tasks (id, title, prompt, status, priority, max_attempts, urgency, \
                 protocol_role, created_at, updated_at) VALUES (?1, 't', 'p', ?2, 5, 3, ?3, ?4, 0, 0)",
                2,
            ),
            (
                "UPDATE tasks SET status = ?2, urgency = ?3 WHERE id = ?1",
                4,
            ),
            (
                "UPDATE agents SET status = ?2, circuit_state = ?3 WHERE id = ?1",
                0,
            ),
        ] {
            assert_eq!(ephemeral(sql), trees, "temporary B-trees in {sql}");
        }
        let insert = |id: &str, status: &str, urgency: &str, role: Option<&str>| {
            conn.execute(
                "INSERT INTO tasks (id, title, prompt, status, priority, max_attempts, urgency, \
                 protocol_role, created_at, updated_at) VALUES (?1, 't', 'p', ?2, 5, 3, ?3, ?4, 0, 0)",
                rusqlite::params![id, status, urgency, role],
            )
        };
        insert("a", "queued", "low", None).expect("a valid task");
        insert("b", "suspended", "critical", Some("votes")).expect("a valid step");
        assert!(insert("c", "lost", "low", None).is_err(), "unknown status");
        assert!(
            insert("d", "queued", "urgent", None).is_err(),
            "unknown urgency"
        );
        assert!(
            insert("e", "queued", "low", Some("guesses")).is_err(),
            "unknown role"
        );
        let bad_circuit = conn.execute(
            "INSERT INTO agents (id, name, status, max_concurrent, circuit_state, registered_at) \
             VALUES ('w', 'w', 'online', 1, 'ajar', 0)",
            [],
        );
        assert!(bad_circuit.is_err(), "unknown circuit state");
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity");
        assert_eq!(ok, "ok");
    }

    #[test]
    fn migrations_apply_on_an_empty_db() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("open");
        migrations().to_latest(&mut conn).expect("migrate");
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN \
                 ('tasks','task_deps','agents','agent_reputation','events','context','messages','escalations')",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(tables, 8);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(ok, "ok");
    }

    #[test]
    fn upgrading_to_v9_keeps_agents_and_reputation_and_allows_no_slots() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("open");
        conn.execute_batch("PRAGMA foreign_keys = ON;").expect("fk");
        let m = migrations();
        m.to_version(&mut conn, 8).expect("v8");
        conn.execute_batch(
            "INSERT INTO agents (id, name, status, capabilities, max_concurrent, registered_at) \
               VALUES ('rex', 'Rex', 'online', '[\"general\"]', 2, 1); \
             INSERT INTO agent_reputation VALUES ('rex', 'general', 7, 1); \
             INSERT INTO tasks (id, title, prompt, status, priority, max_attempts, assign_to, \
               created_at, updated_at) VALUES ('t', 't', 'p', 'queued', 5, 3, 'rex', 0, 0);",
        )
        .expect("v8 rows");
        m.to_latest(&mut conn).expect("upgrade");
        let rep: (i64, i64) = conn
            .query_row(
                "SELECT successes, failures FROM agent_reputation WHERE agent_id = 'rex'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("reputation kept");
        assert_eq!(rep, (7, 1));
        let strict: i64 = conn
            .query_row("SELECT assign_strict FROM tasks WHERE id = 't'", [], |r| {
                r.get(0)
            })
            .expect("task");
        assert_eq!(strict, 0);
        conn.execute(
            "INSERT INTO agents (id, name, status, max_concurrent, registered_at) \
             VALUES ('phone', 'phone', 'online', 0, 1)",
            [],
        )
        .expect("no slots is allowed now");
        assert!(
            conn.execute(
                "INSERT INTO agents (id, name, status, max_concurrent, registered_at) \
                 VALUES ('neg', 'neg', 'online', -1, 1)",
                [],
            )
            .is_err()
        );
        // The reputation still belongs to its agent.
        conn.execute("DELETE FROM agents WHERE id = 'rex'", [])
            .expect("delete");
        let left: i64 = conn
            .query_row("SELECT count(*) FROM agent_reputation", [], |r| r.get(0))
            .expect("count");
        assert_eq!(left, 0);
        let ok: String = conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .unwrap_or_else(|_| "ok".into());
        assert_eq!(ok, "ok");
    }

    #[test]
    fn upgrading_to_v19_keeps_schedules_and_lets_them_evolve() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("open");
        conn.execute_batch("PRAGMA foreign_keys = ON;").expect("fk");
        let m = migrations();
        m.to_version(&mut conn, 18).expect("v18");
        conn.execute_batch(
            "INSERT INTO schedules (id, name, cron, tz, action, next_due, created_by, \
               created_at, updated_at) \
             VALUES ('sc-1', 'nightly', '0 3 * * *', 'UTC', 'memory-consolidate', 5, 'seed', 1, 1);",
        )
        .expect("v18 rows");
        assert!(
            conn.execute(
                "INSERT INTO schedules (id, name, cron, tz, action, next_due, created_by, \
                 created_at, updated_at) VALUES ('sc-2', 'e', '* * * * *', 'UTC', 'evolve', 5, \
                 'op', 1, 1)",
                [],
            )
            .is_err(),
            "v18 knows no evolve action"
        );
        m.to_latest(&mut conn).expect("upgrade");
        let kept: (String, i64) = conn
            .query_row(
                "SELECT action, next_due FROM schedules WHERE name = 'nightly'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("kept");
        assert_eq!(kept, ("memory-consolidate".to_string(), 5));
        conn.execute(
            "INSERT INTO schedules (id, name, cron, tz, action, next_due, created_by, \
             created_at, updated_at) VALUES ('sc-2', 'e', '* * * * *', 'UTC', 'evolve', 5, \
             'op', 1, 1)",
            [],
        )
        .expect("evolve is an action now");
        let due: Vec<String> = conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT id FROM schedules WHERE paused = 0 AND next_due <= 9",
            )
            .expect("plan")
            .query_map([], |r| r.get(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        assert!(
            due.iter().any(|l: &String| l.contains("schedules_due")),
            "{due:?}"
        );
    }

    #[test]
    fn status_checks_reject_unknown_values() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("open");
        migrations().to_latest(&mut conn).expect("migrate");
        let bad = conn.execute(
            "INSERT INTO tasks (id, title, prompt, status, priority, max_attempts, created_at, updated_at) \
             VALUES ('t', 't', 'p', 'exploded', 5, 3, 0, 0)",
            [],
        );
        assert!(bad.is_err());
        let bad = conn.execute(
            "INSERT INTO agents (id, name, status, max_concurrent, circuit_state, registered_at) \
             VALUES ('a', 'a', 'online', 1, 'ajar', 0)",
            [],
        );
        assert!(bad.is_err());
    }
}

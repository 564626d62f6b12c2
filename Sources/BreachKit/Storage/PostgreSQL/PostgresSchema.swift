import BreachDomain
import Foundation

/// The PostgreSQL schema: numbered migrations (never edit a shipped one: add the next number), the
/// group roles and their grants.
///
/// The tables are SQLite's, column for column, so a log copies between the backends unchanged. Text
/// columns use the `C` collation: ids, times and streams compare byte by byte, as SQLite compares them,
/// so every `ORDER BY` and every time comparison on RFC 3339 text means the same on both.
enum PostgresSchema {
    /// The table that marks a database as breach's and records the migrations applied.
    static let marker = "breach_migrations"

    /// Migrations by number, applied in order in one transaction each.
    static let migrations: [(version: Int, sql: String)] = [
        (1, """
            CREATE TABLE breach_migrations (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now(),
                applied_by text NOT NULL DEFAULT session_user
            );

            CREATE TABLE events (
                sequence bigint PRIMARY KEY CHECK (sequence >= 1),
                stream text COLLATE "C" NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                type text COLLATE "C" NOT NULL,
                schema_version integer NOT NULL CHECK (schema_version >= 1),
                payload text NOT NULL,
                effective_at text COLLATE "C" NOT NULL,
                recorded_at text COLLATE "C" NOT NULL,
                -- The authenticated login, set here: a client cannot name anyone else (see events_actor).
                actor text NOT NULL DEFAULT session_user,
                prev_hash text COLLATE "C" NOT NULL,
                hash text COLLATE "C" NOT NULL,
                -- Receipts and checkpoints whose effective time is more than five minutes from the real one
                -- (`Backdating`), computed by the insert trigger; not hashed, `verify` recomputes it.
                backdated boolean NOT NULL DEFAULT false,
                UNIQUE (stream, version)
            );
            CREATE INDEX events_backdated ON events (stream) WHERE backdated;

            -- Append-only, whoever asks: no role is granted UPDATE, DELETE or TRUNCATE, and these triggers
            -- refuse them even to the owner.
            CREATE FUNCTION breach_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only' USING ERRCODE = '42501';
            END $$;
            CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
                FOR EACH ROW EXECUTE FUNCTION breach_events_append_only();
            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
                FOR EACH STATEMENT EXECUTE FUNCTION breach_events_append_only();

            -- Identity and the chain, checked in the database: the actor is the session's login (a copy of
            -- another breach's log, `breach copy`, keeps its actors, and only an admin may make one), and each
            -- event chains to the one before it.
            CREATE FUNCTION breach_events_check() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.actor IS DISTINCT FROM session_user::text THEN
                    IF coalesce(current_setting('breach.copying', true), '') <> 'on'
                       OR NOT pg_has_role(session_user, 'breach_admin', 'MEMBER') THEN
                        RAISE EXCEPTION 'the actor of an event is the database login (%), not %', session_user, NEW.actor
                            USING ERRCODE = '42501';
                    END IF;
                END IF;
                IF NEW.sequence > 1 AND NOT EXISTS (
                    SELECT 1 FROM events WHERE sequence = NEW.sequence - 1 AND hash = NEW.prev_hash) THEN
                    RAISE EXCEPTION 'event #% does not chain to event #%', NEW.sequence, NEW.sequence - 1
                        USING ERRCODE = '23514';
                END IF;
                NEW.backdated := NEW.type IN (\(Backdating.evidenceTypes.map { "'\($0)'" }.joined(separator: ", ")))
                    AND abs(extract(epoch FROM (NEW.effective_at::timestamptz - NEW.recorded_at::timestamptz))) > \(Int(Backdating.tolerance));
                RETURN NEW;
            END $$;
            CREATE TRIGGER events_check BEFORE INSERT ON events
                FOR EACH ROW EXECUTE FUNCTION breach_events_check();

            CREATE TABLE incidents (
                id text COLLATE "C" PRIMARY KEY,
                number integer NOT NULL UNIQUE,
                title text NOT NULL,
                kind text COLLATE "C" NOT NULL,
                severity text COLLATE "C" NOT NULL,
                summary text,
                stage text COLLATE "C" NOT NULL,
                detected_at text COLLATE "C" NOT NULL,
                declared_at text COLLATE "C",
                aware_at text COLLATE "C",
                determined_at text COLLATE "C",
                closed_at text COLLATE "C",
                resolution text,
                assignee text,
                next_deadline_at text COLLATE "C",
                outstanding_obligations integer NOT NULL,
                version integer NOT NULL
            );
            CREATE INDEX incidents_by_stage ON incidents (stage);
            CREATE INDEX incidents_by_detected_at ON incidents (detected_at);
            CREATE INDEX incidents_by_next_deadline ON incidents (next_deadline_at) WHERE outstanding_obligations > 0;

            CREATE TABLE stage_intervals (
                incident_id text COLLATE "C" NOT NULL,
                position integer NOT NULL,
                stage text COLLATE "C" NOT NULL,
                entered_at text COLLATE "C" NOT NULL,
                left_at text COLLATE "C",
                PRIMARY KEY (incident_id, position)
            );

            CREATE TABLE obligations (
                incident_id text COLLATE "C" NOT NULL,
                obligation_id text COLLATE "C" NOT NULL,
                title text NOT NULL,
                audience text,
                due_at text COLLATE "C",
                met_at text COLLATE "C",
                waived_at text COLLATE "C",
                waiver_reason text,
                waived_by text,
                missed_at text COLLATE "C",
                PRIMARY KEY (incident_id, obligation_id)
            );

            CREATE TABLE notifications (
                notification_id text COLLATE "C" PRIMARY KEY,
                incident_id text COLLATE "C" NOT NULL,
                obligation_id text COLLATE "C" NOT NULL,
                contact_id text COLLATE "C" NOT NULL,
                channel text COLLATE "C" NOT NULL,
                status text COLLATE "C" NOT NULL,
                attempts integer NOT NULL,
                last_error text,
                queued_at text COLLATE "C" NOT NULL,
                delivered_at text COLLATE "C",
                next_attempt_at text COLLATE "C"
            );
            CREATE INDEX notifications_by_incident ON notifications (incident_id);
            CREATE INDEX notifications_by_contact ON notifications (contact_id);

            CREATE TABLE timeline (
                incident_id text COLLATE "C" NOT NULL,
                sequence bigint NOT NULL,
                summary text NOT NULL,
                PRIMARY KEY (incident_id, sequence)
            );

            CREATE TABLE due_work (
                incident_id text COLLATE "C" NOT NULL,
                work text COLLATE "C" NOT NULL,
                due_at text COLLATE "C" NOT NULL,
                PRIMARY KEY (incident_id, work)
            );
            CREATE INDEX due_work_by_time ON due_work (due_at);

            CREATE TABLE contacts (
                id text COLLATE "C" PRIMARY KEY,
                name text NOT NULL,
                role text COLLATE "C" NOT NULL,
                tags text NOT NULL,
                email text,
                webhook_url text,
                webhook_secret_ref text,
                webhook_format text NOT NULL,
                ca_bundle text
            );
            CREATE INDEX contacts_by_role ON contacts (role);

            -- Claims on notifications being attempted: a row per lease, with its expiry, so checkers on
            -- any number of hosts skip what another is sending and take over what a dead one left.
            CREATE TABLE delivery_leases (
                notification_id text COLLATE "C" PRIMARY KEY,
                holder text NOT NULL,
                holder_pid integer NOT NULL,
                expires_at text COLLATE "C" NOT NULL
            );
            """),
        // `breach serve`: an API write's actor is `token:NAME`, not the server's login, so the login is
        // recorded beside it (`login`, set here from `session_user` on every insert; NULL on rows from
        // before this migration, whose actor is their login). Only a member of `breach_server` may append
        // an actor other than its login, and only of the form `token:NAME`. `login` is not hashed: the
        // chain stays the same on SQLite, which has no logins, and `breach copy` records the copier.
        (2, """
            ALTER TABLE events ADD COLUMN login text;

            \(rowTrigger(checkingTheChain: true))
            """),
        // Declarations and applied regimes that snapshot a calendar, for `check`'s calendar review
        // (`CalendarCountedEvents`); SQLite's v8.
        (3, "CREATE INDEX events_counting_calendars ON events (stream) WHERE \(CalendarCountedEvents.sqlCondition(alias: "", position: "strpos"))"),
        // The chain check once per INSERT statement instead of once per row (issue 14's bulk append): the
        // row trigger asked the table for each row's predecessor, a query of its own per row. The statement
        // trigger asks for all the statement's rows in one query, after they are in (so a row's predecessor
        // may be in the same statement), and refuses the whole statement if one does not chain. The row
        // trigger keeps what it must set on each row: the login, the actor's check, `backdated`.
        (4, """
            \(rowTrigger(checkingTheChain: false))

            -- Each appended row's predecessor by primary key (the LATERAL subquery with LIMIT keeps it an index
            -- probe per row whatever the planner thinks of the transition table's size).
            CREATE FUNCTION breach_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                broken bigint;
            BEGIN
                SELECT n.sequence INTO broken
                FROM appended n
                LEFT JOIN LATERAL (SELECT p.hash FROM events p WHERE p.sequence = n.sequence - 1 LIMIT 1) p ON true
                WHERE n.sequence > 1 AND p.hash IS DISTINCT FROM n.prev_hash
                ORDER BY n.sequence
                LIMIT 1;
                IF broken IS NOT NULL THEN
                    RAISE EXCEPTION 'event #% does not chain to event #%', broken, broken - 1
                        USING ERRCODE = '23514';
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER events_chain AFTER INSERT ON events REFERENCING NEW TABLE AS appended
                FOR EACH STATEMENT EXECUTE FUNCTION breach_events_chain();
            """),
        // Claims in the due order an index holds (issue 17, tenth round): every notification of one large
        // `notify` is due at the same second, and ordered by (due_at, notification_id) each claim of 512 or
        // 2,048 read, joined and sorted all of them (27 ms a claim at 10,000). This index holds
        // (due_at, incident_id, work) in order — the same order, as every id starts with its incident's —
        // so a claim reads from its cursor and stops at its LIMIT. It replaces the index on due_at alone,
        // its prefix.
        (5, """
            CREATE INDEX due_work_in_due_order ON due_work (due_at, incident_id, work);
            DROP INDEX due_work_by_time;
            """),
    ]

    /// The row trigger's function: the login recorded, the actor checked, `backdated` set — and, up to
    /// migration 4, each row's link to its predecessor (since then checked once per statement).
    private static func rowTrigger(checkingTheChain: Bool) -> String {
        let chain = checkingTheChain ? """

                IF NEW.sequence > 1 AND NOT EXISTS (
                    SELECT 1 FROM events WHERE sequence = NEW.sequence - 1 AND hash = NEW.prev_hash) THEN
                    RAISE EXCEPTION 'event #% does not chain to event #%', NEW.sequence, NEW.sequence - 1
                        USING ERRCODE = '23514';
                END IF;
            """ : ""
        return """
            CREATE OR REPLACE FUNCTION breach_events_check() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.login := session_user::text;
                IF NEW.actor IS DISTINCT FROM session_user::text THEN
                    IF NOT (coalesce(current_setting('breach.copying', true), '') = 'on'
                            AND pg_has_role(session_user, 'breach_admin', 'MEMBER'))
                       AND NOT (NEW.actor ~ '\(tokenActorPattern)'
                                AND pg_has_role(session_user, 'breach_server', 'MEMBER')) THEN
                        RAISE EXCEPTION 'the actor of an event is the database login (%), not %', session_user, NEW.actor
                            USING ERRCODE = '42501';
                    END IF;
                END IF;\(chain)
                NEW.backdated := NEW.type IN (\(Backdating.evidenceTypes.map { "'\($0)'" }.joined(separator: ", ")))
                    AND abs(extract(epoch FROM (NEW.effective_at::timestamptz - NEW.recorded_at::timestamptz))) > \(Int(Backdating.tolerance));
                RETURN NEW;
            END $$;
            """
    }

    /// The actors a `breach_server` login may append besides its own name: an API token's (`token:NAME`,
    /// names as `APIToken.isValidName` allows). A POSIX regular expression, for the insert trigger.
    static let tokenActorPattern = "^token:[A-Za-z0-9._-]{1,64}$"

    /// The newest schema this breach knows.
    static var latest: Int { migrations.last!.version }

    /// The read-model tables (rebuilt from the log) and who may write them.
    static let readModels = ["incidents", "stage_intervals", "obligations", "notifications", "timeline", "due_work", "contacts",
                             "delivery_leases"]

    /// The group roles: what each job may do.
    enum Role: String, CaseIterable {
        case responder = "breach_responder"
        case checker = "breach_checker"
        case compliance = "breach_compliance"
        case admin = "breach_admin"
        /// `breach serve`'s login: reads, intake and API writes, recorded as `token:NAME` beside the login.
        case server = "breach_server"
    }

    /// Creates the group roles that do not exist yet (they are cluster-wide: a second database reuses them).
    static let createRoles = Role.allCases.map { role in
        // Two `init`s at once (two databases on one cluster) may both find a role missing: the loser's
        // duplicate is ignored rather than failing its init.
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(role.rawValue)') THEN
                CREATE ROLE \(role.rawValue) NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        """
    }.joined(separator: "\n")

    /// The grants of this database's tables to the group roles: read everything (all five); append to the
    /// log and keep the incident read models (responder, checker, server); the contact registry (admin only).
    /// Nobody is granted UPDATE, DELETE or TRUNCATE on `events`.
    static var grants: String {
        let incidentModels = readModels.filter { $0 != "contacts" }.joined(separator: ", ")
        let all = (["events", marker] + readModels).joined(separator: ", ")
        return """
            REVOKE ALL ON \(all) FROM PUBLIC;
            GRANT USAGE ON SCHEMA public TO breach_responder, breach_checker, breach_compliance, breach_admin, breach_server;
            GRANT SELECT ON \(all) TO breach_responder, breach_checker, breach_compliance, breach_admin, breach_server;
            GRANT INSERT ON events TO breach_responder, breach_checker, breach_admin, breach_server;
            GRANT INSERT, UPDATE, DELETE ON \(incidentModels) TO breach_responder, breach_checker, breach_admin, breach_server;
            GRANT INSERT, UPDATE, DELETE ON contacts TO breach_admin;
            """
    }
}

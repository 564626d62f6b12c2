-- The SLA report of `breach report sla` as one SQL statement for `psql --csv`: the limit tool on
-- PostgreSQL. The same aggregates as breach's own query (PostgresUnitOfWork+Reports.swift: obligations,
-- notifications, stage intervals, backdated evidence, regimes/filings/supplements from the log), with
-- the verdict and the hour columns computed in SQL too, like sla.sql for sqlite3. scripts/bench replaces
-- :now with the report time.
WITH o AS (
    SELECT incident_id, COUNT(*) AS total,
           COUNT(*) FILTER (WHERE met_at IS NOT NULL AND NOT by_waiver) AS met,
           COUNT(*) FILTER (WHERE by_waiver) AS waived,
           COUNT(*) FILTER (WHERE met_at IS NOT NULL AND NOT by_waiver AND due_at IS NOT NULL AND met_at > due_at) AS met_late,
           COUNT(*) FILTER (WHERE by_waiver AND due_at IS NOT NULL AND waived_at > due_at) AS waived_late,
           COUNT(*) FILTER (WHERE met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at <= :now) AS overdue,
           MIN(due_at) AS deadline,
           MAX(CASE WHEN met_at IS NULL THEN waived_at WHEN waived_at IS NULL THEN met_at ELSE LEAST(met_at, waived_at) END) AS settled_at
    FROM (SELECT *, (waived_at IS NOT NULL AND (met_at IS NULL OR waived_at <= met_at)) AS by_waiver FROM obligations) x
    GROUP BY incident_id
), n AS (
    SELECT incident_id, COUNT(*) FILTER (WHERE status = 'delivered') AS delivered, COUNT(*) FILTER (WHERE status = 'failed') AS failed,
           MIN(delivered_at) AS first_delivered
    FROM notifications WHERE obligation_id <> 'escalation' GROUP BY incident_id
), s AS (
    SELECT incident_id,
           SUM(CASE WHEN stage = 'detect' THEN seconds END) AS detect_s, SUM(CASE WHEN stage = 'assess' THEN seconds END) AS assess_s,
           SUM(CASE WHEN stage = 'diagnose' THEN seconds END) AS diagnose_s, SUM(CASE WHEN stage = 'stabilize' THEN seconds END) AS stabilize_s
    FROM (SELECT incident_id, stage,
                 GREATEST(0, floor(extract(epoch FROM COALESCE(left_at, :now)::timestamptz)) - floor(extract(epoch FROM entered_at::timestamptz)))::bigint AS seconds
          FROM stage_intervals) y
    GROUP BY incident_id
), b AS (
    SELECT stream AS incident_id, COUNT(*) AS backdated FROM events WHERE backdated GROUP BY stream
), g AS (
    SELECT stream AS incident_id,
           string_agg(payload::jsonb ->> 'regime', ' ' ORDER BY sequence) FILTER (WHERE type = 'regime.applied') AS regimes,
           COUNT(*) FILTER (WHERE type = 'obligation.filed') AS filings,
           string_agg(payload::jsonb ->> 'reference', ' ' ORDER BY sequence) FILTER (WHERE type = 'obligation.filed') AS refs,
           COUNT(*) FILTER (WHERE type = 'obligation.supplement_recorded') AS supplements
    FROM events WHERE type IN ('regime.applied', 'obligation.filed', 'obligation.supplement_recorded')
    GROUP BY stream
), r AS (
    SELECT i.*, o.*, n.delivered, n.failed, n.first_delivered, s.detect_s, s.assess_s, s.diagnose_s, s.stabilize_s,
           b.backdated, g.regimes, g.filings, g.refs, g.supplements,
           (o.total > 0 AND o.met + o.waived = o.total) AS settled
    FROM incidents i LEFT JOIN o ON o.incident_id = i.id LEFT JOIN n ON n.incident_id = i.id LEFT JOIN s ON s.incident_id = i.id
    LEFT JOIN b ON b.incident_id = i.id LEFT JOIN g ON g.incident_id = i.id
)
SELECT id AS incident_id, CASE WHEN substr(title, 1, 1) IN ('=', '+', '-', '@') THEN '''' || title ELSE title END AS title,
       kind, severity, stage, detected_at, declared_at, closed_at,
       CASE WHEN declared_at IS NOT NULL THEN deadline END AS notification_deadline,
       first_delivered AS first_notification_at,
       CASE WHEN declared_at IS NOT NULL AND settled THEN settled_at END AS all_notified_at,
       round(((extract(epoch FROM first_delivered::timestamptz) - extract(epoch FROM declared_at::timestamptz)) / 3600.0)::numeric, 2) AS hours_to_first_notification,
       CASE WHEN declared_at IS NOT NULL AND settled
            THEN round(((extract(epoch FROM settled_at::timestamptz) - extract(epoch FROM declared_at::timestamptz)) / 3600.0)::numeric, 2) END AS hours_to_all_notified,
       CASE WHEN declared_at IS NULL THEN 'not_declared'
            WHEN COALESCE(met_late, 0) + COALESCE(waived_late, 0) + COALESCE(overdue, 0) > 0 THEN 'missed'
            WHEN COALESCE(total, 0) = 0 THEN 'met' WHEN waived = total THEN 'waived' WHEN settled THEN 'met' ELSE 'pending' END AS notification_sla,
       COALESCE(delivered, 0) AS notifications_delivered, COALESCE(failed, 0) AS notifications_failed,
       round((detect_s / 3600.0)::numeric, 2) AS hours_in_detect, round((assess_s / 3600.0)::numeric, 2) AS hours_in_assess,
       round((diagnose_s / 3600.0)::numeric, 2) AS hours_in_diagnose, round((stabilize_s / 3600.0)::numeric, 2) AS hours_in_stabilize,
       round(((extract(epoch FROM closed_at::timestamptz) - extract(epoch FROM detected_at::timestamptz)) / 3600.0)::numeric, 2) AS hours_to_close,
       COALESCE(backdated, 0) AS backdated_evidence, regimes, COALESCE(filings, 0) AS filings, refs AS filing_references,
       COALESCE(supplements, 0) AS supplements
FROM r ORDER BY number;

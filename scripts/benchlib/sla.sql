-- The SLA report of `breach report sla` written as one SQL statement for `sqlite3 -csv`: the limit tool.
-- Same aggregation as Sources/BreachKit/Reports/SLAReport.swift, with the verdict and the hour
-- columns computed in SQL too. scripts/bench replaces :now with the report time.
.headers on
WITH o AS (
    SELECT incident_id, COUNT(*) AS total,
           SUM(met_at IS NOT NULL AND NOT by_waiver) AS met, SUM(by_waiver) AS waived,
           SUM(met_at IS NOT NULL AND NOT by_waiver AND due_at IS NOT NULL AND met_at > due_at) AS met_late,
           SUM(by_waiver AND due_at IS NOT NULL AND waived_at > due_at) AS waived_late,
           SUM(met_at IS NULL AND waived_at IS NULL AND due_at IS NOT NULL AND due_at <= :now) AS overdue,
           MIN(due_at) AS deadline,
           MAX(CASE WHEN met_at IS NULL THEN waived_at WHEN waived_at IS NULL THEN met_at ELSE MIN(met_at, waived_at) END) AS settled_at
    FROM (SELECT *, (waived_at IS NOT NULL AND (met_at IS NULL OR waived_at <= met_at)) AS by_waiver FROM obligations)
    GROUP BY incident_id
), n AS (
    SELECT incident_id, SUM(status = 'delivered') AS delivered, SUM(status = 'failed') AS failed,
           MIN(delivered_at) AS first_delivered
    FROM notifications GROUP BY incident_id
), s AS (
    SELECT incident_id,
           SUM(CASE WHEN stage = 'detect' THEN seconds END) AS detect_s, SUM(CASE WHEN stage = 'assess' THEN seconds END) AS assess_s,
           SUM(CASE WHEN stage = 'diagnose' THEN seconds END) AS diagnose_s, SUM(CASE WHEN stage = 'stabilize' THEN seconds END) AS stabilize_s
    FROM (SELECT incident_id, stage,
                 MAX(0, CAST(strftime('%s', COALESCE(left_at, :now)) AS INTEGER) - CAST(strftime('%s', entered_at) AS INTEGER)) AS seconds
          FROM stage_intervals)
    GROUP BY incident_id
), r AS (
    SELECT i.*, o.*, n.delivered, n.failed, n.first_delivered, s.detect_s, s.assess_s, s.diagnose_s, s.stabilize_s,
           (o.total > 0 AND o.met + o.waived = o.total) AS settled
    FROM incidents i LEFT JOIN o ON o.incident_id = i.id LEFT JOIN n ON n.incident_id = i.id LEFT JOIN s ON s.incident_id = i.id
)
SELECT id AS incident_id, CASE WHEN substr(title, 1, 1) IN ('=', '+', '-', '@') THEN '''' || title ELSE title END AS title,
       kind, severity, stage, detected_at, declared_at, closed_at,
       CASE WHEN declared_at IS NOT NULL THEN deadline END AS notification_deadline,
       first_delivered AS first_notification_at,
       CASE WHEN declared_at IS NOT NULL AND settled THEN settled_at END AS all_notified_at,
       printf('%.2f', (strftime('%s', first_delivered) - strftime('%s', declared_at)) / 3600.0) AS hours_to_first_notification,
       CASE WHEN declared_at IS NOT NULL AND settled THEN printf('%.2f', (strftime('%s', settled_at) - strftime('%s', declared_at)) / 3600.0) END AS hours_to_all_notified,
       CASE WHEN declared_at IS NULL THEN 'not_declared'
            WHEN COALESCE(met_late, 0) + COALESCE(waived_late, 0) + COALESCE(overdue, 0) > 0 THEN 'missed'
            WHEN COALESCE(total, 0) = 0 THEN 'met' WHEN waived = total THEN 'waived' WHEN settled THEN 'met' ELSE 'pending' END AS notification_sla,
       COALESCE(delivered, 0) AS notifications_delivered, COALESCE(failed, 0) AS notifications_failed,
       printf('%.2f', detect_s / 3600.0) AS hours_in_detect, printf('%.2f', assess_s / 3600.0) AS hours_in_assess,
       printf('%.2f', diagnose_s / 3600.0) AS hours_in_diagnose, printf('%.2f', stabilize_s / 3600.0) AS hours_in_stabilize,
       printf('%.2f', (strftime('%s', closed_at) - strftime('%s', detected_at)) / 3600.0) AS hours_to_close
FROM r ORDER BY number;

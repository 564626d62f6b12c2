import Foundation

/// What a transport reported for one notification: the receiver's answer, or why nothing was sent.
public struct DeliveryResult: Sendable, Equatable {
    public let notificationID: String
    public let receipt: DeliveryReceipt

    public init(notificationID: String, receipt: DeliveryReceipt) {
        self.notificationID = notificationID
        self.receipt = receipt
    }
}

extension Incident {
    /// The events that record attempt results: delivered, a retry with its backoff, or a failure (a
    /// permanent answer, or the last allowed attempt).
    ///
    /// A result for a notification that is no longer pending is dropped (another run recorded it), except
    /// that an acceptance is always kept for a notification not yet delivered: a server that accepted a
    /// message must never be reported as not having it.
    public static func recordDeliveries(_ state: Incident, results: [DeliveryResult], now: Date) -> [IncidentEvent] {
        var events: [IncidentEvent] = []
        for result in results {
            guard let notification = state.notification(result.notificationID),
                  notification.status != .delivered,
                  notification.isPending || result.receipt.outcome == .delivered
            else { continue }
            events.append(outcomeEvent(for: notification, receipt: result.receipt, now: now))
        }
        return events
    }

    /// Alerts to `recipients` for each notification in `events` that failed for good (escalations excepted:
    /// an alert about an alert would loop).
    public static func escalateFailures(_ state: Incident, events: [IncidentEvent], recipients: [Contact]) -> [IncidentEvent] {
        var alerts: [IncidentEvent] = []
        for case let .notificationFailed(failure) in events where failure.obligationID != Escalation.obligationID {
            let id = failure.notificationID
            alerts += Escalation.alerts(
                incident: state, key: "failed.\(id)", subject: "[breach] delivery FAILED: \(id)",
                body: "Notification \(id) of \(state.id) (\(state.title)) failed permanently: \(failure.receipt ?? "").\nFix the contact or transport, then run `breach notify \(state.id)` again.",
                recipients: recipients)
        }
        return alerts
    }

    /// True when `events` hold a failure that `escalateFailures` would alert about.
    public static func needsEscalation(_ events: [IncidentEvent]) -> Bool {
        events.contains { if case let .notificationFailed(failure) = $0 { failure.obligationID != Escalation.obligationID } else { false } }
    }

    /// Whether `line` holds only what `CharacterSet.whitespaces` holds (tab and Unicode space separators),
    /// asked of its scalars: Foundation's trimming bridged each line, about 7 % of recording.
    private static func isBlank(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// The event that records one attempt's receipt.
    static func outcomeEvent(for notification: IncidentNotification, receipt: DeliveryReceipt, now: Date) -> IncidentEvent {
        // The receipt is evidence, not a dump: keep the server's deciding line, bounded — the HTTP status
        // line (first), or the SMTP reply to the end of DATA (last).
        let lines = receipt.receipt.split(whereSeparator: \.isNewline).map(String.init).filter { !isBlank($0) }
        let deciding = (notification.channel == .email ? lines.last : lines.first) ?? receipt.receipt
        // The receiver chose these bytes: stored printable and bounded, never as escape sequences that
        // would reach an operator's terminal when printed.
        let evidence = ExternalText.sanitized(deciding)
        let attempt = notification.attempts + 1
        var record = DeliveryAttempt(
            notificationID: notification.id, obligationID: notification.obligationID, contactID: notification.contactID,
            channel: notification.channel.rawValue, attempt: attempt, receipt: evidence, httpStatus: receipt.httpStatus,
            smtpCode: receipt.smtpCode, curlCode: receipt.curlCode,
            durationMilliseconds: Int((receipt.durationSeconds * 1000).rounded()))
        switch receipt.outcome {
        case .delivered:
            return .notificationDelivered(record)
        case .failed:
            record.error = evidence
            return .notificationFailed(record)
        case .retry:
            record.error = evidence
            if attempt >= RetryPolicy.maxAttempts {
                record.receipt = "gave up after \(attempt) attempts; last: \(evidence)"
                return .notificationFailed(record)
            }
            let delay = RetryPolicy.delay(afterAttempt: attempt, notificationID: notification.id, retryAfter: receipt.retryAfter)
            record.nextAttemptAt = now.addingTimeInterval(delay)
            return .notificationAttempted(record)
        }
    }
}

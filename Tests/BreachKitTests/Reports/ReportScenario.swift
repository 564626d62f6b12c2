@testable import BreachKit
import Foundation
import GRDB

/// A fresh breach database in its own temporary folder, with helpers that build incidents through
/// `IncidentService` at fixed effective times (fixed wall clock and actor too, so hashes are reproducible).
final class ReportScenario {
    let folder: URL
    let database: BreachDatabase
    let rules: ReportRulesProvider
    static let t0 = RFC3339.parse("2026-03-02T00:00:00Z")!

    init(obligations: [FakeObligation] = [FakeObligation(id: "notify-dpa", title: "Notify the supervisory authority", hours: 72)]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("breach-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try BreachDatabase.open(path: folder.appendingPathComponent("breach.db").path)
        rules = ReportRulesProvider(obligations: obligations)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// `t0` plus `hours`.
    static func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }
    static func text(_ hours: Double) -> String { RFC3339.format(at(hours)) }

    /// A service whose clock stands at `t0 + hours`.
    func service(at hours: Double, actor: String = "alice") -> IncidentService {
        IncidentService(database: database, clock: FixedClock(Self.at(hours)), actor: actor,
                        wallClock: FixedClock(RFC3339.parse("2030-01-01T00:00:00Z")!), rulesProvider: rules)
    }

    @discardableResult
    func detect(_ title: String = "Customer database exposed", at hours: Double, kind: String = "data-breach",
                severity: Severity = .high) throws -> String {
        try service(at: hours).detect(title: title, kind: kind, severity: severity, summary: nil).id
    }

    /// Appends a `detected` event directly (a title the CLI would refuse, e.g. with a newline).
    @discardableResult
    func detectRaw(title: String, kind: String = "data-breach", at hours: Double) throws -> String {
        let service = service(at: hours)
        return try database.write { db in
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM incidents") ?? 0) + 1
            return try service.append([.detected(title: title, kind: kind, severity: .high, summary: nil)], to: IncidentID.make(number),
                                      state: nil, at: Self.at(hours), in: db).id
        }
    }

    func run(_ command: IncidentCommand, on id: String, at hours: Double, actor: String = "alice") throws {
        try service(at: hours, actor: actor).execute(command, on: id)
    }

    func advance(_ id: String, to stage: Stage, at hours: Double) throws {
        try run(.advance(to: stage, reason: nil, force: false), on: id, at: hours)
    }

    func declare(_ id: String, at hours: Double, awareAt: Double? = nil) throws {
        try run(.declare(awareAt: awareAt.map(Self.at), reason: "customer PII downloaded"), on: id, at: hours)
    }

    /// Appends one notification event through the service, as the delivery outbox would.
    func append(_ event: IncidentEvent, to id: String, at hours: Double) throws {
        let service = service(at: hours, actor: "breach-outbox")
        let state = try service.load(id)
        try database.write { db in _ = try service.append([event], to: id, state: state, at: Self.at(hours), in: db) }
    }

    func queue(_ id: String, obligation: String, notification: String, contact: String = "dpa-ie", channel: String = "email",
               at hours: Double) throws {
        try append(.notificationQueued(.object([
            ("notification_id", .string(notification)), ("obligation_id", .string(obligation)),
            ("contact_id", .string(contact)), ("channel", .string(channel)),
        ])), to: id, at: hours)
    }

    func deliver(_ id: String, obligation: String, notification: String, attempt: Int = 1, receipt: String = "250 2.0.0 Ok: queued as 4F1A2",
                 smtpCode: Int? = 250, httpStatus: Int? = nil, at hours: Double) throws {
        var fields: [(String, JSONValue)] = [
            ("notification_id", .string(notification)), ("obligation_id", .string(obligation)), ("attempt", .int(Int64(attempt))),
            ("receipt", .string(receipt)),
        ]
        if let httpStatus { fields.append(("http_status", .int(Int64(httpStatus)))) }
        if let smtpCode { fields.append(("smtp_code", .int(Int64(smtpCode)))) }
        try append(.notificationDelivered(.object(fields)), to: id, at: hours)
    }

    func retry(_ id: String, obligation: String, notification: String, attempt: Int, error: String, httpStatus: Int? = nil,
               smtpCode: Int? = nil, at hours: Double) throws {
        var fields: [(String, JSONValue)] = [
            ("notification_id", .string(notification)), ("obligation_id", .string(obligation)), ("attempt", .int(Int64(attempt))),
            ("receipt", .string(error)), ("error", .string(error)), ("next_attempt_at", .string(Self.text(hours + 0.25))),
        ]
        if let httpStatus { fields.append(("http_status", .int(Int64(httpStatus)))) }
        if let smtpCode { fields.append(("smtp_code", .int(Int64(smtpCode)))) }
        try append(.notificationAttempted(.object(fields)), to: id, at: hours)
    }

    func fail(_ id: String, obligation: String, notification: String, attempt: Int, error: String, httpStatus: Int? = nil,
              at hours: Double) throws {
        var fields: [(String, JSONValue)] = [
            ("notification_id", .string(notification)), ("obligation_id", .string(obligation)), ("attempt", .int(Int64(attempt))),
            ("receipt", .string(error)), ("error", .string(error)),
        ]
        if let httpStatus { fields.append(("http_status", .int(Int64(httpStatus)))) }
        try append(.notificationFailed(.object(fields)), to: id, at: hours)
    }

    /// Queues and delivers one notification for `obligation` at `hours`.
    func notify(_ id: String, obligation: String = "notify-dpa", at hours: Double) throws {
        let notification = "\(id)-\(obligation)-dpa-ie-email"
        try queue(id, obligation: obligation, notification: notification, at: hours)
        try deliver(id, obligation: obligation, notification: notification, at: hours)
    }

    /// The SLA report as CSV text, judged at `t0 + hours`.
    func slaCSV(at hours: Double, window: ReportWindow = ReportWindow()) throws -> String {
        let output = StringOutput()
        try service(at: hours).slaReport(window, format: .csv, to: output)
        return output.text
    }

    /// The data lines of the SLA CSV (header dropped), split on CRLF.
    func slaLines(at hours: Double, window: ReportWindow = ReportWindow()) throws -> [String] {
        let lines = try slaCSV(at: hours, window: window).components(separatedBy: "\r\n")
        return Array(lines.dropFirst().dropLast())
    }
}

struct FakeObligation: Sendable {
    let id: String
    let title: String
    let hours: Double
}

struct NoStageRules: StageRules {
    func checklistItems(of stage: Stage) -> [String] { [] }
    func requiredItems(of stage: Stage) -> [String] { [] }
}

/// Obligations due `hours` after declaration, with the snapshot fields `decide` stores.
struct FakeDeclarationRules: DeclarationRules {
    let obligations: [FakeObligation]
    func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [ObligationSnapshot] {
        obligations.map {
            ObligationSnapshot(id: $0.id, title: $0.title, audienceText: "data protection authority", anchor: "declared", channels: [],
                               dueAt: declaredAt.addingTimeInterval($0.hours * 3600), escalationThresholds: [], holidays: [], rule: nil)
        }
    }
}

struct ReportRulesProvider: IncidentRulesProvider {
    let obligations: [FakeObligation]
    func validateKind(_ kind: String) throws {}
    func rules(forKind kind: String) throws -> IncidentRules? {
        IncidentRules(stages: NoStageRules(), declaration: FakeDeclarationRules(obligations: obligations))
    }
}

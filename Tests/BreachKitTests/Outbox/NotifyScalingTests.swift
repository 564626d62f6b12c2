@testable import BreachKit
import BreachTestSupport
import Foundation
import GRDB
import Testing

/// `breach notify` on one incident does the same work per notification however many it sends: the rows
/// it writes are counted (SQLite's total changes on the connection), not the seconds it takes.
///
/// Before the projection was scoped to the rows an append touched, every record chunk of 128 outcomes
/// rewrote all of the incident's notification and due-work rows, so the rows per notification grew with
/// the count (11.3 at 100 recipients, 19.4 at 400, and so on: O(n²) in all); scoped, it is 10.1 at both.
@Suite struct NotifyScalingTests {
    /// Queues and delivers one webhook to each of `recipients` contacts linked to one declared incident,
    /// and returns the rows written per notification.
    private func rowsPerNotification(recipients: Int, server: TestServer) throws -> Double {
        let (fixture, service, outbox, id) = try OutboxAudience.incident(recipients: recipients, server: server)
        let before = fixture.database.queue.inDatabase { $0.totalChangesCount }
        let queued = try outbox.queue(incidentID: id, obligationID: "customer-admins")
        let report = try outbox.deliverDue(incidentID: id)
        let after = fixture.database.queue.inDatabase { $0.totalChangesCount }

        #expect(queued.notifications.count == recipients)
        #expect(report.delivered.count == recipients)
        #expect(report.failed.isEmpty && report.retrying.isEmpty)
        // Scoped writes leave exactly the rows a fresh fold would write.
        let integrity = try service.verify()
        #expect(integrity.isIntact, "\(integrity)")
        return Double(after - before) / Double(recipients)
    }

    @Test func rowsWrittenPerNotificationDoNotGrowWithTheAudience() throws {
        let directory = try TestDirectory("notify-scaling")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let small = try rowsPerNotification(recipients: 100, server: server)
        // 400 spans four record chunks of 128: each used to rewrite all 400 rows.
        let large = try rowsPerNotification(recipients: 400, server: server)
        // Fixed costs (the incident row, obligations) spread thinner at 400; per-notification work is the same.
        #expect(large <= small * 1.05, "rows written per notification: \(small) at 100 recipients, \(large) at 400")
        // Queued event, its timeline row, the notification row, its due work, the lease taken and released,
        // the outcome event, its timeline row, the notification row updated, its due work deleted: ten.
        #expect(small < 14, "rows written per notification at 100 recipients: \(small)")
    }

    /// Queues and delivers one webhook to each of `recipients` contacts linked to one declared incident, and
    /// returns the SQL statements run per notification by each (SQLite's statement trace).
    private func statementsPerNotification(recipients: Int, server: TestServer) throws -> (queueing: Double, delivering: Double) {
        let (fixture, service, outbox, id) = try OutboxAudience.incident(recipients: recipients, server: server)
        var statements = 0
        fixture.database.queue.inDatabase { db in db.trace(options: .statement) { _ in statements += 1 } }
        let queued = try outbox.queue(incidentID: id, obligationID: "customer-admins")
        let queueing = statements
        let report = try outbox.deliverDue(incidentID: id)
        fixture.database.queue.inDatabase { db in db.trace(options: .statement, nil) }

        #expect(queued.notifications.count == recipients)
        #expect(report.delivered.count == recipients)
        let integrity = try service.verify()
        #expect(integrity.isIntact, "\(integrity)")
        return (Double(queueing) / Double(recipients), Double(statements - queueing) / Double(recipients))
    }

    @Test func queueingAndDeliveringRunAboutOneStatementPerNotification() throws {
        let directory = try TestDirectory("notify-statements")
        let server = try TestServer(script: "webhook_server.py", directory: directory)
        let small = try statementsPerNotification(recipients: 100, server: server)
        let large = try statementsPerNotification(recipients: 400, server: server)
        #expect(large.queueing <= small.queueing, "statements per queued notification: \(small.queueing) at 100 recipients, \(large.queueing) at 400")
        #expect(large.delivering <= small.delivering, "statements per delivered notification: \(small.delivering) at 100, \(large.delivering) at 400")
        // The queued event's own insert (it carries the chain's hash), and a share of the multi-row writes of
        // its timeline, notification and due-work rows (1.1). One statement per row for each was 4.
        #expect(large.queueing < 1.25, "statements per queued notification at 400 recipients: \(large.queueing)")
        // Delivered: the outcome event's insert, and shares of the claim's reads and leases, the timeline and
        // notification rows, the due-work rows deleted, the leases taken and released. One statement per lease and per
        // deleted row, and the last rows of each recorded chunk one by one, it was 2.4.
        #expect(large.delivering < 1.45, "statements per delivered notification at 400 recipients: \(large.delivering)")
    }

    /// Recording a chunk's outcomes changes the folded incident's notifications where they are: while the
    /// pass's cache or the claimed batch still held the incident, every chunk's append copied all of its
    /// notifications (quadratic in one incident's recipients). A copy would move the array's storage.
    @Test func recordingOutcomesUpdatesTheFoldedIncidentInPlace() throws {
        let recipients = NotificationOutbox.recordingChunk * 2 + 44
        let audience = try OutboxAudience("notify-in-place", recipients: recipients)
        let service = audience.service, outbox = audience.outbox, id = audience.id
        _ = try outbox.queue(incidentID: id, obligationID: "customer-admins")
        func storage() throws -> UnsafeRawPointer? {
            try service.store.read { reader in
                try outbox.states.current(id, in: reader).notifications.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            }
        }
        let before = try storage()
        let folds = outbox.states.folds
        let report = try outbox.deliverDue(incidentID: id)
        #expect(report.delivered.count == recipients)
        #expect(outbox.states.folds == folds, "the incident was folded again instead of carried from chunk to chunk")
        #expect(try storage() == before, "the incident's notifications were copied while recording")
        #expect(try service.verify().isIntact)
    }

    @Test func queueingMoreThanOneSliceQueuesEveryOneOnceAndKeepsTheReadModelsExact() throws {
        let count = NotificationOutbox.queueingSlice + 150
        let audience = try OutboxAudience("notify-slices", recipients: count)
        let service = audience.service, outbox = audience.outbox, id = audience.id
        let queued = try outbox.queue(incidentID: id, obligationID: "customer-admins")
        #expect(queued.notifications.count == count)
        #expect(Set(queued.notifications.map(\.id)).count == count)
        // Issue 17's memory row: the audience's storage was reserved once, not doubled as it was appended
        // (grown one by one, 1,150 notifications sit in storage for 2,048).
        let capacity = try service.store.read { reader in try outbox.states.current(id, in: reader).notifications.capacity }
        #expect(capacity >= count && capacity < count + count / 10, "storage for \(capacity) notifications holds \(count)")
        let incident = try service.load(id)
        #expect(incident.notifications.count == count)
        #expect(incident.notifications.allSatisfy { $0.status == .queued })
        let integrity = try service.verify()
        #expect(integrity.isIntact, "\(integrity)")
    }

    @Test func aFullClaimIsFollowedByAnotherUntilNothingIsDue() throws {
        let audience = try OutboxAudience("notify-rounds", recipients: 150)
        let service = audience.service, outbox = audience.outbox, id = audience.id
        try outbox.queue(incidentID: id, obligationID: "customer-admins")
        let seen = ProgressLog()
        outbox.progress = { seen.append($0) }
        // 64 at a time: three claims (64, 64, 22) in one run, and every notification delivered once
        let report = try outbox.deliverDue(incidentID: id, limit: 64)
        #expect(report.delivered.count == 150)
        #expect(Set(report.delivered.map(\.notification.id)).count == 150)
        #expect(report.deferred.isEmpty)
        #expect(seen.all.map(\.claimed) == [64, 64, 22])
        #expect(audience.server.log(atLeast: 150).count == 150)
        #expect(try service.load(id).notifications.allSatisfy { $0.status == .delivered })
    }
}

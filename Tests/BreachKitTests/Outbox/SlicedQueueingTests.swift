import BreachDomain
@testable import BreachKit
import BreachTestSupport
import Foundation
import Testing

/// `notify` queues a large audience a slice at a time and sends the first slices while it queues the
/// rest (`QueueFeed`), with the same outcome as queueing everything first.
@Suite struct SlicedQueueingTests {
    private let obligation = "customer-admins"

    /// The incident's events in log order, decoded.
    private func events(of id: String, in service: IncidentService) throws -> [RecordedIncidentEvent] {
        try service.store.read { reader in try reader.events(of: id).map { try $0.decoded() } }
    }

    @Test func notifySendsTheFirstSlicesWhileQueueingTheRestAndDeliversEveryOneOnce() throws {
        let recipients = 300
        let audience = try OutboxAudience("sliced-notify", recipients: recipients)
        let service = audience.service, outbox = audience.outbox, id = audience.id
        #expect(outbox.slicedQueueing.threshold == 1_024, "SQLite queues plans of more than 1,024 in slices")
        outbox.slicedQueueing = .init(threshold: 50, slice: 20)
        let (queued, report) = try outbox.notify(incidentID: id, obligationID: obligation)

        #expect(queued.notifications.count == recipients)
        #expect(Set(queued.notifications.map(\.id)).count == recipients)
        #expect(report.delivered.count == recipients)
        #expect(Set(report.delivered.map(\.notification.id)) == Set(queued.notifications.map(\.id)))
        #expect(report.failed.isEmpty && report.retrying.isEmpty && report.deferred.isEmpty)

        // The first request reached the receiver before the last slice was appended (queued all first, it came after).
        let stored = try service.store.read { reader in try reader.events(of: id) }
        let lastAppended = try #require(stored.last { $0.type == "notification.queued" }.flatMap { RFC3339.parse($0.recordedAt) })
        let firstRequest = try #require(audience.server.log().compactMap { $0["received_at"] as? Double }.min())
        #expect(firstRequest < lastAppended.timeIntervalSince1970,
                "first request at \(firstRequest), last slice appended at \(lastAppended.timeIntervalSince1970)")

        let log = try events(of: id, in: service)
        let lastQueued = try #require(log.lastIndex { if case .notificationQueued = $0.event { true } else { false } })

        // The obligation is met by the delivery that completed its audience, after its last notification was queued.
        var incident: Incident?
        var metAt: Int?
        for (position, event) in log.enumerated() {
            Incident.evolve(&incident, event, id: id)
            if metAt == nil, incident?.obligation(obligation)?.metAt != nil { metAt = position }
        }
        let met = try #require(metAt, "the obligation was never met")
        #expect(met > lastQueued, "met at event \(met), before the last notification was queued at \(lastQueued)")
        #expect(try service.load(id).notifications.allSatisfy { $0.status == .delivered })
        let integrity = try service.verify()
        #expect(integrity.isIntact, "\(integrity)")
    }

    /// Recording outcomes must not settle an obligation whose audience is partly unqueued: the feed queues
    /// on until one of its queued notifications is still without an outcome.
    @Test func outcomesAboutToBeRecordedQueueTheNextSliceBeforeTheyCouldSettleTheObligation() throws {
        let audience = try OutboxAudience("sliced-ahead", recipients: 100)
        let service = audience.service, outbox = audience.outbox, id = audience.id
        let feed = try QueueFeed(outbox: outbox, incidentID: id, obligationID: obligation, early: nil, supplement: nil, slice: 20, threshold: 10)
        #expect(feed.queued.notifications.count == 20)
        func outcomes(_ range: Range<Int>) -> [(notificationID: String, obligationID: String)] {
            feed.queued.notifications[range].map { ($0.id, obligation) }
        }
        // 19 of 20 recorded: one is still pending, the obligation cannot be met.
        try feed.prepareToRecord(outcomes(0..<19))
        #expect(feed.queued.notifications.count == 20)
        // All 20: the next slice first.
        try feed.prepareToRecord(outcomes(0..<20))
        #expect(feed.queued.notifications.count == 40)
        feed.recorded(outcomes(0..<20).map(\.notificationID))
        try feed.prepareToRecord(outcomes(20..<40))
        #expect(feed.queued.notifications.count == 60)
        // Outcomes of notifications this feed did not queue count for nothing, but still hold the line.
        try feed.prepareToRecord([("elsewhere", obligation)])
        #expect(feed.queued.notifications.count == 60)
        try feed.drain()
        #expect(feed.isComplete)
        #expect(feed.queued.notifications.count == 100)
        #expect(try service.verify().isIntact)
    }

    /// A slice is queued as planned only while nothing the plan read has moved: a contact removed since, or
    /// another process queueing the same audience, makes the feed plan the rest afresh.
    @Test func aContactRemovedOrANotificationQueuedElsewhereBetweenSlicesIsPlannedAfresh() throws {
        let audience = try OutboxAudience("sliced-replan", recipients: 100)
        let fixture = audience.fixture, service = audience.service, outbox = audience.outbox, id = audience.id
        let feed = try QueueFeed(outbox: outbox, incidentID: id, obligationID: obligation, early: nil, supplement: nil, slice: 20, threshold: 10)
        // c99 sorts in the last slice (ids are queued in byte order: c1, c10, c100, c11, …).
        #expect(!feed.queued.notifications.contains { $0.contactID == "c99" })
        _ = try ContactRegistry(database: fixture.database, clock: FixedClock(StoreFixture.at(0)), actor: "tester").remove("c99", reason: nil)
        try feed.queueNext()
        #expect(feed.queued.notifications.count == 40)
        // Another process queues the rest at once; the feed then finds nothing left to queue.
        let other = NotificationOutbox(service: service, configuration: BreachConfiguration(), environment: [:])
        #expect(try other.queue(incidentID: id, obligationID: obligation).notifications.count == 59)
        try feed.drain()
        #expect(feed.queued.notifications.count == 40)
        let incident = try service.load(id)
        #expect(incident.notifications.count == 99)
        #expect(Set(incident.notifications.map(\.id)).count == 99)
        #expect(!incident.notifications.contains { $0.contactID == "c99" })
        #expect(try service.verify().isIntact)
    }

    /// docs/delivery.md: a run that dies between slices leaves the first queued; `notify` again queues the rest, each once.
    @Test func aRunThatDiesAfterItsFirstSliceLeavesTheRestToTheNextNotify() throws {
        let audience = try OutboxAudience("sliced-rerun", recipients: 100)
        let feed = try QueueFeed(outbox: audience.outbox, incidentID: audience.id, obligationID: obligation, early: nil, supplement: nil,
                                 slice: 20, threshold: 10)
        #expect(!feed.isComplete)
        #expect(try audience.service.load(audience.id).notifications.count == 20)
        // The process is gone: a new one plans what is not pending, the 80 left.
        let rerun = NotificationOutbox(service: audience.service, configuration: BreachConfiguration(), environment: [:])
        let (queued, report) = try rerun.notify(incidentID: audience.id, obligationID: obligation)
        #expect(queued.notifications.count == 80)
        #expect(report.delivered.count == 100, "the rerun sends the first slice's notifications too")
        let incident = try audience.service.load(audience.id)
        #expect(Set(incident.notifications.map(\.id)).count == 100 && incident.notifications.count == 100)
        #expect(incident.obligation(obligation)?.metAt != nil)
        #expect(try audience.service.verify().isIntact)
    }

    /// An obligation waived between slices: the fresh plan has nothing left for it, so the rest is dropped
    /// (a warning, no error), and what was queued stays queued.
    @Test func anObligationWaivedBetweenSlicesEndsTheFeedWithoutAnError() throws {
        let audience = try OutboxAudience("sliced-waived", recipients: 100)
        let feed = try QueueFeed(outbox: audience.outbox, incidentID: audience.id, obligationID: obligation, early: nil, supplement: nil,
                                 slice: 20, threshold: 10)
        _ = try audience.service.execute(.waive(obligationID: obligation, reason: "handled by the customer's own team"), on: audience.id)
        try feed.drain()
        #expect(feed.isComplete)
        #expect(feed.queued.notifications.count == 20)
        #expect(try audience.service.load(audience.id).notifications.count == 20)
        #expect(try audience.service.verify().isIntact)
    }

    @Test func aBudgetThatStopsTheSendingStillQueuesTheWholePlan() throws {
        let recipients = 200
        let audience = try OutboxAudience("sliced-budget", recipients: recipients)
        let service = audience.service, outbox = audience.outbox, id = audience.id
        outbox.slicedQueueing = .init(threshold: 50, slice: 40)
        let (queued, report) = try outbox.notify(incidentID: id, obligationID: obligation, maxSeconds: 0)
        #expect(queued.notifications.count == recipients)
        #expect(report.delivered.isEmpty)
        #expect(report.deferred[.timeBudget, default: 0] > 0)
        let incident = try service.load(id)
        #expect(incident.notifications.count == recipients)
        #expect(incident.notifications.allSatisfy { $0.status == .queued && $0.attempts == 0 })
        #expect(incident.obligation(obligation)?.metAt == nil)
        #expect(try service.verify().isIntact)
    }
}

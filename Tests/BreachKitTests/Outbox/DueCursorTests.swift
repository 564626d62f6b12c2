import BreachDomain
@testable import BreachKit
import Foundation
import Testing

/// A claim taken in slices reads the due order (due time, then id) on from where the last slice stopped.
@Suite struct DueCursorTests {
    /// One declared incident with n1 and n2 queued at hour 2 and n3 at hour 3 (due at their queue times).
    private func threeQueued() throws -> (StoreFixture, String) {
        let fixture = try StoreFixture()
        let id = try fixture.service(at: 0).detect(title: "Leak", kind: "data-breach", severity: .high, summary: nil).id
        try fixture.service(at: 1).execute(.declare(awareAt: nil, reason: "exposed"), on: id)
        func queued(_ ids: [String]) -> [IncidentEvent] {
            ids.map { .notificationQueued(StoreFixture.notification($0, for: "notify-customers", to: "acme-\($0)", via: "webhook").queued) }
        }
        try fixture.record(queued(["n2", "n1"]), on: id, at: 2)
        try fixture.record(queued(["n3"]), on: id, at: 3)
        return (fixture, id)
    }

    @Test func readingOnAfterACursorGivesTheRestInDueOrder() throws {
        let (fixture, id) = try threeQueued()
        let now = StoreFixture.at(4)
        try fixture.service(at: 4).store.read { reader in
            let all = try reader.dueNotifications(by: now, incidentID: id, limit: 10)
            #expect(all.map(\.notificationID) == ["n1", "n2", "n3"])
            // Within one due time the id breaks the tie; past it, the later due time follows.
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: all[0].cursor, limit: 10).map(\.notificationID) == ["n2", "n3"])
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: all[1].cursor, limit: 1).map(\.notificationID) == ["n3"])
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: all[2].cursor, limit: 10).isEmpty)
            // A cursor between rows (a row read before and gone since) still finds the next ones.
            let between = DueCursor(dueAt: all[0].dueAt, incidentID: id, notificationID: "n1x")
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: between, limit: 10).map(\.notificationID) == ["n2", "n3"])
        }
    }

    /// Read up to a cursor, included (a sliced queue's last queued notification): nothing after it, however
    /// due, and the reading on after it starts where the bound stopped.
    @Test func readingUpToACursorStopsThereIncludingIt() throws {
        let (fixture, id) = try threeQueued()
        let now = StoreFixture.at(4)
        try fixture.service(at: 4).store.read { reader in
            let all = try reader.dueNotifications(by: now, incidentID: id, limit: 10)
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: nil, through: all[0].cursor, limit: 10).map(\.notificationID) == ["n1"])
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: all[0].cursor, through: all[1].cursor, limit: 10)
                .map(\.notificationID) == ["n2"])
            // A bound at an earlier due time leaves out the later one, whatever its id.
            let early = DueCursor(dueAt: all[0].dueAt, incidentID: id, notificationID: "n9")
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: nil, through: early, limit: 10).map(\.notificationID) == ["n1", "n2"])
            #expect(try reader.dueNotifications(by: now, incidentID: id, after: all[1].cursor, through: all[2].cursor, limit: 10)
                .map(\.notificationID) == ["n3"])
        }
    }
}

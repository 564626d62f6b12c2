import BreachDomain
@testable import BreachKit
import Foundation
import GRDB
import Testing

/// Given another process holding the write lock, when a command writes, then it waits the busy timeout once and says so.
@Suite struct BusyDatabaseTests {
    @Test func aHeldWriteLockIsReportedAsBusyWithoutConflictRetries() throws {
        let fixture = try StoreFixture()
        let id = try fixture.service().detect(title: "Leak", kind: "data-breach", severity: .high, summary: nil).id
        var config = Configuration()
        config.allowsUnsafeTransactions = true  // the lock must outlive one database access, as another process's would
        let holder = try DatabaseQueue(path: fixture.path, configuration: config)
        try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }

        let impatient = try BreachDatabase.open(path: fixture.path, busyTimeout: 0.2)
        let service = fixture.service(on: impatient)
        let started = Date()
        #expect(throws: BreachError.self) { try service.execute(.note("while locked"), on: id) }
        do { try service.execute(.note("while locked"), on: id) } catch let error as BreachError {
            #expect(error.code == .busy)
            #expect(error.message.contains("busy"))
        }
        // Two attempts of 0.2 s each, not 2 × 5 conflict retries.
        #expect(Date().timeIntervalSince(started) < 2)
    }
}

import BreachKit
import Foundation
import Testing

/// Obligation snapshots are written and read as `JSONValue` only. The first snapshots were written through
/// `JSONEncoder` (sorted keys); a rule written now must read and hash exactly like one written then.
@Suite struct ObligationSnapshotCodingTests {
    /// What the first snapshots stored: the rule through `JSONEncoder` with sorted keys, parsed back.
    static func encodedTheOldWay(_ rule: ObligationRule) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONValue.parse(String(decoding: try encoder.encode(rule), as: UTF8.self))
    }

    @Test(arguments: ShippedPlaybooksTests.expectedIDs)
    func everyShippedRuleIsStoredAsBeforeAndReadsBack(_ id: String) throws {
        for rule in try ShippedPlaybooksTests.load(id).obligations {
            #expect(rule.json.serialized() == (try Self.encodedTheOldWay(rule)).serialized(), "\(id)/\(rule.id)")
            #expect(ObligationRule(json: rule.json) == rule, "\(id)/\(rule.id)")
            let snapshot = ObligationSnapshot(rule, dueAt: Date(timeIntervalSince1970: 1_800_000_000), holidays: ["2026-12-25"])
            #expect(try ObligationSnapshot(payload: JSONValue.parse(snapshot.payload.serialized())) == snapshot)
        }
    }

    @Test func anUnreadableStoredRuleIsKeptAsUnreadableNotGuessed() throws {
        let stored = JSONValue.object([("id", .string("notify")), ("rule", .object([("id", .string("notify")), ("anchor", .string("sunrise"))]))])
        let snapshot = try ObligationSnapshot(payload: stored)
        #expect(snapshot.rule == nil)
        #expect(snapshot.title == "notify")
        #expect(throws: EventDecodingError.self) { try ObligationSnapshot(payload: .object([("title", .string("no id"))])) }
    }
}

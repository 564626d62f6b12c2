@testable import BreachKit
import Testing

@Suite("Once")
struct OnceTests {
    /// Counts calls from the closure it is captured in.
    private final class Counter: @unchecked Sendable { var calls = 0 }

    @Test func theValueIsMadeOnFirstUseAndOnlyOnce() throws {
        let counter = Counter()
        let once = Once { counter.calls += 1; return "made" }
        #expect(!once.isMade && counter.calls == 0)
        #expect(try once.get() == "made")
        #expect(try once.get() == "made")
        #expect(once.isMade && counter.calls == 1)
    }

    @Test func aFailureIsKeptAndThrownToEveryCaller() {
        struct Broken: Error, Equatable {}
        let counter = Counter()
        let once = Once<Int> { counter.calls += 1; throw Broken() }
        #expect(throws: Broken.self) { try once.get() }
        #expect(throws: Broken.self) { try once.get() }
        #expect(once.isMade && counter.calls == 1)
    }
}

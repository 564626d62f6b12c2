import BreachDomain
@testable import BreachKit
import Foundation
import Testing

/// `LazyRulesProvider`: reading commands never pay for the playbooks; writing ones see the same rules.
@Suite("Lazy rules provider")
struct LazyRulesProviderTests {
    final class Counter: @unchecked Sendable { var loads = 0 }

    @Test func nothingIsLoadedUntilRulesAreAskedForThenOnlyOnce() throws {
        let counter = Counter()
        let provider = LazyRulesProvider {
            counter.loads += 1
            return FakeRulesProvider()
        }
        #expect(counter.loads == 0 && !provider.isLoaded)
        try provider.validateKind("data-breach")
        #expect(try provider.rules(forKind: "data-breach") != nil)
        #expect(counter.loads == 1 && provider.isLoaded)
    }

    @Test func aLoadingErrorReachesEveryCallerUnchanged() throws {
        let provider = LazyRulesProvider { throw BreachError(.invalidFile, "cannot load playbooks from /nowhere") }
        for _ in 0..<2 {
            let error = #expect(throws: BreachError.self) { try provider.validateKind("data-breach") }
            #expect(error?.code == .invalidFile)
        }
    }

    @Test func aServiceThatOnlyReadsNeverLoadsTheRules() throws {
        let fixture = try StoreFixture()
        try fixture.populate()
        let provider = LazyRulesProvider { FakeRulesProvider() }
        let service = IncidentService(database: fixture.database, clock: FixedClock(StoreFixture.at(80)), actor: "alice",
                                      rulesProvider: provider)
        _ = try service.list(IncidentFilter(openOnly: true))
        _ = try service.load("INC-1")
        #expect(!provider.isLoaded)
        try service.execute(.note("now it loads"), on: "INC-1")
        #expect(provider.isLoaded)
    }
}

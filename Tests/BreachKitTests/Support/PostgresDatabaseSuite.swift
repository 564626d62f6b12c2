import BreachKit
import BreachTestSupport

/// A suite working on a database of its own on the shared test PostgreSQL cluster (`PostgresCluster`).
protocol PostgresDatabaseSuite {
    var cluster: PostgresCluster { get }
    var database: String { get }
}

extension PostgresDatabaseSuite {
    var uri: String { cluster.uri(database: database) }

    /// The shared cluster and a new, empty database on it, for a suite's `init`.
    static func freshDatabase() throws -> (PostgresCluster, String) {
        let cluster = try PostgresCluster.shared()
        return (cluster, try cluster.makeDatabase())
    }

    /// A service on `store` acting as `actor`, its clock and wall clock `hours` after `StoreFixture`'s start.
    func service(_ store: any BreachStore, at hours: Double = 0, actor: String = "postgres") -> IncidentService {
        IncidentService(store: store, clock: FixedClock(StoreFixture.at(hours)), actor: actor,
                        wallClock: FixedClock(StoreFixture.at(hours)), rulesProvider: FakeRulesProvider())
    }
}

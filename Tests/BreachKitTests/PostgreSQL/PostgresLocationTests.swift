@testable import BreachKit
import Testing

/// Connection URIs as breach prints them in errors and progress lines: never with a password.
@Suite("PostgreSQL: connection URIs shown without their password")
struct PostgresLocationTests {
    @Test(arguments: [
        ("postgresql://alice:s3cret@db.example:5432/breach", "postgresql://alice@db.example:5432/breach"),
        ("postgresql://alice:p@ss@db.example/breach?sslmode=verify-full", "postgresql://alice@db.example/breach?sslmode=verify-full"),
        ("postgresql://alice:pw@a.example:5432,b.example:5432/breach?target_session_attrs=read-write",
         "postgresql://alice@a.example:5432,b.example:5432/breach?target_session_attrs=read-write"),
        ("postgresql:///breach?host=/tmp/pg&password=s3cret&port=5433", "postgresql:///breach?host=/tmp/pg&port=5433"),
        ("postgresql:///breach?password=s3cret", "postgresql:///breach"),
        ("postgresql:///breach?host=/tmp/pg&password=s3cret", "postgresql:///breach?host=/tmp/pg"),
        // Every password parameter, not only the first (the regular expression this replaced kept a second).
        ("postgresql:///breach?sslmode=require&password=one&password=two", "postgresql:///breach?sslmode=require"),
        ("postgresql://bob@db.example/breach", "postgresql://bob@db.example/breach"),
        ("postgresql://db.example/breach?user=bob", "postgresql://db.example/breach?user=bob"),
        ("service=breach", "service=breach"),
    ])
    func thePasswordIsLeftOut(uri: String, shown: String) {
        #expect(PostgresLocation.redacted(uri) == shown)
        #expect(!PostgresLocation.redacted(uri).contains("s3cret"))
    }
}

@testable import BreachServer
import Testing

@Suite("Access log fields")
struct AccessLogFormatTests {
    @Test("durations print in milliseconds with two decimals, rounded half up")
    func milliseconds() {
        #expect(AccessLogMiddleware.milliseconds(.zero) == "0.00")
        #expect(AccessLogMiddleware.milliseconds(.microseconds(5)) == "0.01")
        #expect(AccessLogMiddleware.milliseconds(.microseconds(4)) == "0.00")
        #expect(AccessLogMiddleware.milliseconds(.microseconds(12_345)) == "12.35")
        #expect(AccessLogMiddleware.milliseconds(.milliseconds(7) + .microseconds(90)) == "7.09")
        #expect(AccessLogMiddleware.milliseconds(.seconds(2)) == "2000.00")
    }

    @Test("paths are logged as they are unless they carry control characters or run past 512 characters")
    func paths() {
        #expect(AccessLogMiddleware.loggablePath("/api/v1/incidents/INC-7") == "/api/v1/incidents/INC-7")
        #expect(AccessLogMiddleware.loggablePath("/a\u{1B}[2Jb\r\nforged=1") == "/a[2Jbforged=1")
        #expect(AccessLogMiddleware.loggablePath("/caf\u{E9}") == "/caf\u{E9}")
        #expect(AccessLogMiddleware.loggablePath("/del\u{7F}") == "/del")
        #expect(AccessLogMiddleware.loggablePath("/" + String(repeating: "x", count: 600)).count == 512)
    }
}

/// Which paths belong to the dashboard (HTML) rather than the API (JSON).
enum DashboardPaths {
    static func isDashboard(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/api" || path == "/healthz")
    }
}

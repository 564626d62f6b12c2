/// "in 5h 12m" / "overdue by 2h 3m", for deadlines in human output.
public enum Countdown {
    public static func describe(seconds: Double) -> String {
        let total = Int(abs(seconds)) / 60
        let days = total / 1440, hours = total % 1440 / 60, minutes = total % 60
        let text = days > 0 ? "\(days)d \(hours)h" : hours > 0 ? "\(hours)h \(minutes)m" : "\(minutes)m"
        return seconds >= 0 ? "due in \(text)" : "overdue by \(text)"
    }
}

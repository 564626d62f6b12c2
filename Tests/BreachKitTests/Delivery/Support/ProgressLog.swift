@testable import BreachKit
import Foundation

/// What a run's progress callback was told, in order.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [NotificationOutbox.Progress] = []
    func append(_ progress: NotificationOutbox.Progress) { lock.withLock { items.append(progress) } }
    var all: [NotificationOutbox.Progress] { lock.withLock { items } }
}

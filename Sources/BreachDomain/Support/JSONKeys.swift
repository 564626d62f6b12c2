import Foundation

/// The object keys of the payloads breach stores, handed out by the JSON parser instead of new strings.
///
/// Every event's payload repeats the same few dozen keys, and making a `String` of each (validating its
/// UTF-8, allocating past 15 bytes) was a large part of parsing a payload. A key found here is returned
/// as the table's own string; any other key parses exactly as before, only without the shortcut.
enum JSONKeys {
    /// The keys of event payloads (incident, obligation snapshot and rule, notification, contact events).
    static let vocabulary: [String] = [
        // Incident events.
        "title", "kind", "severity", "summary", "from", "to", "reason", "forced", "stage", "item", "aware_at", "obligations",
        "determined_at", "text", "assignee", "contact_id", "obligation_id", "threshold_seconds", "due_at", "resolution",
        // Obligation snapshots and their rules.
        "id", "audience_text", "anchor", "channels", "escalation_thresholds", "holidays", "rule", "audience", "roles", "scope",
        "tags", "description", "duration", "escalationThresholds", "template", "body", "subject",
        // Notifications.
        "notification_id", "channel", "destination", "attempt", "receipt", "http_status", "smtp_code", "curl_code",
        "duration_ms", "next_attempt_at", "error",
        // Contacts.
        "name", "email", "role", "webhook_url", "webhook_secret_ref", "webhook_format", "ca_bundle",
    ]

    /// The vocabulary in buckets by length, first and last byte (`bucket(_:)`): a lookup compares bytes
    /// with one key, rarely two.
    private static let buckets: [[(bytes: [UInt8], key: String)]] = {
        var table = Array(repeating: [(bytes: [UInt8], key: String)](), count: 256)
        for key in vocabulary {
            let bytes = Array(key.utf8)
            table[bytes.withUnsafeBufferPointer(bucket)].append((bytes, key))
        }
        return table
    }()

    /// The bucket of a non-empty key: a mix of its length, first and last byte.
    private static func bucket(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        (bytes.count &* 31 &+ Int(bytes[0]) &* 7 &+ Int(bytes[bytes.count - 1])) & 255
    }

    /// The vocabulary's string for the UTF-8 bytes of a key, or nil when the key is not in it.
    static func known(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return nil }
        for candidate in buckets[bucket(bytes)] where candidate.bytes.count == bytes.count
            && candidate.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, start, bytes.count) == 0 }) {
            return candidate.key
        }
        return nil
    }
}

import Yams

/// Bounds on the YAML breach reads (playbooks, breach.yml), checked before anything walks the tree.
///
/// YAML aliases let a small file stand for a huge tree: `*roles` repeated 40 times over a 20 000-entry
/// list, or the "billion laughs" of nested aliases. A composed alias is the anchored node again, so
/// every walk over the tree pays for the expansion. One bounded walk first — it stops as soon as the
/// budget is spent — keeps every later step linear in a size that is known to be small.
public enum YAMLBudget {
    /// The most nodes a document may expand to, aliases counted each time they are used.
    public static let maxNodes = 100_000
    /// The most entries of one list or mapping (roles, tags, channels, obligations, holidays, keys…).
    public static let maxEntries = 1_000
    /// The largest file read, in bytes.
    public static let maxBytes = 1 << 20

    /// What exceeded a bound, and where.
    public struct Problem: Sendable {
        public let line: Int
        public let column: Int
        public let message: String
    }

    /// The first bound `yaml` or its tree exceeds, or nil when it is within all of them.
    public static func problem(yaml: String, root: Node?) -> Problem? {
        if yaml.utf8.count > maxBytes {
            return Problem(line: 1, column: 1, message: "the file is \(yaml.utf8.count) bytes; the limit is \(maxBytes) (a playbook or configuration is a few kilobytes)")
        }
        guard let root else { return nil }
        var stack = [root]
        var nodes = 0
        while let node = stack.popLast() {
            nodes += 1
            if nodes > maxNodes {
                return Problem(line: (node.mark?.line ?? 1), column: (node.mark?.column ?? 1),
                               message: "the document expands to more than \(maxNodes) values (aliases counted each time they are used); write it out plainly, without nested aliases")
            }
            switch node {
            case .scalar, .alias:
                continue
            case let .sequence(sequence):
                if sequence.count > maxEntries { return tooMany(sequence.count, at: node, what: "a list") }
                stack.append(contentsOf: sequence)
            case let .mapping(mapping):
                if mapping.count > maxEntries { return tooMany(mapping.count, at: node, what: "a mapping") }
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            }
        }
        return nil
    }

    private static func tooMany(_ count: Int, at node: Node, what: String) -> Problem {
        Problem(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                message: "\(what) of \(count) entries; the limit is \(maxEntries) (e.g. roles and tags are a few names each)")
    }
}

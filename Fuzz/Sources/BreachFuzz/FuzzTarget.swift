import BreachKit
import Foundation

/// One fuzzed parser: what it is called on the command line and how an input is fed to it.
enum FuzzTarget: String, CaseIterable {
    case playbook, csv, rfc3339, json, email, yaml

    /// The target chosen by `$BREACH_FUZZ_TARGET` (scripts/fuzz sets it).
    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["BREACH_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("BREACH_FUZZ_TARGET must be one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        return target
    }()

    func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .playbook:
            _ = try? PlaybookLoader.load(yaml: text, fileName: "fuzz.yml")
        case .csv:
            if let contacts = try? ContactCSVImport.parse(text: text, fileName: "fuzz.csv") {
                // An accepted contact must be one the registry would accept on its own.
                for contact in contacts { precondition((try? ContactValidation.validated(contact)) != nil, "import accepted an invalid contact") }
            }
        case .rfc3339:
            if let date = RFC3339.parse(text) {
                // Whatever parses must format (whole seconds) and parse back to the same second.
                let formatted = RFC3339.format(date)
                let second = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
                precondition(RFC3339.parse(formatted) == second, "\(text) → \(formatted) does not round-trip")
            }
        case .json:
            if let value = try? JSONValue.parse(text) {
                // Serialising what was parsed gives a document that parses to the same value.
                let serialized = value.serialized()
                precondition((try? JSONValue.parse(serialized)) == value, "\(serialized) does not round-trip")
            }
        case .email:
            EmailFuzzInput(data).check()
        case .yaml:
            // YAML complexity (issue 18): whatever the input — aliases, long lists — reading it as a playbook
            // and as breach.yml finishes within a time budget, because YAMLBudget bounds the walk first.
            // Measured in this thread's CPU time, not wall time: a fuzzer run at low priority beside builds
            // can wait seconds for a core, which is not the input's doing (a 0.1 s input once "took" 2 s).
            let start = Self.threadCPUSeconds()
            _ = try? PlaybookLoader.load(yaml: text, fileName: "fuzz.yml")
            _ = try? BreachConfiguration.parse(text, fileName: "fuzz.yml")
            let used = Self.threadCPUSeconds() - start
            precondition(used < 2, "a \(data.count)-byte input took \(used) s of CPU")
        }
    }

    /// CPU seconds this thread has used.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

import ArgumentParser
import BreachKit

struct FileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract: "Record a filing made outside breach (a regulator's portal, a phone call).",
        discussion: HelpText.discussion("""
            Meets the obligation at --at (default now); `fulfilled:` anchors count it and
            `report notifications` shows it with channel manual. --evidence keeps the
            file's SHA-256 and size only, never its bytes (a missing file, a directory
            or one over 100 MB is refused, 64). A filing for a met or waived
            obligation is refused (67).
            """, examples: ["breach file INC-4 gdpr-personal-data/supervisory-authority \\\n      --reference CNIL-2026-0042 --evidence receipt.pdf"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Argument(help: "Obligation id (see `breach show`).", completion: Completions.obligation) var obligation: String
    @Option(help: "The regulator's reference (case number, receipt id).") var reference: String
    @Option(help: ArgumentHelp("When the filing was made (default: now).", valueName: "time")) var at: String?
    @Option(help: ArgumentHelp("A receipt or screenshot; only its SHA-256 and size are recorded.", valueName: "file")) var evidence: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try IncidentCommandRunner.run(global, id: id, { _ in
            let when = try at.map { try ArgumentValues.time($0, flag: "--at") }
            let digest = try evidence.map { try EvidenceFile.digest(path: $0) }
            return .file(obligationID: obligation, reference: reference, at: when, evidence: digest)
        }) { incident in
            let filed = incident.obligation(obligation)?.filings.last
            var line = "\(incident.id): \(obligation) filed at \(filed.map { global.times.string($0.filedAt) } ?? "?") (reference \(reference))"
            if let evidence = filed?.evidence { line += "; evidence sha256 \(evidence.sha256) (\(evidence.size) bytes)" }
            return line
        }
    }
}

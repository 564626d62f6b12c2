import ArgumentParser
import BreachKit
import Foundation

/// `breach checkpoint`: sign the log's head with the key outside the database, record it, send it to the witnesses.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the log's head (sequence, hash, real time) and send it to the witnesses.",
        discussion: HelpText.discussion("""
            Signs with the Ed25519 key named by audit.signing_key (file:PATH) in
            breach.yml, records the checkpoint as an event, and sends it as one JSON
            line to every contact with role witness. `breach verify` then fails on a
            log rewritten after it; witnesses keep their copies for
            `breach verify --checkpoints FILE`. `breach check` makes one whenever
            the log moved. --generate-key PATH makes a new key (mode 0600).
            """, examples: [
                "breach checkpoint --generate-key /etc/breach/checkpoint.key",
                "breach checkpoint",
                "breach checkpoint --json >> /mnt/offsite/breach-checkpoints.jsonl",
            ], exitStatuses: [
                (ExitStatus.checkerFailed, "recorded, but a witness could not be sent its copy"),
                (ExitStatus.invalidFile, "no usable audit.signing_key (missing, unreadable, not\nprivate to its owner, or not a key)"),
            ])
    )
    @Option(name: .customLong("generate-key"), help: ArgumentHelp("Write a new signing key to this file and print its public key.", valueName: "path"),
            completion: .file()) var generateKey: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try CommandContext(global)
        if let generateKey {
            try PathRules.validate(generateKey, field: "--generate-key")
            let key = try CheckpointKey.generate(at: generateKey)
            if global.json { Printer.json(.object([("path", .string(generateKey)), ("public_key", .string(key.publicKey))])); return }
            print("""
                wrote a new checkpoint signing key to \(generateKey) (mode 0600); keep it off the database host if you can
                public key: \(key.publicKey)
                add to breach.yml:
                  audit:
                    signing_key: file:\(generateKey)
                    public_key: \(key.publicKey)
                """)
            return
        }
        let configuration = try context.configuration()
        guard let reference = configuration.auditSigningKey else {
            throw BreachError(.invalidFile, "no audit.signing_key in \(configuration.source ?? "breach.yml"); make a key with `breach checkpoint --generate-key PATH` and add `audit: {signing_key: file:PATH}`")
        }
        let service = try context.service(creating: false)
        let checkpointer = Checkpointer(store: service.store, key: try CheckpointKey.load(reference: reference), clock: context.clock, actor: service.actor)
        guard let made = try checkpointer.make() else { return }
        let deliveries = try checkpointer.sendToWitnesses(made.checkpoint, configuration: configuration, environment: context.environment)
        Self.report(made, deliveries, json: global.json)
        if deliveries.contains(where: { $0.receipt.outcome != .delivered }) { throw ExitCode(ExitStatus.checkerFailed) }
    }

    /// Prints a checkpoint and its witness deliveries (shared with `check`), with a stderr line per failed copy.
    static func report(_ made: Checkpointer.Made, _ deliveries: [Checkpointer.WitnessDelivery], json: Bool) {
        if json {
            Printer.json(.object([
                ("checkpoint", made.checkpoint.payload), ("event_sequence", .int(made.eventSequence)),
                ("witnesses", .array(deliveries.map(document))),
            ]))
        } else {
            print("checkpoint of #\(made.checkpoint.sequence) (\(made.checkpoint.headHash.prefix(16))…) signed at \(RFC3339.format(made.checkpoint.signedAt)), recorded as #\(made.eventSequence)")
            for delivery in deliveries where delivery.receipt.outcome == .delivered {
                print("  sent to witness \(delivery.contactID) (\(delivery.channel.rawValue)): \(delivery.receipt.receipt)")
            }
        }
        if deliveries.isEmpty {
            StandardError.write("breach: warning: no contact has role witness; keep copies of checkpoints elsewhere (e.g. `breach checkpoint --json >> FILE` on another host)")
        }
        for delivery in deliveries where delivery.receipt.outcome != .delivered {
            StandardError.write("breach: witness \(delivery.contactID) (\(delivery.channel.rawValue)) did not get checkpoint #\(made.checkpoint.sequence): \(ExternalText.sanitized(delivery.receipt.receipt))")
        }
    }

    static func document(_ delivery: Checkpointer.WitnessDelivery) -> JSONValue {
        .object([("contact_id", .string(delivery.contactID)), ("channel", .string(delivery.channel.rawValue)),
                 ("delivered", .bool(delivery.receipt.outcome == .delivered)), ("receipt", .string(ExternalText.sanitized(delivery.receipt.receipt)))])
    }
}

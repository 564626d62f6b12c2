import BreachDomain
import Foundation

extension IntegrityReport {
    /// Checks `event` as the next of a walk of the log in sequence order, whatever the backend: it must
    /// follow the head without a gap, chain to the head's hash and hash to its own; the first break is
    /// kept. Counts backdated evidence and moves the head to `event`.
    mutating func walk(_ event: StoredEvent) {
        events += 1
        let expectedSequence = headSequence + 1
        if chainProblem == nil {
            if event.sequence != expectedSequence {
                chainProblem = (expectedSequence, "event #\(expectedSequence) is missing (next stored is #\(event.sequence)): rows were deleted")
            } else if event.previousHash != headHash {
                chainProblem = (event.sequence, "event #\(event.sequence) does not follow #\(event.sequence - 1): its previous hash does not match (rows deleted, reordered or edited)")
            } else if EventHasher.hash(of: event) != event.hash {
                chainProblem = (event.sequence, "event #\(event.sequence) (\(event.stream) v\(event.version), \(event.type)) was modified: its hash does not match its contents")
            }
        }
        if Backdating.evidenceTypes.contains(event.type), let effective = RFC3339.parse(event.effectiveAt),
           let recorded = RFC3339.parse(event.recordedAt), Backdating.isBackdated(effective: effective, recorded: recorded) {
            backdatedEvidence += 1
        }
        headSequence = event.sequence
        headHash = event.hash
    }
}

import BreachDomain
import Foundation

extension IncidentService {
    /// Checks the checkpoints recorded in the log and, when given, witness copies (see `CheckpointVerifier`).
    public func verifyCheckpoints(witnessCopies: [Checkpoint]?, trustedKey: String?) throws -> CheckpointVerifier.Result {
        try store.read { reader in
            var result = try CheckpointVerifier.verifyRecorded(in: reader, trustedKey: trustedKey)
            if let witnessCopies {
                let witnessed = try CheckpointVerifier.verify(witnessCopies, in: reader, trustedKey: trustedKey)
                result.checked += witnessed.checked
                result.problems += witnessed.problems
                result.newestVouched = max(result.newestVouched, witnessed.newestVouched)
            }
            return result
        }
    }

    /// How many checkpoints the log records (to decide whether `verify` needs the configuration).
    public func checkpointCount() throws -> Int {
        try store.read { reader in try CheckpointVerifier.recorded(in: reader).count }
    }
}

import BreachDomain

/// Who made a request: the token it carried (by name) and what that token may do.
struct Principal: Sendable, Equatable {
    let tokenName: String
    let scope: TokenScope

    /// The actor recorded on events this request appends.
    var actor: String { "token:\(tokenName)" }
}

import Foundation

/// The stage rules of the playbook an incident follows, as far as `decide` needs them.
public protocol StageRules: Sendable {
    /// The checklist item ids of `stage`, in order.
    func checklistItems(of stage: Stage) -> [String]
    /// The ids of the required items of `stage`.
    func requiredItems(of stage: Stage) -> [String]
}

/// The obligations a declaration creates, with due times computed from the incident's times.
public protocol DeclarationRules: Sendable {
    /// Snapshots of the obligations, each with `id`, `title` and `due_at` (null when its anchor is not recorded yet).
    func obligationSnapshots(declaredAt: Date, awareAt: Date, determinedAt: Date?) -> [ObligationSnapshot]
    /// Snapshots for an incident with `times`; with `regime`, ids (and `fulfilled:` anchors) become
    /// `<regime>/<id>`. Throws when a due time would need a year a calendar does not cover.
    func obligationSnapshots(times: IncidentTimes, regime: String?) throws(BreachError) -> [ObligationSnapshot]
    /// The milestones the playbook names (`breach mark` accepts these).
    var milestoneNames: [String] { get }
    /// The fact keys the playbook declares (`breach facts --set` accepts these).
    var factKeys: [String] { get }
    /// The declared facts' types (`facts --set` checks values against them); text when not declared.
    var factTypes: [String: FactType] { get }
}

extension DeclarationRules {
    public func obligationSnapshots(times: IncidentTimes, regime: String?) throws(BreachError) -> [ObligationSnapshot] {
        let snapshots = obligationSnapshots(declaredAt: times.declaredAt ?? Date(timeIntervalSince1970: 0),
                                            awareAt: times.awareAt ?? times.declaredAt ?? Date(timeIntervalSince1970: 0),
                                            determinedAt: times.determinedAt)
        guard let regime else { return snapshots }
        return snapshots.map { snapshot in
            var renamed = snapshot
            renamed.id = "\(regime)/\(snapshot.id)"
            renamed.regime = regime
            return renamed
        }
    }
    public var milestoneNames: [String] { [] }
    public var factKeys: [String] { [] }
    public var factTypes: [String: FactType] { [:] }
}

/// The further regimes (playbooks) an incident may carry besides its own kind.
public protocol RegimeCatalog: Sendable {
    /// The rules of regime `id`, or nil when no playbook has that id.
    func declarationRules(forRegime id: String) -> (any DeclarationRules)?
    /// Every regime id, for error messages.
    var regimeIDs: [String] { get }
}

extension Incident {
    /// Decides which events `command` produces for `state` at `now`, or refuses with a `BreachError`.
    ///
    /// Pure: no I/O, no clock. `rules` supplies the playbook's checklists and obligations.
    public static func decide(
        _ command: IncidentCommand,
        state: Incident?,
        stageRules: StageRules? = nil,
        declarationRules: DeclarationRules? = nil,
        regimes: (any RegimeCatalog)? = nil,
        now: Date
    ) throws(BreachError) -> [IncidentEvent] {
        if case let .detect(title, kind, severity, summary) = command {
            guard state == nil else { throw .refused("incident already exists") }
            let cleanTitle = try TextRules.line(title, field: "title", maxLength: TextRules.maxTitleLength)
            let cleanSummary = try summary.map { s throws(BreachError) in try TextRules.text(s, field: "summary") }
            return [.detected(title: cleanTitle, kind: kind, severity: severity, summary: cleanSummary)]
        }
        guard let incident = state else { throw .notFound("no such incident") }
        return try incident.decide(command, stageRules: stageRules, declarationRules: declarationRules, regimes: regimes, now: now)
    }

    private func decide(_ command: IncidentCommand, stageRules: StageRules?, declarationRules: DeclarationRules?,
                        regimes: (any RegimeCatalog)?, now: Date) throws(BreachError) -> [IncidentEvent] {
        switch command {
        case .detect:
            throw .refused("\(id) already exists")
        case let .advance(target, reason, force):
            return try decideAdvance(to: target, reason: reason, force: force, rules: stageRules)
        case let .checkItem(item):
            try refuseIfClosed("check items on")
            guard let rules = stageRules else { throw .notFound("\(id) has no playbook checklist") }
            guard let stage = Stage.allCases.first(where: { rules.checklistItems(of: $0).contains(item) }) else {
                let known = rules.checklistItems(of: self.stage)
                let hint = known.isEmpty ? "the \(self.stage.rawValue) stage has no checklist" : "items of the \(self.stage.rawValue) stage: \(known.joined(separator: ", "))"
                throw .notFound("'\(TextRules.printable(item))' is not a checklist item of playbook \(kind); \(hint)")
            }
            guard !isChecked(item, in: stage) else { throw .refused("\(item) is already checked on \(id); nothing to do") }
            return [.checklistItemChecked(stage: stage, item: item)]
        case let .declare(awareAt, reason, regimeIDs):
            try refuseIfClosed("declare")
            if let declaredAt {
                throw .refused("\(id) was already declared at \(RFC3339.format(declaredAt)); declaration is once only (see `breach show \(id)`)")
            }
            let aware = awareAt ?? now
            guard aware <= now else {
                throw .invalidInput("--aware-at \(RFC3339.format(aware)) is after the declaration time \(RFC3339.format(now)); awareness cannot be in the future")
            }
            guard aware >= detectedAt.addingTimeInterval(-366 * 86_400) else {
                throw .invalidInput("--aware-at \(RFC3339.format(aware)) is more than a year before detection; check the date")
            }
            let cleanReason = try reason.map { r throws(BreachError) in try TextRules.text(r, field: "reason") }
            var times = self.times
            times.declaredAt = now
            times.awareAt = aware
            // Regimes are checked before anything is computed, so a typo is named first.
            var seen = Set<String>()
            var regimeRules: [(String, any DeclarationRules)] = []
            for regime in regimeIDs {
                let rules = try lookUpRegime(regime, in: regimes)
                guard seen.insert(regime).inserted else {
                    throw .refused("regime \(regime) is given twice; give each --regime once")
                }
                regimeRules.append((regime, rules))
            }
            let obligations = markConditional(try declarationRules?.obligationSnapshots(times: times, regime: nil) ?? [])
            try Self.refuseUnrecordable(obligations)
            var events: [IncidentEvent] = [.declared(awareAt: aware, reason: cleanReason, obligations: obligations)]
            for (regime, rules) in regimeRules {
                let snapshots = markConditional(try rules.obligationSnapshots(times: times, regime: regime))
                try Self.refuseUnrecordable(snapshots)
                events.append(.regimeApplied(RegimeApplied(regime: regime, reason: nil, obligations: snapshots)))
            }
            return events
        case let .apply(regime, reason):
            try refuseIfClosed("apply a regime to")
            let rules = try lookUpRegime(regime, in: regimes)
            guard isDeclared else {
                throw .refused("\(id) is not declared; declare it with the regime (`breach declare \(id) --regime \(regime)`)")
            }
            let cleanReason = try TextRules.text(reason, field: "reason")
            let snapshots = markConditional(try rules.obligationSnapshots(times: times, regime: regime))
            try Self.refuseUnrecordable(snapshots)
            return [.regimeApplied(RegimeApplied(regime: regime, reason: cleanReason, obligations: snapshots))]
        case let .mark(name, at):
            try refuseIfClosed("mark milestones on")
            var known = declarationRules?.milestoneNames ?? []
            for regime in self.regimes { known += regimes?.declarationRules(forRegime: regime.id)?.milestoneNames ?? [] }
            guard known.contains(name) else {
                let list = Array(Set(known)).sorted()
                throw .notFound("'\(TextRules.printable(name))' is not a milestone of \(id)'s playbooks" +
                                (list.isEmpty ? " (they name none)" : "; milestones: \(list.joined(separator: ", "))"))
            }
            if let earlier = milestone(name) {
                throw .refused("milestone \(name) of \(id) was already marked at \(RFC3339.format(earlier)); a milestone is marked once")
            }
            let when = at ?? now
            guard when <= now else { throw .invalidInput("--at \(RFC3339.format(when)) is in the future; a milestone is marked after it happened") }
            return [.milestoneMarked(MilestoneMarked(milestone: name, at: when))]
        case let .file(obligationID, reference, at, evidence):
            try refuseIfClosed("record filings on")
            let obligation = try existingObligation(obligationID)
            if let metAt = obligation.metAt {
                throw .refused("\(obligationID) of \(id) is already met (at \(RFC3339.format(metAt))); record further information with `breach notify \(id) --obligation \(obligationID) --supplement R`")
            }
            if obligation.waivedAt != nil { throw .refused("\(obligationID) of \(id) is waived; a waived obligation takes no filing") }
            try refuseIfWithdrawn(obligation)
            let cleanReference = try TextRules.line(reference, field: "reference", maxLength: TextRules.maxTitleLength)
            let when = at ?? now
            guard when <= now else { throw .invalidInput("--at \(RFC3339.format(when)) is in the future; a filing is recorded after it is made") }
            if let declaredAt, when < declaredAt.addingTimeInterval(-366 * 86_400) {
                throw .invalidInput("--at \(RFC3339.format(when)) is more than a year before the declaration; check the date")
            }
            return [.obligationFiled(ObligationFiled(obligationID: obligationID, reference: cleanReference, filedAt: when, evidence: evidence))]
        case let .setFacts(facts):
            try refuseIfClosed("set facts on")
            guard !facts.isEmpty else { throw .invalidInput("give at least one --set KEY=VALUE") }
            var keys = declarationRules?.factKeys ?? []
            var types = declarationRules?.factTypes ?? [:]
            for regime in self.regimes {
                guard let rules = regimes?.declarationRules(forRegime: regime.id) else { continue }
                keys += rules.factKeys
                types.merge(rules.factTypes) { first, _ in first }
            }
            var clean: [FactsSet.Fact] = []
            for fact in facts {
                guard keys.contains(fact.key) else {
                    let list = Array(Set(keys)).sorted()
                    throw .notFound("fact '\(TextRules.printable(fact.key))' is not declared by \(id)'s playbooks" +
                                    (list.isEmpty ? " (they declare none)" : "; facts: \(list.joined(separator: ", "))"))
                }
                let value = try TextRules.text(fact.value, field: fact.key)
                if let type = types[fact.key], !type.accepts(value) {
                    throw .invalidInput("fact \(fact.key) is a \(type.rawValue): '\(TextRules.printable(value))' is not \(type.example)")
                }
                clean.append(FactsSet.Fact(key: fact.key, value: value))
            }
            return [.factsSet(FactsSet(facts: clean))] + conditionChanges(after: clean)
        case let .supplement(obligationID, reason):
            try refuseIfClosed("send supplements on")
            let obligation = try existingObligation(obligationID)
            guard obligation.metAt != nil else {
                throw .refused("\(obligationID) of \(id) is not met yet; a supplement follows a notification or filing (send it with `breach notify \(id) --obligation \(obligationID)`)")
            }
            return [.supplementRecorded(SupplementRecorded(obligationID: obligationID, number: obligation.supplements.count + 1,
                                                           reason: try TextRules.text(reason, field: "reason")))]
        case let .determine(at):
            try refuseIfClosed("record a determination on")
            if let determinedAt {
                throw .refused("\(id) already has a materiality determination at \(RFC3339.format(determinedAt)); it cannot move")
            }
            let when = at ?? now
            guard when <= now else {
                throw .invalidInput("--at \(RFC3339.format(when)) is in the future; a determination is recorded after it is made")
            }
            return [.materialityDetermined(at: when)]
        case let .note(text):
            return [.noteAdded(text: try TextRules.text(text, field: "note"))]
        case let .assign(user):
            try refuseIfClosed("assign")
            let clean = try TextRules.line(user, field: "assignee", maxLength: TextRules.maxNameLength)
            guard clean != assignee else { throw .refused("\(id) is already assigned to \(clean); nothing to do") }
            return [.assigned(assignee: clean)]
        case let .affect(contactIDs):
            try refuseIfClosed("link contacts to")
            let new = contactIDs.filter { !isAffected($0) }
            guard !new.isEmpty else { throw .refused("those contacts are already linked to \(id); nothing to do") }
            var seen = Set<String>()
            return new.filter { seen.insert($0).inserted }.map { .contactLinked(contactID: $0) }
        case let .waive(obligationID, reason):
            try refuseIfClosed("waive obligations of")
            let obligation = try existingObligation(obligationID)
            if obligation.metAt != nil { throw .refused("\(obligationID) of \(id) is already met; a met obligation cannot be waived") }
            if obligation.waivedAt != nil { throw .refused("\(obligationID) of \(id) is already waived") }
            try refuseIfWithdrawn(obligation)
            return [.obligationWaived(obligationID: obligationID, reason: try TextRules.text(reason, field: "reason"))]
        case let .close(resolution):
            try refuseIfClosed("close")
            let clean = try TextRules.text(resolution, field: "resolution")
            let unmet = obligations.filter(\.isOutstanding)
            guard unmet.isEmpty else {
                let names = unmet.map { "\($0.id) (\($0.status(at: now).rawValue))" }.joined(separator: ", ")
                throw .refused("\(id) cannot close while obligations are neither met nor waived: \(names); notify (`breach notify \(id)`) or waive (`breach waive \(id) OID --reason R`) first")
            }
            return [.closed(resolution: clean)]
        case let .reopen(target, reason):
            guard isClosed else { throw .refused("\(id) is not closed (it is in \(stage.rawValue)); only closed incidents can be reopened") }
            guard target != .closed else { throw .invalidInput("reopen needs a stage other than closed: detect, assess, diagnose or stabilize") }
            return [.reopened(to: target, reason: try TextRules.text(reason, field: "reason"))]
        }
    }

    private func decideAdvance(to target: Stage?, reason: String?, force: Bool, rules: StageRules?) throws(BreachError) -> [IncidentEvent] {
        try refuseIfClosed("advance")
        let destination: Stage
        if let target {
            guard target > stage else {
                if target == stage { throw .refused("\(id) is already in \(stage.rawValue); nothing to do") }
                throw .refused("\(id) is in \(stage.rawValue); stages only move forward (to go back, close and `breach reopen \(id) --to \(target.rawValue) --reason R`)")
            }
            destination = target
        } else {
            destination = stage.next ?? .closed
        }
        guard destination != .closed else {
            throw .refused("advancing \(id) would close it; use `breach close \(id) --resolution R` instead")
        }
        let cleanReason = try reason.map { r throws(BreachError) in try TextRules.text(r, field: "reason") }
        if force && cleanReason == nil {
            throw .invalidInput("--force needs --reason to record why the checklist was skipped")
        }
        if let rules, !force {
            // Every stage being left (including skipped ones) must have its required items done.
            var open: [String] = []
            for stage in Stage.allCases where stage >= self.stage && stage < destination {
                open += rules.requiredItems(of: stage).filter { !isChecked($0, in: stage) }.map { "\(stage.rawValue)/\($0)" }
            }
            if !open.isEmpty {
                throw .refused("\(id) has open required checklist items: \(open.joined(separator: ", ")); check them (`breach check-item \(id) ITEM`) or use --force --reason R")
            }
        }
        return [.stageAdvanced(from: stage, to: destination, reason: cleanReason, forced: force)]
    }

    /// The obligation `obligationID`, or a not-found error listing the incident's obligations.
    private func existingObligation(_ obligationID: String) throws(BreachError) -> Obligation {
        guard let obligation = obligation(obligationID) else {
            let known = obligations.map(\.id)
            throw .notFound("\(id) has no obligation '\(TextRules.printable(obligationID))'" +
                            (known.isEmpty ? " (it has no obligations; was it declared?)" : "; its obligations: \(known.joined(separator: ", "))"))
        }
        return obligation
    }

    /// The rules of a further regime, refusing an unknown one, the incident's own kind and one applied already.
    private func lookUpRegime(_ regime: String, in catalog: (any RegimeCatalog)?) throws(BreachError) -> any DeclarationRules {
        guard let rules = catalog?.declarationRules(forRegime: regime) else {
            let known = catalog?.regimeIDs.filter { $0 != kind } ?? []
            throw .notFound("unknown regime '\(TextRules.printable(regime))'; regimes are playbook ids: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
        }
        if regime == kind {
            throw .refused("\(regime) is \(id)'s own playbook (its kind); its obligations come with the declaration")
        }
        if let applied = regimes.first(where: { $0.id == regime }) {
            throw .refused("regime \(regime) is already applied to \(id) (at \(RFC3339.format(applied.at))); a regime is applied once")
        }
        return rules
    }

    /// A due time past year 9999 cannot be written as RFC 3339: stored, it would read back as "no
    /// deadline" and never be reported. Refused here, before anything is recorded.
    private static func refuseUnrecordable(_ obligations: [ObligationSnapshot]) throws(BreachError) {
        for snapshot in obligations {
            if let due = snapshot.dueAt, RFC3339.parse(RFC3339.format(due)) == nil {
                throw .invalidInput("obligation \(snapshot.id) would be due after year 9999 (\(TextRules.printable(RFC3339.format(due)))), which breach cannot record; check --now / --aware-at")
            }
        }
    }

    private func refuseIfClosed(_ action: String) throws(BreachError) {
        if isClosed {
            throw .refused("\(id) is closed; cannot \(action) it (reopen it first: `breach reopen \(id) --to STAGE --reason R`)")
        }
    }
}

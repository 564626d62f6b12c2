import ArgumentParser
import BreachKit

struct Facts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "Show or set incident facts (nature of the breach, data categories, numbers, …).",
        discussion: HelpText.discussion("""
            Keys are those the incident's playbooks declare under facts: (an undeclared
            key is 66). Templates see them as {{fact_KEY}}; an obligation's
            requires_facts holds `notify` until they are set.
            """, examples: ["breach facts INC-4 --set approx_subjects=1200 \\\n      --set dpo_contact=dpo@example.com", "breach facts INC-4 --json"])
    )
    @Argument(help: "Incident id.", completion: Completions.incident) var id: String
    @Option(name: .customLong("set"), help: ArgumentHelp("A fact to set; repeatable.", valueName: "key=value")) var assignments: [String] = []
    @OptionGroup var global: GlobalOptions

    func run() throws {
        if assignments.isEmpty {
            let context = try CommandContext(global)
            let incident = try context.service(creating: false).load(try IncidentID.parse(id))
            if global.json {
                Printer.json(.object(incident.facts.map { ($0.key, JSONValue.string($0.value)) }))
            } else if incident.facts.isEmpty {
                print("\(incident.id) has no facts set")
            } else {
                for fact in incident.facts { print("\(fact.key)=\(fact.value)") }
            }
            return
        }
        let facts = try assignments.map { text -> FactsSet.Fact in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw BreachError.invalidInput("--set '\(TextRules.printable(text))' is not KEY=VALUE; write e.g. --set approx_subjects=1200")
            }
            return FactsSet.Fact(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
        }
        var before: Incident?
        try IncidentCommandRunner.run(global, id: id, { context in
            before = try? context.service(creating: false).load(try IncidentID.parse(id))
            return .setFacts(facts)
        }) { incident in
            var lines = ["\(incident.id): set \(facts.map(\.key).joined(separator: ", "))"]
            // What the change started or withdrew, so nobody has to diff `show` to learn a new duty exists.
            for obligation in incident.obligations {
                let earlier = before?.obligation(obligation.id)
                if obligation.withdrawnAt != nil, earlier?.withdrawnAt == nil {
                    lines.append("  withdrawn: \(obligation.id) (\(obligation.withdrawalReason ?? ""))")
                } else if obligation.withdrawnAt == nil, earlier == nil || earlier?.withdrawnAt != nil, let applied = obligation.appliedAt {
                    let due = obligation.dueAt.map { RFC3339.format($0) + ($0 < applied ? ", already past due: late" : "") } ?? "when its anchor is recorded"
                    lines.append("  now applies: \(obligation.id), due \(due) (\(obligation.appliedReason ?? ""))")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}

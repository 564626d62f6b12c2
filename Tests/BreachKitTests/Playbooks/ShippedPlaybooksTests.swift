import BreachKit
import Foundation
import Testing

/// Every playbook in `Playbooks/` loads cleanly and models its regime's deadlines correctly.
@Suite struct ShippedPlaybooksTests {
    static let expectedIDs = [
        "availability-outage", "credential-exposure", "data-breach", "gdpr-personal-data", "hipaa-phi",
        "nis2-significant-incident", "ransomware", "sec-material-cyber",
    ]

    /// Issue 16: the regimes real companies answer to, applied beside an incident's own kind.
    static let regimeIDs = [
        "au-ndb", "br-lgpd", "ca-pipeda", "circia-proposed", "dora-major-ict", "hipaa-breach-notification", "in-cert-in",
        "jp-appi", "nydfs-500-17", "sg-pdpa", "uk-gdpr-pecr", "us-state-breach",
    ]

    static func load(_ id: String) throws -> Playbook {
        try PlaybookLoader.load(contentsOf: PlaybookTestPaths.playbooks.appendingPathComponent("\(id).yml"))
    }

    static func rule(_ playbook: String, _ obligation: String) throws -> ObligationRule {
        try #require(try load(playbook).obligation(id: obligation))
    }

    @Test func theFolderValidatesWithoutErrors() {
        let errors = PlaybookValidator.validate(path: PlaybookTestPaths.playbooks.path)
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }

    @Test func theCatalogHoldsEveryShippedPlaybook() throws {
        let catalog = try PlaybookCatalog.load(directory: PlaybookTestPaths.playbooks)
        #expect(catalog.errors.isEmpty)
        #expect(catalog.ids == (Self.expectedIDs + Self.regimeIDs).sorted())
        #expect(catalog.playbook(id: PlaybookCatalog.defaultPlaybookID) != nil)
    }

    @Test(arguments: expectedIDs)
    func eachHasStageChecklistsWithRequiredItems(_ id: String) throws {
        let playbook = try Self.load(id)
        #expect(playbook.description.count > 80)
        #expect(playbook.description == playbook.description.trimmingCharacters(in: .whitespacesAndNewlines))
        for stage in [Stage.detect, .assess, .diagnose, .stabilize] {
            #expect(!playbook.requiredOpenItems(stage: stage, checked: []).isEmpty, "\(id) \(stage) has no required item")
        }
        for rule in playbook.obligations {
            #expect(!rule.escalationThresholds.isEmpty)
            #expect(rule.escalationThresholds == rule.escalationThresholds.sorted(by: >))
            #expect(rule.description?.isEmpty == false)
        }
    }

    @Test func everyShippedObligationCitesItsSource() throws {
        for id in Self.expectedIDs + Self.regimeIDs {
            for rule in try Self.load(id).obligations {
                #expect(rule.source?.isEmpty == false, "\(id)/\(rule.id) has no source")
            }
        }
    }

    @Test(arguments: regimeIDs)
    func eachRegimeIsVerifiedAndSaysWhatItDoesNotModel(_ id: String) throws {
        let playbook = try Self.load(id)
        #expect(playbook.regime?.isEmpty == false)
        #expect(!playbook.obligations.isEmpty)
        for rule in playbook.obligations {
            #expect(rule.verified == "2026-12-02", "\(id)/\(rule.id)")
            #expect(rule.description?.isEmpty == false, "\(id)/\(rule.id)")
        }
        let text = try String(contentsOf: PlaybookTestPaths.playbooks.appendingPathComponent("\(id).yml"), encoding: .utf8)
        let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: " ")
        #expect(header.contains("Not modelled") || header.contains("not modelled"), "\(id): the header must say what the file does not model")
        #expect(header.contains("2026-12-02"), "\(id): the header must say when and against what it was checked")
    }

    @Test func circiaIsLabelledAProposedRule() throws {
        let playbook = try Self.load("circia-proposed")
        #expect(playbook.title.contains("PROPOSED"))
        #expect(playbook.regime?.contains("PROPOSED") == true)
    }

    @Test func usStatesAreKeyedByResidentFacts() throws {
        let playbook = try Self.load("us-state-breach")
        for state in ["CA", "TX", "FL", "NY", "PA", "IL", "OH", "GA", "NC", "MI"] {
            #expect(playbook.facts.contains { $0.key == "residents.\(state)" && $0.type == .number }, "\(state)")
            #expect(playbook.obligation(id: "\(state.lowercased())-residents")?.appliesWhen?.facts == ["residents.\(state)"])
        }
    }

    @Test func doraInitialNotificationIsTheEarliestOfClassificationAndAwareness() throws {
        let rule = try Self.rule("dora-major-ict", "initial-notification")
        #expect(rule.anchor == .earliest([.init(anchor: .milestone("classified-major"), duration: .hours(4)),
                                          .init(anchor: .aware, duration: .hours(24))]))
    }

    @Test func dataBreachIsTheSeed72HoursFromDeclaration() throws {
        let playbook = try Self.load("data-breach")
        #expect(playbook.obligations.map(\.audience.roles) == [["customer-admin"], ["authority"], ["data-subject"]])
        for rule in playbook.obligations {
            #expect(rule.anchor == .declared)
            #expect(rule.duration == .hours(72))
            #expect(rule.escalationThresholds == [48 * 3_600, 24 * 3_600, 6 * 3_600, 3_600])
        }
    }

    @Test func gdprRunsFromAwareness() throws {
        let authority = try Self.rule("gdpr-personal-data", "supervisory-authority")
        #expect(authority.anchor == .aware)
        #expect(authority.duration == .hours(72))
        #expect(authority.audience == AudienceSelector(roles: ["authority"], tags: ["gdpr"], scope: .registry))
        let subjects = try Self.rule("gdpr-personal-data", "data-subjects")
        #expect(subjects.anchor == .aware)
        #expect(subjects.duration == .hours(72))
        #expect(subjects.audience.roles == ["data-subject"])
        #expect(subjects.description?.contains("72-hour target") == true)
    }

    @Test func nis2ChainsTheFinalReportToTheNotification() throws {
        let playbook = try Self.load("nis2-significant-incident")
        #expect(playbook.obligations.map(\.id) == ["early-warning", "incident-notification", "final-report"])
        #expect(try Self.rule("nis2-significant-incident", "early-warning").anchor == .aware)
        #expect(try Self.rule("nis2-significant-incident", "early-warning").duration == .hours(24))
        #expect(try Self.rule("nis2-significant-incident", "incident-notification").duration == .hours(72))
        let final = try Self.rule("nis2-significant-incident", "final-report")
        #expect(final.anchor == .fulfilled("incident-notification"))
        #expect(final.duration == .months(1))
    }

    @Test func hipaaAllowsSixtyCalendarDaysFromDiscovery() throws {
        let rule = try Self.rule("hipaa-phi", "affected-individuals")
        #expect(rule.anchor == .aware)
        #expect(rule.duration == .days(60))
        #expect(rule.audience.roles == ["data-subject"])
    }

    @Test func secFilingIsDueFourBusinessDaysAfterDetermination() throws {
        let playbook = try Self.load("sec-material-cyber")
        let rule = try #require(playbook.obligation(id: "form-8k"))
        #expect(rule.anchor == .determined)
        #expect(rule.duration == .businessDays(4))
        // The holidays moved to their own file, counted in New York, due at the end of the day.
        #expect(playbook.holidays.isEmpty)
        #expect(playbook.calendar == "us-federal")
        #expect(rule.calendar == "us-federal" && rule.endOfDay)
        let catalog = try PlaybookCatalog.load(directory: PlaybookTestPaths.playbooks)
        let calendar = try #require(catalog.calendars["us-federal"])
        #expect(calendar.timeZone == "America/New_York" && calendar.firstYear == 2026 && calendar.lastYear == 2028)
        #expect(calendar.holidays.count == 33)
        #expect(calendar.holidays.contains("2026-11-26") && calendar.holidays.contains("2027-07-05") && calendar.holidays.contains("2028-11-10"))
        // Determined the day before Thanksgiving 2026 (11:00 EST): Fri 27, Mon 30, Tue 1, Wed 2 December, end of day in New York.
        let times = IncidentTimes(declaredAt: RFC3339.parse("2026-11-20T10:00:00Z"),
                                  determinedAt: RFC3339.parse("2026-11-25T16:00:00Z"))
        #expect(try rule.dueDate(times: times, calendar: calendar).map(RFC3339.format) == "2026-12-03T04:59:59Z")
        #expect(try rule.dueDate(times: IncidentTimes(declaredAt: times.declaredAt), calendar: calendar) == nil)
    }

    @Test func availabilityOutageCreatesNoObligations() throws {
        #expect(try Self.load("availability-outage").obligations.isEmpty)
    }

    @Test func ransomwareAndCredentialExposureHaveTheirDefaults() throws {
        #expect(try Self.load("ransomware").obligations.map(\.id) == ["cyber-insurer", "law-enforcement", "customer-admins"])
        #expect(try Self.rule("ransomware", "cyber-insurer").duration == .hours(24))
        #expect(try Self.rule("credential-exposure", "customer-admins").duration == .hours(24))
        #expect(try Self.rule("credential-exposure", "account-holders").anchor == .declared)
    }

    @Test(arguments: expectedIDs)
    func everyTemplateRendersWithRealValues(_ id: String) throws {
        let playbook = try Self.load(id)
        for rule in playbook.obligations {
            let context = MessageContext(
                incidentID: "INC-7", incidentTitle: "Customer DB snapshot exposed", kind: id, severity: .high,
                stage: .assess, summary: "An S3 bucket was public", detectedAt: RFC3339.parse("2026-03-01T08:00:00Z")!,
                declaredAt: RFC3339.parse("2026-03-01T12:00:00Z")!, awareAt: RFC3339.parse("2026-03-01T09:00:00Z")!,
                determinedAt: RFC3339.parse("2026-03-02T09:00:00Z")!, obligationID: rule.id, obligationTitle: rule.title,
                dueAt: RFC3339.parse("2026-03-04T12:00:00Z")!, contactName: "Ada")
            let message = try TemplateRenderer.render(rule.template, context: context)
            #expect(!message.subject.isEmpty)
            #expect(!message.subject.contains("{{"))
            #expect(!message.body.contains("{{"))
            #expect(message.body.contains("INC-7"), "\(id)/\(rule.id) body does not name the incident")
        }
    }
}

import BreachDomain

extension StoreReader {
    /// The contacts an escalation about `incident` goes to (`Escalation.recipients`), read by id: the few
    /// it names, not the whole registry — a checker or a delivery run with 100,000 contacts escalates too.
    func escalationRecipients(for incident: Incident, configuration: BreachConfiguration) throws -> [Contact] {
        let ids = Escalation.recipientIDs(for: incident, escalationContactIDs: configuration.escalationContacts)
        return Escalation.recipients(for: incident, escalationContactIDs: configuration.escalationContacts,
                                     contacts: try contacts(ids: ids))
    }
}

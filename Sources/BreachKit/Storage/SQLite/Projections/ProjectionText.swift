import BreachDomain
import Foundation
import GRDB

/// The read-model rows of `IncidentProjection` and `ContactProjection` as text, for backends that bind text
/// parameters (PostgreSQL): the one place rows are computed stays the one place, so the backends cannot drift.
enum ProjectionText {
    /// A row's values as text (NULL as nil), integers in decimal.
    static func row(_ values: [DatabaseValue]) -> [String?] {
        values.map { value in
            switch value.storage {
            case .null: nil
            case let .int64(number): String(number)
            case let .double(number): String(number)
            case let .string(text): text
            case let .blob(data): String(decoding: data, as: UTF8.self)
            }
        }
    }

    static func incident(_ incident: Incident) -> [String?] { row(IncidentProjection.incidentRow(incident)) }
    static func stageIntervals(_ incident: Incident) -> [[String?]] { IncidentProjection.stageIntervalRows(incident).map(row) }
    static func obligation(_ obligation: Obligation, incidentID: String) -> [String?] {
        row(IncidentProjection.obligationRow(obligation, incidentID: incidentID.databaseValue))
    }
    static func notification(_ notification: IncidentNotification, incidentID: String) -> [String?] {
        row(IncidentProjection.notificationRow(notification, incidentID: incidentID.databaseValue))
    }
    static func dueWork(_ item: DueWork.Item, incidentID: String) -> [String?] {
        row(IncidentProjection.dueWorkRow(item, incidentID: incidentID.databaseValue))
    }

    /// Every row of `incident`, per table of `IncidentProjection.columns`.
    static func all(_ incident: Incident) -> [String: [[String?]]] {
        IncidentProjection(incident).tables.mapValues { $0.map(row) }
    }

    static func contact(_ contact: Contact) -> [String?] { row(ContactProjection.row(contact)) }

    /// The columns of one read-model table.
    static func columns(of table: String) -> [String] {
        table == "contacts" ? ContactProjection.columns : IncidentProjection.columns.first { $0.table == table }!.columns
    }
}

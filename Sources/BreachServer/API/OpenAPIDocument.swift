/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.yaml`.
///
/// Kept in the binary (no resource bundle to lose when the binary is installed) and kept true by
/// `ServerOpenAPITests` (every route documented, every documented path answering) and by schemathesis
/// against a live server (`Tests/BreachCLITests/Server/`).
enum OpenAPIDocument {
    static let yaml = #"""
    openapi: 3.1.0
    info:
      title: breach API
      version: "1"
      description: |
        Incidents as `breach show --json` / `list --json` print them, the SLA report as `breach report sla`
        writes it, and alert intake. Every request but /healthz and this document needs
        `Authorization: Bearer TOKEN` (`breach token create NAME --scope read|intake|write`).
        A `write` token may do what `read` and `intake` tokens may. Errors are `{"error": {"code", "message"}}`.
      license:
        name: See the repository
    servers:
      - url: /
    security:
      - bearer: []
    paths:
      /healthz:
        get:
          operationId: health
          summary: Liveness and database check (no token needed)
          security: []
          responses:
            "200":
              description: The server answers and its database is readable
              content:
                application/json:
                  schema:
                    type: object
                    required: [status, head_sequence]
                    properties:
                      status: {const: ok}
                      head_sequence: {type: integer, minimum: 0}
            "500": {$ref: "#/components/responses/Error"}
      /api/v1/openapi.yaml:
        get:
          operationId: openapi
          summary: This document (no token needed)
          security: []
          responses:
            "200":
              description: The OpenAPI document
              content:
                application/yaml:
                  schema: {type: string}
      /api/v1/incidents:
        get:
          operationId: listIncidents
          summary: Incidents, oldest first (`breach list --json`)
          parameters:
            - name: open
              in: query
              required: false
              description: Only incidents that are not closed
              schema: {type: string, enum: ["true", "false"]}
          responses:
            "200":
              description: The incidents
              content:
                application/json:
                  schema:
                    type: array
                    items: {$ref: "#/components/schemas/IncidentListItem"}
            "400": {$ref: "#/components/responses/Error"}
            "401": {$ref: "#/components/responses/Error"}
            "403": {$ref: "#/components/responses/Error"}
      /api/v1/incidents/{id}:
        get:
          operationId: showIncident
          summary: One incident (`breach show ID --json`)
          parameters:
            - name: id
              in: path
              required: true
              schema: {type: string, pattern: "^INC-[0-9]+$"}
          responses:
            "200":
              description: The incident
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Incident"}
            "400": {$ref: "#/components/responses/Error"}
            "401": {$ref: "#/components/responses/Error"}
            "403": {$ref: "#/components/responses/Error"}
            "404": {$ref: "#/components/responses/Error"}
      /api/v1/reports/sla.csv:
        get:
          operationId: slaReport
          summary: The SLA report, byte for byte what `breach report sla` writes (RFC 4180 CSV)
          parameters:
            - name: since
              in: query
              required: false
              description: Incidents detected at or after (YYYY-MM-DD or RFC 3339)
              schema: {type: string}
            - name: until
              in: query
              required: false
              description: Incidents detected before (YYYY-MM-DD or RFC 3339)
              schema: {type: string}
          responses:
            "200":
              description: The CSV
              content:
                text/csv:
                  schema: {type: string}
            "400": {$ref: "#/components/responses/Error"}
            "401": {$ref: "#/components/responses/Error"}
            "403": {$ref: "#/components/responses/Error"}
      /api/v1/alerts:
        post:
          operationId: postAlert
          summary: Open an incident for an alert, or find the open one with its fingerprint
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/Alert"}
          responses:
            "200":
              description: An open incident with this fingerprint exists; nothing was written
              headers:
                Location: {schema: {type: string}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Incident"}
            "201":
              description: A new incident was opened
              headers:
                Location: {schema: {type: string}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Incident"}
            "400": {$ref: "#/components/responses/Error"}
            "401": {$ref: "#/components/responses/Error"}
            "403": {$ref: "#/components/responses/Error"}
            "413": {$ref: "#/components/responses/Error"}
      /api/v1/alerts/alertmanager:
        post:
          operationId: postAlertmanager
          summary: Prometheus Alertmanager webhook receiver (one incident per alert fingerprint)
          description: |
            A firing alert opens an incident, or finds the open one with its fingerprint. A resolved alert adds
            a note to its incident and never closes it. The alert's `severity` label maps onto breach's severities
            and a `breach_kind` label picks the playbook (default: the server's --default-kind).
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/AlertmanagerPayload"}
          responses:
            "200":
              description: What happened to each alert, in order
              content:
                application/json:
                  schema:
                    type: object
                    required: [alerts]
                    properties:
                      alerts:
                        type: array
                        items:
                          type: object
                          required: [fingerprint, status, incident_id, result]
                          properties:
                            fingerprint: {type: string}
                            status: {enum: [firing, resolved]}
                            incident_id: {type: ["string", "null"]}
                            result: {enum: [created, existing, noted, unknown_fingerprint]}
            "400": {$ref: "#/components/responses/Error"}
            "401": {$ref: "#/components/responses/Error"}
            "403": {$ref: "#/components/responses/Error"}
            "413": {$ref: "#/components/responses/Error"}
    components:
      securitySchemes:
        bearer:
          type: http
          scheme: bearer
      responses:
        Error:
          description: The request was refused; nothing was written
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
      schemas:
        Error:
          type: object
          required: [error]
          additionalProperties: false
          properties:
            error:
              type: object
              required: [code, message]
              additionalProperties: false
              properties:
                code: {type: string, pattern: "^[a-z0-9_]+$"}
                message: {type: string, minLength: 1}
        Time:
          type: string
          format: date-time
          pattern: "Z$"
        NullableTime:
          oneOf:
            - {$ref: "#/components/schemas/Time"}
            - {type: "null"}
        Alert:
          type: object
          required: [title, severity]
          additionalProperties: false
          properties:
            title: {type: string, minLength: 1, maxLength: 200}
            severity: {enum: [low, medium, high, critical]}
            kind: {type: string, description: "Playbook id; default: the server's --default-kind"}
            summary: {type: string}
            fingerprint: {type: string, maxLength: 256, description: "Alerts with one fingerprint share one open incident"}
            observed_at: {$ref: "#/components/schemas/Time"}
        AlertmanagerPayload:
          type: object
          required: [alerts]
          properties:
            version: {type: string}
            status: {type: string}
            receiver: {type: string}
            alerts:
              type: array
              items:
                type: object
                properties:
                  status: {enum: [firing, resolved]}
                  fingerprint: {type: string}
                  labels: {type: object, additionalProperties: {type: string}}
                  annotations: {type: object, additionalProperties: {type: string}}
                  startsAt: {type: string, format: date-time}
                  endsAt: {type: string, format: date-time}
        Obligation:
          type: object
          required: [id, audience, due_at, status, met_at]
          properties:
            id: {type: string}
            title: {type: string}
            audience: {type: ["string", "null"]}
            due_at: {$ref: "#/components/schemas/NullableTime"}
            status: {enum: [pending, met, waived, missed]}
            met_at: {$ref: "#/components/schemas/NullableTime"}
        Notification:
          type: object
          required: [id, obligation_id, contact_id, channel, status, attempts, last_error, delivered_at]
          properties:
            id: {type: string}
            obligation_id: {type: string}
            contact_id: {type: string}
            channel: {type: string}
            status: {enum: [queued, delivered, retrying, failed, cancelled]}
            attempts: {type: integer, minimum: 0}
            last_error: {type: ["string", "null"]}
            delivered_at: {$ref: "#/components/schemas/NullableTime"}
        IncidentListItem:
          type: object
          required: [id, title, kind, severity, stage, detected_at, declared_at, closed_at, assignee, overdue, obligations, notifications]
          properties:
            id: {type: string, pattern: "^INC-[0-9]+$"}
            title: {type: string}
            kind: {type: string}
            severity: {enum: [low, medium, high, critical]}
            stage: {enum: [detect, assess, diagnose, stabilize, closed]}
            detected_at: {$ref: "#/components/schemas/Time"}
            declared_at: {$ref: "#/components/schemas/NullableTime"}
            closed_at: {$ref: "#/components/schemas/NullableTime"}
            assignee: {type: ["string", "null"]}
            overdue: {type: boolean}
            next_deadline_at: {$ref: "#/components/schemas/NullableTime"}
            obligations: {type: array, items: {$ref: "#/components/schemas/Obligation"}}
            notifications: {type: array, items: {$ref: "#/components/schemas/Notification"}}
        Incident:
          allOf:
            - {$ref: "#/components/schemas/IncidentListItem"}
            - type: object
              required: [summary, notes, version]
              properties:
                summary: {type: ["string", "null"]}
                aware_at: {$ref: "#/components/schemas/NullableTime"}
                determined_at: {$ref: "#/components/schemas/NullableTime"}
                resolution: {type: ["string", "null"]}
                notes:
                  type: array
                  items:
                    type: object
                    required: [at, actor, text]
                    properties:
                      at: {$ref: "#/components/schemas/Time"}
                      actor: {type: string}
                      text: {type: string}
                version: {type: integer, minimum: 1}
    """#
}

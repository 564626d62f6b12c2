/// The commented `breach.yml` that `breach init` writes.
///
/// It parses as it is (with email off: notifications stay queued and `breach check` says so, never
/// pretending to send), and every example setting parses once its `#` is removed. Examples are
/// written `#key:` (no space after `#`); explanations `# text`.
enum StarterConfiguration {
    static func text(playbooksDirectory: String?) -> String {
        let playbooks = playbooksDirectory.map { "playbooks: \(quoted($0))" } ?? "#playbooks: /usr/local/share/breach/Playbooks"
        return """
            # breach configuration (docs/operations.md, docs/delivery.md).
            # breach reads ./breach.yml, or the file named by --config or $BREACH_CONFIG.
            # Lines like "#smtp:" are examples: delete the "#" (keep the indentation) to use them.
            # Secrets never go in this file: name the environment variable that holds them.

            # Email transport. Until smtp: is set, email notifications stay queued and
            # `breach check` exits 3 saying so; nothing is reported delivered.
            #smtp:
            #  url: smtps://smtp.example.com:465       # smtps:// (TLS) or smtp://host:587 with starttls
            #  from: breach@example.com                # the sender address
            #  starttls: false                         # true: require STARTTLS on smtp://
            #  username: breach
            #  password_env: BREACH_SMTP_PASSWORD      # the variable holding the password
            #  ca_bundle: /etc/ssl/certs/internal-ca.pem
            #  connect_timeout_seconds: 10
            #  timeout_seconds: 60

            # Contact ids alerted when a deadline nears or is missed, or a delivery fails
            # for good (add them first: breach contact add secops-oncall --role escalation ...).
            #escalation:
            #  - secops-oncall
            #  - legal-dpo

            # The playbooks folder (checklists and notification obligations per incident kind).
            # Without it, breach uses $BREACH_PLAYBOOKS, else the installed share/breach/Playbooks.
            \(playbooks)

            # Webhook timeouts, in seconds.
            #webhook:
            #  connect_timeout_seconds: 5
            #  timeout_seconds: 15

            # Dead man's switch: GET this URL after each successful `breach check`, so an
            # outside monitor notices when the checker stops running.
            #heartbeat:
            #  url: https://monitor.example.com/ping/your-check-id
            #  timeout_seconds: 10

            """
    }

    /// A YAML double-quoted scalar, so any folder name reads back exactly.
    private static func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

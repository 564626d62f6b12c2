import Foundation
import Testing

/// `--help` teaches: an abstract, a discussion with real examples, and the exit statuses a command
/// adds; `breach` alone prints a short overview. Golden texts pin the exact wording of a few.
@Suite struct HelpTests {
    let cli: BreachCLI
    init() throws { cli = try BreachCLI() }

    /// Help at a fixed width, as a terminal of 80 columns shows it.
    func help(_ arguments: String...) throws -> BreachCLI.Output {
        try cli.run(arguments, now: nil, environment: ["COLUMNS": "80"])
    }

    @Test func noArgumentsPrintsTheShortOverview() throws {
        let output = try help()
        #expect(output.status == 0, "\(output)")
        #expect(output.stderr.isEmpty)
        #expect(output.stdout == Self.overview, "\(output.stdout)")
        #expect(output.stdout.split(separator: "\n").count < 30, "an overview, not the full help")
    }

    @Test func declareHelpIsGolden() throws {
        let output = try help("declare", "--help")
        #expect(output.status == 0)
        #expect(output.stdout == Self.declare, "\(output.stdout)")
    }

    @Test func checkHelpIsGoldenAndListsItsOwnExitStatuses() throws {
        let output = try help("check", "--help")
        #expect(output.status == 0)
        #expect(output.stdout == Self.check, "\(output.stdout)")
    }

    /// Every command and subcommand: an abstract, an example that starts with `breach <its path>`,
    /// and lines that fit 80 columns above the usage line.
    @Test(arguments: [
        "init", "detect", "advance", "check-item", "declare", "determine", "note", "assign", "waive", "close", "reopen",
        "show", "list", "timeline", "affect", "contact", "contact add", "contact list", "contact show", "contact remove",
        "contact import", "notify", "check", "playbook", "playbook list", "playbook show", "playbook validate", "report",
        "report sla", "report notifications", "report summary", "export", "verify", "rebuild", "doctor", "checkpoint",
        "apply", "mark", "file", "facts", "copy", "serve", "token", "token create", "token list", "token revoke",
    ])
    func everyCommandTeaches(_ command: String) throws {
        let path = command.split(separator: " ").map(String.init)
        let output = try cli.run(path + ["--help"], now: nil, environment: ["COLUMNS": "80"])
        #expect(output.status == 0, "\(command): \(output)")
        let text = output.stdout
        #expect(text.hasPrefix("OVERVIEW: "), "\(command): \(text)")
        let example = "  breach \(command)"
        #expect(text.contains("Example:\n\(example)") || text.contains("Examples:\n\(example)"), "\(command): \(text)")
        let discussion = text.components(separatedBy: "USAGE:")[0]
        for line in discussion.split(separator: "\n") {
            #expect(line.count <= 80, "\(command): line over 80 columns: \(line)")
        }
    }

    @Test(arguments: [("check", "  2   an obligation is overdue"), ("verify", "  4   the hash chain"),
                      ("playbook validate", "  65  a playbook is invalid"), ("contact import", "  65  the file cannot be read"),
                      ("init", "  67  breach.yml or the database already exists")])
    func commandsListTheExitStatusesTheyAdd(_ command: String, _ line: String) throws {
        let output = try cli.run(command.split(separator: " ").map(String.init) + ["--help"], now: nil, environment: ["COLUMNS": "80"])
        #expect(output.stdout.contains("Exit status:\n"), "\(command): \(output.stdout)")
        #expect(output.stdout.contains(line), "\(command): \(output.stdout)")
    }

    static let overview = """
        breach — breach notification and incident response tracker

        Incidents move through five stages:
          detect → assess → diagnose → stabilize → closed
        Declaring an incident (data was exposed) starts its playbook's notification
        clocks; `breach check`, run from cron, warns before each deadline and sends.

        Most used:
          breach init                         starter breach.yml and database
          breach detect "Leaked S3 bucket" --kind data-breach --severity high
          breach advance INC-1                to the next stage
          breach declare INC-1 --aware-at 2026-11-28T09:12:00Z
          breach notify INC-1                 send the notifications owed
          breach list --open                  what is in flight, time left
          breach show INC-1                   obligations and deadlines
          breach check                        the cron job
          breach report sla --format table    who was notified in time

        See `breach --help` for every command, `breach help <command>` for one.

        """

    static let declare = """
        OVERVIEW: Declare a security incident: starts the notification clocks.

        Creates the playbook's obligations with their due times (GDPR-style ones
        run from --aware-at). Refused (67) if already declared or closed.
        --aware-at cannot be in the future. Each --regime PLAYBOOK attaches a
        further regime's obligations (ids PLAYBOOK/OBLIGATION). A due time that
        needs a year a calendar does not cover is refused (65).

        Examples:
          breach declare INC-4 --aware-at 2026-11-28T09:12:00Z
          breach declare INC-4 --regime gdpr-personal-data --regime sec-material-cyber
          breach declare INC-4 --reason "customer PII in the dump"

        Exit status:
          65  a due time needs a year its calendar does not cover
          also, as everywhere: 0 ok, 64 usage, 66 not found, 67 refused,
          73 database unusable, 75 concurrent change (docs/exit-codes.md)

        USAGE: breach declare <id> [--aware-at <time>] [--reason <reason>] [--regime <playbook> ...] [--db <path-or-uri>] [--now <time>] [--actor <name>] [--config <path>] [--json] [--local]

        ARGUMENTS:
          <id>                    Incident id.

        OPTIONS:
          --aware-at <time>       When the organisation became aware (default: now).
          --reason <reason>       Why it is declared.
          --regime <playbook>     A further regime (playbook id) whose obligations
                                  attach too; repeatable.
        \(Self.globalOptions)


        """

    /// The options every command shares, as `--help` lists them (each golden text ends with them).
    static let globalOptions = """
          --db <path-or-uri>      SQLite file path or postgresql:// URI (default:
                                  $BREACH_DB, else ./breach.db).
          --now <time>            Effective time, RFC 3339 UTC, for drills and
                                  backfills (default: $BREACH_NOW, else the clock).
          --actor <name>          Who is acting (default: $BREACH_ACTOR, else the login
                                  name).
          --config <path>         Configuration file (default: $BREACH_CONFIG, else
                                  ./breach.yml if present).
          --json                  Print one JSON document on stdout.
          --local                 Show times in the local time zone ($TZ) instead of
                                  UTC (human output only; JSON and CSV stay UTC).
          -h, --help              Show help information.
        """

    static let check = """
        OVERVIEW: The cron job: escalation warnings, missed deadlines, delivery
        retries. One pass, then exit.

        Idempotent: a second run at the same --now sends and records nothing
        new. Safe when two runs overlap. --dry-run says what it would do.
        --metrics-file writes Prometheus metrics for node_exporter's textfile
        collector; a `heartbeat:` URL in breach.yml is pinged after each
        successful run (docs/operations.md). No delivery starts after
        --max-seconds; the rest stay queued for the next run.

        Examples:
          breach check --dry-run
          */5 * * * * breach check --db /var/lib/breach/breach.db   (crontab)
          breach check --metrics-file /var/lib/node_exporter/textfile/breach.prom
          BREACH_LOG_FORMAT=json breach check   (one JSON object per stderr line)

        Exit status:
          2   an obligation is overdue (past due, neither met nor waived)
          3   the checker could not do its job, e.g. email is due but no
              SMTP transport is configured, a webhook secret or the SMTP
              password is missing, the SMTP server refused (421, 451, 452,
              connection refused), or an escalation id names no contact
              (3 wins over 2; overdue incidents are still listed)
          65  breach.yml or a playbook cannot be used
          73  the --metrics-file cannot be written (the check's own work
              is done and recorded)
          also, as everywhere: 0 ok, 64 usage, 66 not found, 67 refused,
          73 database unusable, 75 concurrent change (docs/exit-codes.md)

        USAGE: breach check [--dry-run] [--metrics-file <path>] [--max-seconds <seconds>] [--log-format <format>] [--db <path-or-uri>] [--now <time>] [--actor <name>] [--config <path>] [--json] [--local]

        OPTIONS:
          --dry-run               Report what would be done; write and send nothing.
          --metrics-file <path>   Write Prometheus metrics to this file (atomically),
                                  e.g. for node_exporter's textfile collector.
          --max-seconds <seconds> Start no delivery after this many seconds; the rest
                                  stay queued for the next run (default 240, under a
                                  5-minute cron interval).
          --log-format <format>   text (default: the human lines) or json (one JSON
                                  object per line on stderr); default
                                  $BREACH_LOG_FORMAT, else text.
        \(Self.globalOptions)


        """
}

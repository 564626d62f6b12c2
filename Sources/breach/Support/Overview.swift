/// What `breach` with no arguments prints: the process in five stages and the commands used most.
enum Overview {
    static func text(_ terminal: Terminal) -> String {
        let stages = ["detect", "assess", "diagnose", "stabilize", "closed"].map(terminal.stage).joined(separator: " → ")
        func heading(_ text: String) -> String { terminal.paint(text, .bold) }
        return """
            \(heading("breach")) — breach notification and incident response tracker

            Incidents move through five stages:
              \(stages)
            Declaring an incident (data was exposed) starts its playbook's notification
            clocks; `breach check`, run from cron, warns before each deadline and sends.

            \(heading("Most used:"))
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
    }
}

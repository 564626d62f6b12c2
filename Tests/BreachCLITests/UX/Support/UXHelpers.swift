import Foundation
import Testing

/// Runs `breach` the ways a person meets it: on a pseudo-terminal, and checks its HTML with Python.
extension BreachCLI {
    /// Python's `pty`: runs the program on a pseudo-terminal (stdout and stderr both a TTY) and copies
    /// everything it printed to our stdout; exits with the program's status.
    static let ptyRunner = """
        import os, pty, sys
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(b"".join(chunks))
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    /// Runs `breach arguments… --now now` on a pseudo-terminal; stdout holds what the terminal showed.
    func runOnTerminal(_ arguments: [String], now: String? = defaultNow, environment: [String: String] = [:]) throws -> Output {
        let binary = try #require(Self.executable, "the breach binary is not built")
        let script = directory.path("pty-runner.py")
        try Self.ptyRunner.write(toFile: script, atomically: true, encoding: .utf8)
        return try execute(URL(fileURLWithPath: "/usr/bin/env"),
                           ["python3", script, binary.path] + arguments + (now.map { ["--now", $0] } ?? []),
                           environment: ["TERM": "xterm-256color"].merging(environment) { $1 })
    }

    /// Python's `html.parser` over a report: tag balance, the chart's marks, every URL-bearing attribute.
    static let htmlChecker = """
        import json, sys
        from html.parser import HTMLParser

        VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

        class Checker(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack, self.errors, self.marks, self.deadlines, self.urls = [], [], [], 0, []
                self.tags, self.charts, self.rows, self.counts, self.doctype = {}, 0, [], {}, None
                self.chart_depth = None
                self.in_number = None

            def handle_decl(self, decl):
                self.doctype = decl

            def handle_starttag(self, tag, attrs):
                self.open(tag, attrs, tag not in VOID)

            def handle_startendtag(self, tag, attrs):
                self.open(tag, attrs, False)

            def open(self, tag, attrs, stays_open):
                a = dict(attrs)
                classes = (a.get("class") or "").split()
                self.tags[tag] = self.tags.get(tag, 0) + 1
                for name, value in attrs:
                    if name in ("src", "href", "xlink:href", "action", "poster", "data", "srcset") or "url(" in (value or ""):
                        self.urls.append(f"{tag}[{name}]={value}")
                if tag == "svg" and "chart" in classes:
                    self.charts += 1
                    self.chart_depth = len(self.stack)
                if self.chart_depth is not None and "mark" in classes:
                    self.marks.append(a.get("data-incident"))
                if self.chart_depth is not None and "deadline" in classes:
                    self.deadlines += 1
                if tag == "tr" and a.get("data-incident"):
                    self.rows.append(a["data-incident"])
                if tag == "div" and "count" in classes:
                    self.counts[a.get("data-verdict")] = None
                    self.in_number = a.get("data-verdict")
                if stays_open:
                    self.stack.append(tag)

            def handle_data(self, data):
                if self.in_number and self.stack and self.stack[-1] == "span" and data.strip():
                    self.counts[self.in_number] = int(data)
                    self.in_number = None

            def handle_endtag(self, tag):
                if tag in VOID:
                    return
                if not self.stack or self.stack[-1] != tag:
                    self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
                    return
                self.stack.pop()
                if tag == "svg" and self.chart_depth == len(self.stack):
                    self.chart_depth = None

        checker = Checker()
        checker.feed(open(sys.argv[1], encoding="utf-8").read())
        checker.close()
        if checker.stack:
            checker.errors.append(f"unclosed: {checker.stack}")
        print(json.dumps({"errors": checker.errors, "marks": checker.marks, "deadlines": checker.deadlines, "urls": checker.urls,
                          "tags": checker.tags, "charts": checker.charts, "rows": checker.rows, "counts": checker.counts,
                          "doctype": checker.doctype}))
        """

    /// What Python's HTML parser found in `file`.
    struct HTMLStructure: Decodable {
        let errors: [String]
        let marks: [String?]
        let deadlines: Int
        let urls: [String]
        let tags: [String: Int]
        let charts: Int
        let rows: [String]
        let counts: [String: Int?]
        let doctype: String?
    }

    func parseHTML(_ file: String) throws -> HTMLStructure {
        let script = directory.path("html-checker.py")
        try Self.htmlChecker.write(toFile: script, atomically: true, encoding: .utf8)
        let output = try execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, file], environment: [:])
        #expect(output.status == 0, "html checker: \(output)")
        return try JSONDecoder().decode(HTMLStructure.self, from: Data(output.stdout.utf8))
    }

    /// The real thing: bash sources the generated completion script and completes each command line
    /// (its last word is the one being completed); one set of offered words per line.
    func bashCompletions(_ lines: [[String]]) throws -> [Set<String>] {
        let script = directory.path("breach.bash")
        try run(["--generate-completion-script", "bash"], now: nil).stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let binary = try #require(Self.executable)
        let quoted = lines.map { words in words.map { "'\($0)'" }.joined(separator: " ") }
        let driver = """
            source '\(script)'
            complete_words() {
                COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
                _breach breach "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                echo --
            }
            \(quoted.map { "complete_words \($0)" }.joined(separator: "\n"))
            """
        let output = try execute(URL(fileURLWithPath: "/bin/bash"), ["-c", driver],
                                 environment: ["PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin"])
        #expect(output.status == 0, "\(output)")
        let sections = output.stdout.components(separatedBy: "--\n").dropLast()
        try #require(sections.count == lines.count, "\(output)")
        return sections.map { Set($0.split(separator: "\n").map(String.init)) }
    }
}

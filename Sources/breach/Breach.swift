import ArgumentParser
import BreachKit

@main
struct Breach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breach",
        abstract: "Breach notification and incident response tracker."
    )
}

import ArgumentParser
import Foundation
import PolicyCheck
import PolicySource

/// `policycheck`: lint, run and test Azure API Management policies offline.
@main
struct PolicyCheckCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policycheck",
        abstract: "Lint, run and test Azure API Management policies offline.",
        version: PolicyCheckVersion.current,
        subcommands: [Lint.self, Run.self, Test.self, Effective.self, Scaffold.self, LSP.self],
        defaultSubcommand: Lint.self
    )

    /// Runs the command; usage errors exit with status 2 (the contract), not ArgumentParser's 64.
    static func main() {
        StandardStreams.prepare()
        let arguments = CommandArguments.raw(argc: CommandLine.argc, argv: CommandLine.unsafeArgv)
        if let problem = CommandArguments.dashedFileProblem(arguments) {
            StandardStreams.err("policycheck: " + problem + "\n")
            Foundation.exit(Exit.failure.rawValue)
        }
        if let quick = CommandArguments.quickLint(arguments), let format = Lint.Format(rawValue: quick.format) {
            do {
                try Lint.lint(LintSession(paths: quick.paths), format: format, color: CommonOptions.colorWanted(noColor: quick.noColor))
                Foundation.exit(0)
            } catch {
                Foundation.exit(error.rawValue)
            }
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                StandardStreams.err(fullMessage(for: error) + "\n")
                Foundation.exit(Exit.failure.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Options every subcommand shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("named-values"), help: "Named values: a YAML or JSON map of name: value, or an APIOps 'named values' folder.")
    var namedValues: String?

    @Option(help: "Folder of policy fragments: <id>.xml files, or an APIOps 'policy fragments' folder (<id>/policy.xml).")
    var fragments: String?

    @Option(help: "Backends: a Bicep file, an ARM JSON template, a YAML map, or an APIOps 'backends' folder (or one backendInformation.json).")
    var backends: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    /// Colour only when stdout is a terminal and not switched off.
    var useColor: Bool { Self.colorWanted(noColor: noColor) }

    static func colorWanted(noColor: Bool) -> Bool {
        !noColor && isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

/// Exit status of every subcommand: 0 good, 1 findings or failed tests, 2 could not do the job.
enum Exit {
    static let findings = ExitCode(1)
    static let failure = ExitCode(2)
}

/// Prints an error to stderr and exits with status 2.
func fail(_ message: String) -> ExitCode {
    StandardStreams.err("policycheck: " + message + "\n")
    return Exit.failure
}

/// Writes text to stdout without an extra newline.
func emit(_ text: String) {
    StandardStreams.out(text)
}

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
        subcommands: [Lint.self, Run.self, Test.self],
        defaultSubcommand: Lint.self
    )

    /// Runs the command; usage errors exit with status 2 (the contract), not ArgumentParser's 64.
    static func main() {
        StandardStreams.prepare()
        let arguments = CommandArguments.raw()
        if let problem = CommandArguments.dashedFileProblem(arguments) {
            StandardStreams.err("policycheck: " + problem + "\n")
            Foundation.exit(Exit.failure.rawValue)
        }
        if let quick = Lint.quickForm(arguments) {
            do {
                try Lint.lint(LintSession(paths: quick.paths), format: quick.format, color: CommonOptions.colorWanted(noColor: quick.noColor))
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

/// The command line as policycheck reads it.
enum CommandArguments {
    /// The arguments after the program name, from the raw bytes of `argv`: a file name that is not
    /// UTF-8 arrives with its odd bytes written `\xHH` (FilePaths), not as U+FFFD, so it can be opened.
    static func raw() -> [String] {
        (1..<Int(CommandLine.argc)).map { index in
            guard let pointer = CommandLine.unsafeArgv[index] else { return "" }
            return FilePaths.display(UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) })
        }
    }

    /// Options that take a value: the argument after one is its value, whatever it looks like.
    static let valued: Set<String> = ["--format", "--named-values", "--fragments", "--backends", "--scenario",
                                      "--junit", "--filter", "--coverage-format", "--coverage-output", "--coverage-min"]

    /// The rule for names that start with `-` (Docs/cli.md): before `--`, an argument `-x…` is an
    /// option, as with every argument parser; policycheck has no short option but `-h`, so anything
    /// else is refused with the way to name such a file — never read as `-d -a -s -h` (help).
    static func dashedFileProblem(_ arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return nil }
            if valued.contains(argument) {
                index += 2
                continue
            }
            if argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 1, argument != "-h" {
                return "unknown option '\(argument)'; to name a file that starts with '-', write it after '--' (policycheck lint -- \(argument)) or as ./\(argument)"
            }
            index += 1
        }
        return nil
    }
}

/// Options every subcommand shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("named-values"), help: "Named values: a YAML or JSON map of name: value.")
    var namedValues: String?

    @Option(help: "Folder of policy fragments; a fragment's id is its file name without .xml.")
    var fragments: String?

    @Option(help: "Backends: a Bicep file, an ARM JSON template or a YAML map.")
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PolicySource

/// The command line as policycheck reads it.
public enum CommandArguments {
    /// The arguments after the program name, from the raw bytes of `argv`: a file name that is not
    /// UTF-8 arrives with its odd bytes written `\xHH` (FilePaths), not as U+FFFD, so it can be opened.
    public static func raw(argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> [String] {
        (1..<max(1, Int(argc))).map { index in
            guard let pointer = argv[index] else { return "" }
            return FilePaths.display(UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) })
        }
    }

    /// Options that take a value: the argument after one is its value, whatever it looks like.
    public static let valued: Set<String> = ["--format", "--named-values", "--fragments", "--backends", "--scenario",
                                      "--junit", "--filter", "--coverage-format", "--coverage-output", "--coverage-min"]

    /// The rule for names that start with `-` (Docs/cli.md): before `--`, an argument `-x…` is an
    /// option, as with every argument parser; policycheck has no short option but `-h`, so anything
    /// else is refused with the way to name such a file — never read as `-d -a -s -h` (help).
    public static func dashedFileProblem(_ arguments: [String]) -> String? {
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

    /// The output formats of `lint`.
    public static let lintFormats: Set<String> = ["text", "json", "sarif"]

    /// The plain form `lint [--format F] [--no-color] PATH...` without ArgumentParser, whose
    /// reflection-driven parse was ~70% of a one-file lint's start-up CPU (Docs/performance.md).
    /// nil for anything else (another option, `--help`, a `-` argument): ArgumentParser handles it.
    public static func quickLint(_ arguments: [String]) -> (paths: [String], format: String, noColor: Bool)? {
        guard arguments.first == "lint" else { return nil }
        var paths: [String] = []
        var format = "text"
        var noColor = false
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--no-color" {
                noColor = true
            } else if argument == "--format", index + 1 < arguments.count, lintFormats.contains(arguments[index + 1]) {
                format = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--format="), lintFormats.contains(String(argument.dropFirst(9))) {
                format = String(argument.dropFirst(9))
            } else if argument.hasPrefix("-") || argument.isEmpty {
                return nil
            } else {
                paths.append(argument)
            }
            index += 1
        }
        return paths.isEmpty ? nil : (paths, format, noColor)
    }
}

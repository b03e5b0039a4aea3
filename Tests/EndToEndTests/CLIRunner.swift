import Foundation
import PolicyCheck
import Testing

/// Runs the built `policycheck` binary from the package root and captures what it prints.
struct CLIRunner {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The package root, from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary: next to the test bundle, else under `.build/debug`.
    static var binary: URL {
        get throws {
            let candidates = [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("policycheck"),
                packageRoot.appendingPathComponent(".build/debug/policycheck"),
            ]
            return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                "policycheck binary not found; build it with `swift build`")
        }
    }

    static func run(_ arguments: [String], in directory: URL = packageRoot) throws -> Result {
        try run(executable: try binary, arguments, in: directory)
    }

    /// Runs any executable the same way (the hostile-input tests run `/bin/sh`).
    static func run(executable: URL, _ arguments: [String], in directory: URL = packageRoot) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        // stdout through a pipe, stderr into a file: reading two pipes one after the other would
        // deadlock once the process filled the second one (64 KiB) while we wait on the first.
        let out = Pipe()
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("policycheck-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorFile.path])
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let err = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let stderr = try Data(contentsOf: errorFile)
        return Result(stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self), status: process.terminationStatus)
    }

    /// Compares `actual` with the golden file at `relativePath` (under the package root) through
    /// the library's one golden comparison (`GoldenFile.assert`, record mode from `POLICYCHECK_RECORD`).
    static func assertGolden(_ actual: String, _ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        do {
            try GoldenFile.assert(actual, matches: packageRoot.appendingPathComponent(relativePath).path)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }
}

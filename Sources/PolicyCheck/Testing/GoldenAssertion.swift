import Foundation
import PolicyRuntime
import PolicySource

/// When `assertGolden` writes golden files, from the environment variable `POLICYCHECK_RECORD`
/// (like swift-snapshot-testing's record modes).
public enum GoldenRecordMode: String, Sendable, Hashable, CaseIterable {
    /// Never write: a missing golden file fails. What CI should use (`POLICYCHECK_RECORD=never`).
    case never
    /// Write golden files that do not exist yet — and fail, so the new file gets read before it
    /// is trusted. Compare the others. The default.
    case missing
    /// Write every golden file whose content differs, and pass (`POLICYCHECK_RECORD=1`).
    case all

    /// From `POLICYCHECK_RECORD`: `1`, `all`, `true`, `yes` → `.all`; `0`, `never`, `false`,
    /// `no` → `.never`; `missing`, empty or unset → `.missing`. Any other value is `.never`,
    /// so that a typo in CI never rewrites files.
    public static var current: GoldenRecordMode {
        mode(ProcessInfo.processInfo.environment["POLICYCHECK_RECORD"])
    }

    /// The mode a value of `POLICYCHECK_RECORD` selects.
    public static func mode(_ value: String?) -> GoldenRecordMode {
        switch value?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil, "", "missing": .missing
        case "1", "all", "true", "yes": .all
        default: .never
        }
    }
}

/// What `assertGolden` did when it did not fail.
public enum GoldenOutcome: String, Sendable, Hashable {
    /// The text matched the golden file.
    case matched
    /// Record mode `.all` wrote a new golden file.
    case created
    /// Record mode `.all` rewrote a golden file that differed.
    case updated
}

/// A golden comparison that failed: the message says why, `diff` holds the unified diff from the
/// golden file to the actual text (`--- NAME.golden` / `+++ NAME (actual)`).
public struct GoldenMismatch: Error, Sendable, CustomStringConvertible {
    /// The golden file.
    public var path: String
    public var message: String
    /// The unified diff, when the file existed and differed.
    public var diff: String?

    public var description: String {
        diff.map { message + "\n" + $0 } ?? message
    }
}

/// Compares text with a golden file (Docs/swift-api.md, "Golden files").
public enum GoldenFile {
    /// Compares `actual` with the file at `path` (a relative path is taken from the folder of
    /// `relativeTo`; pass `#filePath` to keep golden files beside the test). Line ends of the file
    /// are compared as `\n`. Throws `GoldenMismatch` with a unified diff on a difference.
    @discardableResult
    public static func assert(_ actual: String, matches path: String, relativeTo file: String? = nil,
                              record: GoldenRecordMode = .current) throws(GoldenMismatch) -> GoldenOutcome {
        let path = TestPolicy.resolve(path, relativeTo: file)
        let existing: String?
        do {
            existing = try FileWriting.readGolden(path)
        } catch {
            throw GoldenMismatch(path: path, message: error.message)
        }
        let expected = existing?.replacingOccurrences(of: "\r\n", with: "\n")
        if expected == actual { return .matched }
        switch (record, expected) {
        case (.all, _):
            try write(actual, to: path)
            return expected == nil ? .created : .updated
        case (.missing, nil):
            try write(actual, to: path)
            throw GoldenMismatch(path: path, message: "recorded the new golden file \(path); read it, then run the test again")
        case (.never, nil):
            throw GoldenMismatch(path: path, message: "no golden file \(path); record it with POLICYCHECK_RECORD=1")
        case (_, let expected?):
            let name = (path as NSString).lastPathComponent
            let diff = UnifiedDiff.diff(old: expected, new: actual, oldName: name, newName: "\(name) (actual)")
            throw GoldenMismatch(path: path, message: "the text differs from \(path) (record with POLICYCHECK_RECORD=1)", diff: diff)
        }
    }

    private static func write(_ text: String, to path: String) throws(GoldenMismatch) {
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            throw GoldenMismatch(path: path, message: "cannot write the golden file \(path): \(error.localizedDescription)")
        }
        do {
            try FileWriting.writeGolden(text, to: path)
        } catch {
            throw GoldenMismatch(path: path, message: error.message)
        }
    }
}

extension TestRun {
    /// Compares this run's text trace (`text`) with a golden file: `try run.assertGolden("Goldens/pool.golden")`
    /// keeps the file beside the test (relative paths are taken from the test file's folder).
    /// Record mode comes from `POLICYCHECK_RECORD` (see `GoldenRecordMode`). Throws `GoldenMismatch`
    /// with a unified diff on a difference.
    @discardableResult
    public func assertGolden(_ path: String, relativeTo file: String = #filePath,
                             record: GoldenRecordMode = .current) throws(GoldenMismatch) -> GoldenOutcome {
        try GoldenFile.assert(text, matches: path, relativeTo: file, record: record)
    }
}

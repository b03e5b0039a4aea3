#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writing golden files and reports without following a link out of the folder, without leaving
/// half a file behind, and with a message that says what is in the way (Docs/limits.md).
public enum FileWriting {
    /// What a path is before it is read or written.
    enum Kind {
        case missing, regular, folder, link, other(String)
    }

    static func kind(_ path: String) -> Kind {
        var status = stat()
        guard FilePaths.withSystemPath(path, { lstat($0, &status) }) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        case S_IFIFO: return .other("a FIFO")
        case S_IFSOCK: return .other("a socket")
        case S_IFCHR, S_IFBLK: return .other("a device")
        default: return .other("not a regular file")
        }
    }

    /// The text of a golden file, nil when there is none. A golden file must be a regular file:
    /// a folder, a FIFO (reading one would wait forever) or a symbolic link is an `InputError`.
    public static func readGolden(_ path: String) throws(InputError) -> String? {
        switch kind(path) {
        case .missing: return nil
        case .regular: return try SourceFile.read(path).text
        case .folder: throw InputError("\(path): is a folder, not a golden file; move it away or rename the scenario")
        case .link: throw InputError("\(path): is a symbolic link; golden files must be regular files in the scenario's folder (policycheck never writes through a link)")
        case .other(let what): throw InputError("\(path): is \(what), not a golden file")
        }
    }

    /// Writes a golden file: never through a symbolic link, never outside its folder — the text
    /// goes to a temporary file beside it, which is then renamed over it.
    public static func writeGolden(_ text: String, to path: String) throws(InputError) {
        switch kind(path) {
        case .missing, .regular: break
        case .folder: throw InputError("\(path): is a folder, not a golden file; move it away or rename the scenario")
        case .link: throw InputError("\(path): is a symbolic link; golden files must be regular files in the scenario's folder (policycheck never writes through a link)")
        case .other(let what): throw InputError("\(path): is \(what), not a golden file")
        }
        try replace(path, with: text, what: "golden file")
    }

    /// Creates the folders above `path` that are missing, below `base` (which must exist): a part
    /// that is a symbolic link or a file is an `InputError`, so nothing is written outside `base`.
    public static func createFolders(for path: String, below base: String) throws(InputError) {
        guard path.hasPrefix(base.hasSuffix("/") ? base : base + "/") else { throw InputError("\(path): not inside \(base)") }
        let inside = path.dropFirst(base.hasSuffix("/") ? base.count : base.count + 1).split(separator: "/").dropLast()
        var current = base
        for part in inside {
            current = current.hasSuffix("/") ? current + part : current + "/" + part
            switch kind(current) {
            case .folder: continue
            case .missing:
                if FilePaths.withSystemPath(current, { mkdir($0, 0o755) }) != 0 {
                    throw InputError("\(current): cannot create the folder: \(String(cString: strerror(errno)))")
                }
            case .link: throw InputError("\(current): is a symbolic link; policycheck writes only into real folders below \(base)")
            case .regular, .other: throw InputError("\(current): is not a folder")
            }
        }
    }

    /// Writes a report the user named (`--junit`, `--coverage-output`): a link the user made is
    /// followed to its target, a FIFO or device (`/dev/stdout`) is written as it is, a regular file
    /// is replaced by rename; a folder or a missing folder is an `InputError` saying so.
    public static func writeReport(_ text: String, to path: String, what: String) throws(InputError) {
        var target = path
        if case .link = kind(path) {
            guard let resolved = FilePaths.withSystemPath(path, { realpath($0, nil) }) else {
                throw InputError("\(path): is a symbolic link to nothing; cannot write the \(what) there")
            }
            target = FilePaths.display(UnsafeBufferPointer(start: resolved, count: strlen(resolved)).map { UInt8(bitPattern: $0) })
            free(resolved)
        }
        switch kind(target) {
        case .folder: throw InputError("\(path): is a folder; give a file name for the \(what)")
        case .other:
            let descriptor = FilePaths.withSystemPath(target) { open($0, O_WRONLY | O_CLOEXEC) }
            guard descriptor >= 0 else { throw InputError("\(path): cannot write the \(what): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            if let code = writeAll(text, to: descriptor) { throw InputError("\(path): cannot write the \(what): \(String(cString: strerror(code)))") }
        case .missing, .regular, .link:
            try replace(target, with: text, what: what)
        }
    }

    /// Checks before a long run that a report can be written to `path` (`--report`): not a folder,
    /// in a folder that exists and is writable. The report itself is written by `writeReport` at the end.
    public static func checkReportTarget(_ path: String, what: String) throws(InputError) {
        if case .folder = kind(path) { throw InputError("\(path): is a folder; give a file name for the \(what)") }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        var status = stat()
        guard FilePaths.withSystemPath(folder.isEmpty ? "/" : folder, { stat($0, &status) }) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw InputError("\(path): cannot write the \(what): the folder '\(folder)' does not exist")
        }
        if case .other = kind(path) { return }
        guard FilePaths.withSystemPath(folder.isEmpty ? "/" : folder, { access($0, W_OK) }) == 0 else {
            throw InputError("\(path): cannot write the \(what): the folder '\(folder)' is not writable")
        }
    }

    /// Writes `text` to a new temporary file in `path`'s folder (`O_EXCL | O_NOFOLLOW`), then renames
    /// it over `path`; an existing file keeps its permissions. Nothing is left behind on failure.
    static func replace(_ path: String, with text: String, what: String = "golden file") throws(InputError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var folderStatus = stat()
        guard FilePaths.withSystemPath(folder.isEmpty ? "/" : folder, { stat($0, &folderStatus) }) == 0, folderStatus.st_mode & S_IFMT == S_IFDIR else {
            throw InputError("\(path): cannot write the \(what): the folder '\(folder)' does not exist")
        }
        var existing = stat()
        let mode: mode_t = FilePaths.withSystemPath(path, { lstat($0, &existing) }) == 0 ? existing.st_mode & 0o7777 : 0o666
        var temporary = ""
        var descriptor: Int32 = -1
        for attempt in 0..<100 {
            temporary = (slash == nil ? "" : folder + "/") + ".\(name).policycheck-\(getpid())-\(attempt)"
            descriptor = FilePaths.withSystemPath(temporary) { open($0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) }
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw InputError("\(path): cannot write the \(what): \(String(cString: strerror(errno)))") }
        if FilePaths.withSystemPath(path, { lstat($0, &existing) }) == 0 { fchmod(descriptor, mode) }
        let problem = writeAll(text, to: descriptor).map { String(cString: strerror($0)) }
        let closed = close(descriptor) == 0 ? nil : String(cString: strerror(errno))
        if let failure = problem ?? closed {
            FilePaths.withSystemPath(temporary) { _ = unlink($0) }
            throw InputError("\(path): cannot write the \(what): \(failure)")
        }
        if FilePaths.withSystemPath(temporary, { from in FilePaths.withSystemPath(path) { rename(from, $0) } }) != 0 {
            let failure = String(cString: strerror(errno))
            FilePaths.withSystemPath(temporary) { _ = unlink($0) }
            throw InputError("\(path): cannot write the \(what): \(failure)")
        }
    }

    /// Writes every byte, retrying short writes and `EINTR`; the `errno` when it cannot.
    public static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File names are bytes; Swift strings are Unicode. A name that is not valid UTF-8 is carried as
/// text with each offending byte written `\xHH` (always 0x80 or above), which is also how it is
/// printed, and turned back into its bytes whenever the file is opened. A name whose literal text
/// contains `\x80`…`\xFF` and that exists as written is taken as written.
public enum FilePaths {
    /// The text form of a path's bytes.
    public static func display(_ bytes: some Collection<UInt8>) -> String {
        let array = Array(bytes)
        if let text = String(validating: array, as: UTF8.self) { return text }
        var result = ""
        var index = 0
        while index < array.count {
            let length = validSequenceLength(array, at: index)
            if length > 0 {
                result += String(decoding: array[index..<(index + length)], as: UTF8.self)
                index += length
            } else {
                result += "\\x" + String(array[index], radix: 16, uppercase: true)
                index += 1
            }
        }
        return result
    }

    /// The bytes to hand the system for `path` (no terminating zero).
    public static func bytes(_ path: String) -> [UInt8] {
        let plain = Array(path.utf8)
        // A byte scan: `String.contains(_:)` costs thousands of instructions per path.
        guard plain.indices.dropLast().contains(where: { plain[$0] == 0x5C && plain[$0 + 1] == 0x78 }) else { return plain }
        var decoded: [UInt8] = []
        var index = 0
        while index < plain.count {
            if plain[index] == 0x5C, index + 3 < plain.count, plain[index + 1] == 0x78,
               let high = hexValue(plain[index + 2]), let low = hexValue(plain[index + 3]), high >= 8 {
                decoded.append(high << 4 | low)
                index += 4
            } else {
                decoded.append(plain[index])
                index += 1
            }
        }
        if decoded == plain { return plain }
        var status = stat()
        let literalExists = path.withCString { lstat($0, &status) } == 0
        return literalExists ? plain : decoded
    }

    /// Calls `body` with the system form of `path`.
    public static func withSystemPath<Result>(_ path: String, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        var raw = bytes(path).map { CChar(bitPattern: $0) }
        raw.append(0)
        return raw.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        if first < 0x80 { return 1 }
        let length: Int
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        return String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil ? 0 : length
    }
}

/// Finding files below a folder, as bytes so that no name is lost, following links to folders
/// once each, and saying so when a link loops or points nowhere (Docs/limits.md).
public enum FileTree {
    /// What a path is, following links.
    public enum Kind: Equatable {
        case file, folder, missing
        case loop, dangling
        case other
    }

    /// Follows links; `.loop` for a chain of links that never ends, `.dangling` for a link to nothing.
    public static func kind(_ path: String) -> Kind {
        FilePaths.withSystemPath(path) { raw in
            var status = stat()
            if stat(raw, &status) == 0 {
                switch status.st_mode & S_IFMT {
                case S_IFREG: return .file
                case S_IFDIR: return .folder
                default: return .other
                }
            }
            let code = errno
            if code == ELOOP { return .loop }
            if lstat(raw, &status) == 0, status.st_mode & S_IFMT == S_IFLNK { return .dangling }
            return .missing
        }
    }

    /// The files below `folder` whose names end in `suffix`, sorted; names starting with `.` (files
    /// and folders) are skipped. A link that loops or points nowhere, or a folder that cannot be
    /// listed, is an `InputError` naming it. A link to a folder is followed only when the folder
    /// lies inside `folder`: a link to one outside (to `/`, to a home folder) would walk the world,
    /// so it is an `InputError` too (name that folder on the command line to include it).
    public static func files(in folder: String, suffix: String, skipping: Set<String> = []) throws(InputError) -> [String] {
        let rootReal = realPath(folder)
        var found: [String] = []
        var visited = Set<[UInt64]>()
        var pending = [folder]
        while let current = pending.popLast() {
            let identity: [UInt64]? = FilePaths.withSystemPath(current) { raw in
                var status = stat()
                return stat(raw, &status) == 0 ? [UInt64(status.st_dev), UInt64(status.st_ino)] : nil
            }
            if let identity, !visited.insert(identity).inserted { continue }
            let names = try entries(of: current)
            for name in names {
                guard let first = name.first, first != 0x2E else { continue }
                let display = FilePaths.display(name)
                let full = current.hasSuffix("/") ? current + display : current + "/" + display
                switch kind(full) {
                case .folder:
                    if skipping.contains(full) || skipping.contains(full + "/") { continue }
                    if isLink(full), let rootReal {
                        guard let target = realPath(full), target == rootReal || target.hasPrefix(rootReal == "/" ? "/" : rootReal + "/") else {
                            throw InputError("\(full): a symbolic link to a folder outside \(folder) (\(realPath(full) ?? "?")); policycheck does not follow it — name that folder on the command line to include it")
                        }
                    }
                    pending.append(full)
                case .file: if display.hasSuffix(suffix) { found.append(full) }
                case .other:
                    // A FIFO would block the walk until someone writes to it: only read one by name.
                    if display.hasSuffix(suffix) { throw InputError("\(full): is not a regular file (a FIFO, socket or device); name it on the command line to read it") }
                case .loop: if display.hasSuffix(suffix) || !display.contains(".") { throw InputError("\(full): symbolic links loop") }
                case .dangling: if display.hasSuffix(suffix) { throw InputError("\(full): a symbolic link to nothing (it points to a missing file)") }
                case .missing: break
                }
            }
        }
        return found.sorted()
    }

    /// Whether `path` itself is a symbolic link.
    public static func isLink(_ path: String) -> Bool {
        FilePaths.withSystemPath(path) { raw in
            var status = stat()
            return lstat(raw, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
        }
    }

    /// The canonical absolute path (links resolved), or nil.
    public static func realPath(_ path: String) -> String? {
        FilePaths.withSystemPath(path) { raw -> String? in
            guard let resolved = realpath(raw, nil) else { return nil }
            defer { free(resolved) }
            return FilePaths.display(UnsafeBufferPointer(start: resolved, count: strlen(resolved)).map { UInt8(bitPattern: $0) })
        }
    }

    /// The names in one folder (text form, see `FilePaths.display`), sorted, without `.`, `..`
    /// and hidden names; `InputError` when the folder cannot be listed.
    public static func names(in folder: String) throws(InputError) -> [String] {
        try entries(of: folder).filter { $0.first != 0x2E }.map { FilePaths.display($0) }.sorted()
    }

    /// `folder` joined with `name`.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty || folder == "." ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The entry names of one folder, without `.` and `..`.
    static func entries(of folder: String) throws(InputError) -> [[UInt8]] {
        guard let stream = FilePaths.withSystemPath(folder, { opendir($0) }) else {
            throw InputError("\(folder): cannot list the folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            // `d_name` is declared as 256 bytes, but the record readdir hands out may be shorter
            // (it ends after the name's NUL): read up to the NUL through a pointer, never the
            // whole declared array (AddressSanitizer caught that read past the heap block).
            let name: [UInt8] = withUnsafePointer(to: &entry.pointee.d_name) { field in
                field.withMemoryRebound(to: UInt8.self, capacity: 1) { start in
                    Array(UnsafeBufferPointer(start: start, count: strlen(UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }
}

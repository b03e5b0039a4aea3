#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

extension SourceFile {
    /// The most any input file may hold; policies stop far earlier (`xml-limits`, 4 MiB), but a
    /// named device such as `/dev/zero` or a runaway pipe must not be read into memory forever.
    public static let maximumReadBytes = 64 << 20

    /// Reads a file from disk. A missing or unreadable file, a folder, or more than
    /// `maximumReadBytes` is an `InputError` naming the path. A pipe given by name (`<(…)`) is
    /// read to its end, as `cat` would.
    public static func read(_ path: String) throws(InputError) -> SourceFile {
        // One conversion of the path and one `open`; why it failed is looked up only when it did.
        var system = FilePaths.bytes(path).map { CChar(bitPattern: $0) }
        system.append(0)
        let descriptor = open(system, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw openFailure(path, system, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw InputError("\(path): cannot read the file: \(String(cString: strerror(errno)))") }
        if status.st_mode & S_IFMT == S_IFDIR { throw InputError("\(path): is a folder, not a file") }
        // A regular file is read straight into an array of its size plus one byte (the read that
        // finds the end needs no room); a pipe, a device or a growing file goes on in chunks.
        let regular = status.st_mode & S_IFMT == S_IFREG
        var (bytes, ended) = try readChunk(descriptor, path, upTo: regular ? min(Int(status.st_size), maximumReadBytes) + 1 : 1 << 16)
        while !ended {
            if bytes.count > maximumReadBytes {
                throw InputError("\(path): the file is larger than \(maximumReadBytes >> 20) MiB; policycheck reads at most that much")
            }
            let (more, atEnd) = try readChunk(descriptor, path, upTo: max(1 << 16, bytes.count))
            bytes.append(contentsOf: more)
            ended = atEnd
        }
        if bytes.count > maximumReadBytes {
            throw InputError("\(path): the file is larger than \(maximumReadBytes >> 20) MiB; policycheck reads at most that much")
        }
        return SourceFile(path: path, bytes: bytes)
    }

    /// Reads until `capacity` bytes have come or the file ends (`ended`).
    private static func readChunk(_ descriptor: Int32, _ path: String, upTo capacity: Int) throws(InputError) -> (bytes: [UInt8], ended: Bool) {
        var failure: Int32 = 0
        var ended = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var filled = 0
            while filled < capacity {
                let count = systemRead(descriptor, buffer.baseAddress! + filled, capacity - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if count == 0 {
                    ended = true
                    break
                }
                filled += count
            }
            initialized = filled
        }
        if failure != 0 { throw InputError("\(path): cannot read the file: \(String(cString: strerror(failure)))") }
        return (bytes, ended)
    }

    /// The reason `open` failed with `code`: a dangling or looping symbolic link, a missing file, or
    /// the system's own words.
    private static func openFailure(_ path: String, _ system: [CChar], code: Int32) -> InputError {
        var status = stat()
        if lstat(system, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, stat(system, &status) != 0 {
            return InputError("\(path): \(code == ELOOP ? "symbolic links loop" : "a symbolic link to nothing (it points to a missing file)")")
        }
        return InputError("\(path): \(code == ENOENT || code == ENOTDIR ? "no such file" : "cannot read the file: \(String(cString: strerror(code)))")")
    }
}

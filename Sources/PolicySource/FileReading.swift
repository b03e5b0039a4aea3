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
        var status = stat()
        if FilePaths.withSystemPath(path, { stat($0, &status) }) != 0 {
            let code = errno
            if FilePaths.withSystemPath(path, { lstat($0, &status) }) == 0, status.st_mode & S_IFMT == S_IFLNK {
                throw InputError("\(path): \(code == ELOOP ? "symbolic links loop" : "a symbolic link to nothing (it points to a missing file)")")
            }
            throw InputError("\(path): \(code == ENOENT || code == ENOTDIR ? "no such file" : "cannot read the file: \(String(cString: strerror(code)))")")
        }
        if status.st_mode & S_IFMT == S_IFDIR { throw InputError("\(path): is a folder, not a file") }
        let descriptor = FilePaths.withSystemPath(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw InputError("\(path): cannot read the file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        if status.st_mode & S_IFMT == S_IFREG { bytes.reserveCapacity(min(Int(status.st_size), maximumReadBytes) + 1) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError("\(path): cannot read the file: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumReadBytes {
                throw InputError("\(path): the file is larger than \(maximumReadBytes >> 20) MiB; policycheck reads at most that much")
            }
        }
        return SourceFile(path: path, bytes: bytes)
    }
}

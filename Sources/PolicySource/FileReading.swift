import Foundation

extension SourceFile {
    /// Reads a file from disk. A missing or unreadable file, or a folder, is an `InputError`
    /// naming the path.
    public static func read(_ path: String) throws(InputError) -> SourceFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(path): no such file")
        }
        if isDirectory.boolValue { throw InputError("\(path): is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        return SourceFile(path: path, bytes: [UInt8](data))
    }
}

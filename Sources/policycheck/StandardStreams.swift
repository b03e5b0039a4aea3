#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PolicySource

/// The one way the CLI writes to stdout and stderr. A write that fails (a closed pipe, a full
/// disk, a closed descriptor) never traps as `FileHandle.write` does: the command stops with a
/// one-line message on stderr, when stderr can still take it, and exit status 2 (Docs/limits.md).
enum StandardStreams {
    /// Call first: broken pipes become `EPIPE` instead of killing the process, and a descriptor
    /// 0–2 the caller closed is held by `/dev/null` opened read-only, so no file the command opens
    /// later gets that number (and its output), and writing to it still fails with `EBADF`.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0, opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// Writes all of `text` to stdout; on failure reports and exits 2.
    static func out(_ text: String) {
        if let problem = write(text, to: STDOUT_FILENO) { die("cannot write to standard output: \(problem)") }
    }

    /// Writes all of `text` to stderr; on failure exits 2 (there is nowhere left to say why).
    static func err(_ text: String) {
        if write(text, to: STDERR_FILENO) != nil { exit(2) }
    }

    /// Reports a failed write on stderr (if it still takes it) and exits with status 2.
    static func die(_ message: String) -> Never {
        _ = write("policycheck: \(message)\n", to: STDERR_FILENO)
        exit(2)
    }

    /// Writes every byte (`FileWriting.writeAll`); the reason when it cannot.
    static func write(_ text: String, to descriptor: Int32) -> String? {
        FileWriting.writeAll(text, to: descriptor).map(reason)
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case EPIPE: "the reader closed the pipe (EPIPE)"
        case ENOSPC: "no space left on the device (ENOSPC)"
        case EBADF: "the descriptor is closed (EBADF)"
        default: String(cString: strerror(code))
        }
    }
}

/// Collects stdout text and writes it in 64 KiB pieces: a run that streams a million request
/// blocks makes a few thousand writes, not a million.
final class BufferedOutput {
    private var pending = ""

    func write(_ text: String) {
        pending += text
        if pending.utf8.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !pending.isEmpty else { return }
        StandardStreams.out(pending)
        pending = ""
    }
}

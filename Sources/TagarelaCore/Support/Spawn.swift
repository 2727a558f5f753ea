import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Child processes without Foundation's `Process`, whose `run()` on Linux can crash reading `/proc/self/fd`
/// (swift-corelibs-foundation#5472, an over-read of `dirent.d_name`, still in Swift 6.3).
public enum Spawn {
    /// Starts the tool with `posix_spawn`: stdin from /dev/null, stdout to `output` (or /dev/null),
    /// stderr to `errors` (or /dev/null; the same file as `output` shares its place, so lines interleave as
    /// written); output files must exist and are truncated. The child gets `environment` (nil: ours) and starts in
    /// `directory` (nil: ours).
    public static func start(
        _ executable: URL, _ arguments: [String], output: URL?, errors: URL?,
        environment: [String: String]? = nil, directory: URL? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output?.path ?? "/dev/null", O_WRONLY | O_TRUNC, 0)
        if let errors, errors == output {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errors?.path ?? "/dev/null", O_WRONLY | O_TRUNC, 0)
        }
        return try spawn(executable, arguments, actions: &actions, environment: environment, directory: directory)
    }

    /// A child started with pipes to its stdin and from its stdout, which the caller reads, writes and closes.
    public struct PipedChild: Sendable {
        public var pid: pid_t
        /// The write end of the child's stdin.
        public var input: Int32
        /// The read end of the child's stdout.
        public var output: Int32
    }

    /// Starts the tool as `start` does, but with its stdin and stdout on pipes (a program spoken to line by line,
    /// such as an MCP server over stdio); stderr goes to `errors` (or /dev/null). Our ends are close-on-exec, so
    /// no other child inherits them.
    public static func startPiped(
        _ executable: URL, _ arguments: [String], errors: URL?, environment: [String: String]? = nil,
        directory: URL? = nil
    ) throws -> PipedChild {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else {
            throw VoiceError.converterUnavailable("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            throw VoiceError.converterUnavailable("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec for children started without `closeFrom` (older glibc); `spawn` closes the rest anyway.
        for end in toChild + fromChild { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copy, so the child keeps exactly these two ends as 0 and 1.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errors?.path ?? "/dev/null", O_WRONLY | O_TRUNC, 0)
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, actions: &actions, environment: environment, directory: directory)
        } catch {
            for end in toChild + fromChild { close(end) }
            throw error
        }
        // The child's ends are its own now.
        close(toChild[0])
        close(fromChild[1])
        return PipedChild(pid: pid, input: toChild[1], output: fromChild[0])
    }

    /// `posix_spawn` with the file actions the caller set for 0, 1 and 2, closing every other descriptor.
    private static func spawn(
        _ executable: URL, _ arguments: [String], actions: inout posix_spawn_file_actions_t,
        environment: [String: String]?, directory: URL?
    ) throws -> pid_t {
        // Nothing else of ours reaches the child: a file another thread has open for writing would otherwise stay
        // open in it, and running that file (a script just written) would fail with "text file busy".
        _ = closeFrom?(&actions, 3)
        if let directory {
            guard let changeDirectory else {
                throw VoiceError.converterUnavailable("cannot start \(executable.path) in another directory here")
            }
            _ = changeDirectory(&actions, directory.path)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal handling and nothing blocked, whatever this process set.
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid = pid_t()
        let result =
            if var envp {
                posix_spawn(&pid, executable.path, &actions, &attributes, argv, &envp)
            } else {
                posix_spawn(&pid, executable.path, &actions, &attributes, argv, environ)
            }
        guard result == 0 else {
            throw VoiceError.converterUnavailable(
                "cannot run \(executable.path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Blocks until the child ends; returns its exit code, or 128 plus the signal that ended it (as a shell says).
    public static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return exitStatus(status)
    }

    /// `waitForExit` without holding a task's thread: a thread of its own waits (waitpid blocks) and ends with the
    /// child.
    public static func exit(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: waitForExit(pid)) }
        }
    }

    /// The child's exit code (as `waitForExit` gives it) if it has ended, without waiting; nil while it runs. Once
    /// this has returned a code the child is gone: ask no more.
    public static func exitStatusIfEnded(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result == -1 && errno == EINTR
        return result == pid ? exitStatus(status) : nil
    }

    /// The exit code of a `waitpid` status, or 128 plus the signal that ended the child.
    static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private typealias ChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29 and later), looked up as `closeFrom` is.
    private static let changeDirectory: ChangeDirectory? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: ChangeDirectory.self)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time because the C
    /// headers Swift imports do not declare it.
    private static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
    }
}

// continuations: a request server whose handlers wait for replies that never come.
//
// Usage: continuations N
// Starts N request-handler tasks. Each calls handleRequest(id:), which awaits a
// reply from a backend through Connection.awaitReply() (every 5th request goes
// through AuthClient.awaitToken() instead). Both park the task in
// withCheckedContinuation and store the continuation in a global registry;
// nobody ever resumes it, so the tasks stay suspended forever. A suspended task
// owns no thread: thread dumps (backtracer, lldb bt all) cannot see these
// leaks, only lldb's `language swift task backtrace <addr>` can.
//
// One extra background task (metricsFlusher, Task.sleep loop) and one named
// pthread ("acceptor", blocked in read() on a pipe) exist at every size.
// When all N continuations are registered the program prints "ready" and the
// main thread parks in parkMainThread() (sleep(3600) loop, bounded).
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything lldb needs to find the leaked tasks: continuations and task
/// handles, reachable from one global (`target variable -D 12 registry`).
final class PendingRegistry: @unchecked Sendable {
    let lock = NSLock()
    var replyWaiters: [CheckedContinuation<String, Never>] = []
    var tokenWaiters: [CheckedContinuation<String, Never>] = []
    var requestTasks: [Task<Void, Never>] = []
    var backgroundTasks: [Task<Void, Never>] = []

    func addReplyWaiter(_ c: CheckedContinuation<String, Never>) {
        lock.lock(); replyWaiters.append(c); lock.unlock()
    }
    func addTokenWaiter(_ c: CheckedContinuation<String, Never>) {
        lock.lock(); tokenWaiters.append(c); lock.unlock()
    }
    var parkedCount: Int {
        lock.lock(); defer { lock.unlock() }
        return replyWaiters.count + tokenWaiters.count
    }
}

let registry = PendingRegistry()

/// Names the calling thread (what /proc/PID/task/TID/comm and the dumps show;
/// the kernel keeps 15 characters). Glibc's Swift module does not export
/// pthread_setname_np, and Foundation's Thread.current.name did not reliably
/// reach the OS in trials, so look the C function up at run time.
func setThreadName(_ name: String) {
    typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
    guard let sym = dlsym(nil, "pthread_setname_np") else { return }
    _ = unsafeBitCast(sym, to: SetName.self)(pthread_self(), name)
}

struct Connection {
    let peer: String

    /// Sends a request to the backend and waits for the reply. The reply
    /// callback is lost, so the continuation is never resumed.
    @inline(never)
    func awaitReply() async -> String {
        await withCheckedContinuation { (c: CheckedContinuation<String, Never>) in
            registry.addReplyWaiter(c)
        }
    }
}

struct AuthClient {
    @inline(never)
    func awaitToken() async -> String {
        await withCheckedContinuation { (c: CheckedContinuation<String, Never>) in
            registry.addTokenWaiter(c)
        }
    }
}

@inline(never)
func handleRequest(id: Int) async -> Int {
    if id % 5 == 0 {
        let token = await AuthClient().awaitToken()
        return token.count
    }
    let reply = await Connection(peer: "127.0.0.1:9000").awaitReply()
    return reply.count + id
}

@inline(never)
func metricsFlusher() async {
    // Constant background noise: one task sleeping in a loop (bounded).
    for _ in 0..<36_000 {
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
}

@inline(never)
func acceptLoop(fd: Int32) {
    // Blocks in read() on a pipe nobody writes to.
    var buf = [UInt8](repeating: 0, count: 64)
    _ = read(fd, &buf, buf.count)
}

@inline(never)
func startAcceptor() {
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    let readFD = fds[0]
    let t = Thread {
        setThreadName("acceptor")
        acceptLoop(fd: readFD)
    }
    t.start()
}

@inline(never)
func spawnRequests(count: Int) {
    for id in 1...count {
        let t = Task.detached {
            _ = await handleRequest(id: id)
        }
        registry.lock.lock()
        registry.requestTasks.append(t)
        registry.lock.unlock()
    }
}

@inline(never)
func parkMainThread() {
    // The main thread idles here so dumps show a recognizable main stack.
    // (Thread.sleep rather than sleep(): glibc's sleep() breaks the frame
    // pointer chain, so the backtracer would show only clock_nanosleep.)
    for _ in 0..<24 * 7 {
        Thread.sleep(forTimeInterval: 3600)
    }
}

let n = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10 : 10
startAcceptor()
registry.backgroundTasks.append(Task.detached { await metricsFlusher() })
spawnRequests(count: n)
var waited = 0
while registry.parkedCount < n && waited < 3000 { // at most 30 s
    usleep(10_000)
    waited += 1
}
usleep(200_000) // let the pool threads go idle
print("ready \(registry.parkedCount) parked")
fflush(stdout)
parkMainThread()

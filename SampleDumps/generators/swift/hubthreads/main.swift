// hubthreads: a small threaded server (plain Foundation threads and locks) for
// two things a diff of Swift thread dumps must get right:
//
//  1. A fixed pool of 4 workers whose state changes between snapshots. All 4 run
//     WorkerPool.workerLoop(); with PHASE `sleeping` they back off in Thread.sleep
//     (state sleep), with PHASE `waiting` they wait for a job at another line of the
//     same function (state futex wait). Same threads, same function: a state shift,
//     not growth.
//  2. One leak reached through three routes: threads that call pollA(), pollB() or
//     stream() all end up in Hub.wait(), waiting for an update that nobody publishes.
//
// Usage: hubthreads PHASE A B S
//   PHASE  sleeping | waiting   what the 4 pool workers do
//   A B S  number of threads waiting in Hub.wait() through pollA(), pollB(), stream()
// Constant extras: one "accept" thread, AcceptLoop.run(), blocked in read() on a pipe
// nobody writes to, and the main thread in parkMainThread() (Thread.sleep).
// When everything is in place it prints "ready ..." on stdout. The main thread parks
// for at most an hour, then the process exits.
//
// Why both waits are a lock that its owner holds until there is something to pass
// for (a latch), and not a condition variable or a semaphore: Debian's glibc is built
// without frame pointers, and the runtime backtracer unwinds with frame pointers
// only, so a thread in pthread_cond_wait, sem_wait, NSCondition.wait or
// DispatchSemaphore.wait prints as one frame, `__futex_abstimed_wait_common`, then
// `...`: no worker function, no Hub.wait(), no route. A contended
// pthread_mutex_lock waits in `__lll_lock_wait` (a futex wait too) and leaves the
// frame pointer alone, so the chain survives, minus the direct caller of
// pthread_mutex_lock. The locks are typed `NSLocking` on purpose: the call then goes
// through Foundation's protocol witness, which keeps a frame, so the frame the
// backtracer loses is Foundation's and WorkerPool.workerLoop() / Hub.wait() stay
// visible. (A direct NSLock.lock() call would lose the caller itself; with a helper
// function of our own around the lock, the helper is the frame lost, but lldb
// `bt all` shows it, as the innermost program frame of every waiter.)
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names the calling thread (what /proc/PID/task/TID/comm and the dumps show; the
/// kernel keeps 15 characters). Glibc's Swift module does not export
/// pthread_setname_np, and Foundation's Thread.name does not reliably reach the OS
/// on Linux, so look the C function up at run time.
func setThreadName(_ name: String) {
    typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
    guard let sym = dlsym(nil, "pthread_setname_np") else { return }
    _ = unsafeBitCast(sym, to: SetName.self)(pthread_self(), name)
}

/// Counts threads that are about to block, so main knows when to say ready.
final class StartCount: @unchecked Sendable {
    let lock = NSLock()
    var arrived = 0
    func arrive() { lock.lock(); arrived += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return arrived }
}
let started = StartCount()

enum Phase: String {
    case sleeping, waiting
}

/// A fixed pool of 4 workers. `sleeping`: the pool polls for work and backs off in
/// Thread.sleep between polls. `waiting`: the pool waits until the dispatcher posts
/// a job. No job is ever posted.
final class WorkerPool: @unchecked Sendable {
    static let size = 4
    let phase: Phase
    /// Held by the main thread until a job is posted (then unlocked, and each worker
    /// takes it and hands it on). The dispatcher that would post jobs was never started.
    let jobPosted: NSLocking = NSLock()

    init(phase: Phase) {
        self.phase = phase
        jobPosted.lock() // no job yet
    }

    func start() {
        for i in 1...Self.size {
            Thread {
                setThreadName("worker-\(i)")
                self.workerLoop()
            }.start()
        }
    }

    @inline(never)
    func workerLoop() {
        started.arrive()
        for _ in 0..<24 { // bounded: a day of idle rounds at most
            switch phase {
            case .sleeping:
                Thread.sleep(forTimeInterval: 3600) // back off: no work queued
            case .waiting:
                jobPosted.lock() // wait until a job is posted
                jobPosted.unlock()
            }
        }
    }
}

/// Reads requests from a pipe nobody writes to.
final class AcceptLoop: @unchecked Sendable {
    let fd: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        fd = fds[0] // the write end stays open and unused, so read() blocks
    }

    @inline(never)
    func receive() -> Int {
        var buf = [UInt8](repeating: 0, count: 512)
        return read(fd, &buf, buf.count)
    }

    func start() {
        Thread {
            setThreadName("accept")
            self.run()
        }.start()
    }

    @inline(never)
    func run() {
        started.arrive()
        for _ in 0..<1000 { // bounded
            if receive() <= 0 { break } // EOF or error: the peer is gone
        }
    }
}

/// Subscribers wait here for the next update. The main thread, which made the hub,
/// holds `nextUpdate` until it publishes one; nothing is ever published.
final class Hub: @unchecked Sendable {
    let nextUpdate: NSLocking = NSLock()

    init() { nextUpdate.lock() }

    /// Called on the main thread when an update is ready; nobody calls it.
    func publish() { nextUpdate.unlock() }

    @inline(never)
    func wait() {
        started.arrive()
        nextUpdate.lock() // blocks: nothing is ever published
        nextUpdate.unlock()
    }
}
let hub = Hub()

/// Three request routes that all wait for the hub.
@inline(never)
func pollA() {
    hub.wait()
}

@inline(never)
func pollB() {
    hub.wait()
}

@inline(never)
func stream() {
    hub.wait()
}

@inline(never)
func startHubRoutes(pollA a: Int, pollB b: Int, stream s: Int) {
    for i in 0..<a {
        Thread {
            setThreadName("hub-pollA-\(i + 1)")
            pollA()
        }.start()
    }
    for i in 0..<b {
        Thread {
            setThreadName("hub-pollB-\(i + 1)")
            pollB()
        }.start()
    }
    for i in 0..<s {
        Thread {
            setThreadName("hub-stream-\(i + 1)")
            stream()
        }.start()
    }
}

@inline(never)
func waitForStarted(_ target: Int) -> Bool {
    var waited = 0
    while started.count < target && waited < 3000 { // at most 30 s
        usleep(10_000)
        waited += 1
    }
    return started.count >= target
}

@inline(never)
func parkMainThread() {
    // Thread.sleep rather than sleep(): glibc's sleep() breaks the frame pointer
    // chain, so the backtracer would show only clock_nanosleep.
    for _ in 0..<60 { // at most an hour
        Thread.sleep(forTimeInterval: 60)
    }
}

let args = CommandLine.arguments
guard args.count == 5, let phase = Phase(rawValue: args[1]),
    let a = Int(args[2]), let b = Int(args[3]), let s = Int(args[4]),
    a >= 0, b >= 0, s >= 0
else {
    FileHandle.standardError.write("usage: hubthreads sleeping|waiting POLLA POLLB STREAM\n".data(using: .utf8)!)
    exit(2)
}

let pool = WorkerPool(phase: phase)
pool.start()
let acceptor = AcceptLoop()
acceptor.start()
startHubRoutes(pollA: a, pollB: b, stream: s)
let expected = WorkerPool.size + 1 + a + b + s
guard waitForStarted(expected) else {
    FileHandle.standardError.write("only \(started.count) of \(expected) threads started\n".data(using: .utf8)!)
    exit(1)
}
usleep(300_000) // let every thread reach its blocking call
print("ready phase=\(phase.rawValue) workers=\(WorkerPool.size) accept=1 pollA=\(a) pollB=\(b) stream=\(s)")
fflush(stdout)
parkMainThread()

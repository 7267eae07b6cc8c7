// blockedthreads: a server whose threads pile up blocked.
//
// Usage: blockedthreads N
// Starts, from distinctively named functions:
//   * N threads "sem-waiter-I"  : JobQueue.waitForJob() -> DispatchSemaphore.wait()
//                                 on a semaphore nobody signals;
//   * N threads "cond-waiter-I" : ConfigWatcher.waitForChange() -> NSCondition.wait()
//                                 on a condition nobody signals;
//   * N threads "pipe-reader-I" : LegacyClient.readResponse() -> read() on a pipe
//                                 nobody writes to.
// Plus 2 Swift tasks that block a thread of the cooperative pool (the pool has
// one thread per CPU, 2 on the capture machine, so 2 is all it can take):
//   * ThumbnailService.renderBlocking(id:) -> blockingFetch(fd:) -> read() on a pipe,
//   * ReportGenerator.waitForLegacyLock()  -> DispatchSemaphore.wait().
// These two show `[async]` frames in backtracer thread dumps (when the frame
// pointer chain survives the libc call). When everything is blocked the
// program prints "ready" and the main thread parks in parkMainThread().
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names the calling thread (what /proc/PID/task/TID/comm and the dumps show;
/// the kernel keeps 15 characters). Glibc's Swift module does not export
/// pthread_setname_np, and Foundation's Thread.current.name did not reliably
/// reach the OS in trials, so look the C function up at run time.
func setThreadName(_ name: String) {
    typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
    guard let sym = dlsym(nil, "pthread_setname_np") else { return }
    _ = unsafeBitCast(sym, to: SetName.self)(pthread_self(), name)
}

/// Counts threads/tasks that are about to block, so main knows when to say ready.
final class StartGate: @unchecked Sendable {
    let lock = NSLock()
    var started = 0
    func arrive() { lock.lock(); started += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return started }
}
let gate = StartGate()

final class JobQueue: @unchecked Sendable {
    let available = DispatchSemaphore(value: 0) // the producer was never started

    @inline(never)
    func waitForJob() {
        gate.arrive()
        available.wait()
    }
}

final class ConfigWatcher: @unchecked Sendable {
    let condition = NSCondition()
    var changed = false // nobody ever sets it

    @inline(never)
    func waitForChange() {
        condition.lock()
        gate.arrive()
        while !changed {
            condition.wait()
        }
        condition.unlock()
    }
}

struct LegacyClient {
    let fd: Int32

    @inline(never)
    func readResponse() -> Int {
        var buf = [UInt8](repeating: 0, count: 256)
        gate.arrive()
        return read(fd, &buf, buf.count)
    }
}

struct ThumbnailService {
    let fd: Int32

    @inline(never)
    func blockingFetch() -> Int {
        var buf = [UInt8](repeating: 0, count: 256)
        return read(fd, &buf, buf.count)
    }

    /// An async function doing blocking I/O: holds a cooperative-pool thread.
    @inline(never)
    func renderBlocking(id: Int) async -> Int {
        gate.arrive()
        return blockingFetch() + id
    }
}

actor ReportGenerator {
    let legacyLock = DispatchSemaphore(value: 0)

    /// A semaphore wait inside an actor method: holds a pool thread and the actor.
    @inline(never)
    func waitForLegacyLock() async {
        gate.arrive()
        legacyLock.wait()
    }
}

let jobs = JobQueue()
let config = ConfigWatcher()
let reports = ReportGenerator()

@inline(never)
func makePipe() -> Int32 {
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    return fds[0] // the write end stays open and unused, so read() blocks
}

@inline(never)
func startSemaphoreWaiters(count: Int) {
    for i in 1...count {
        Thread {
            setThreadName("sem-waiter-\(i)")
            jobs.waitForJob()
        }.start()
    }
}

@inline(never)
func startConditionWaiters(count: Int) {
    for i in 1...count {
        Thread {
            setThreadName("cond-waiter-\(i)")
            config.waitForChange()
        }.start()
    }
}

@inline(never)
func startPipeReaders(count: Int) {
    for i in 1...count {
        let client = LegacyClient(fd: makePipe())
        Thread {
            setThreadName("pipe-reader-\(i)")
            _ = client.readResponse()
        }.start()
    }
}

@inline(never)
func waitForGate(_ target: Int) {
    var waited = 0
    while gate.count < target && waited < 3000 { // at most 30 s
        usleep(10_000)
        waited += 1
    }
}

@inline(never)
func startPoolBlockers() -> [Task<Void, Never>] {
    let thumbs = ThumbnailService(fd: makePipe())
    let t1 = Task.detached { _ = await thumbs.renderBlocking(id: 7) }
    waitForGate(gate.count + 1)
    let t2 = Task.detached { await reports.waitForLegacyLock() }
    return [t1, t2]
}

@inline(never)
func parkMainThread() {
    // Thread.sleep rather than sleep(): glibc's sleep() breaks the frame
    // pointer chain, so the backtracer would show only clock_nanosleep.
    for _ in 0..<24 * 7 {
        Thread.sleep(forTimeInterval: 3600)
    }
}

let n = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 4 : 4
startSemaphoreWaiters(count: n)
startConditionWaiters(count: n)
startPipeReaders(count: n)
waitForGate(3 * n)
let poolBlockers = startPoolBlockers()
waitForGate(3 * n + 2)
usleep(300_000) // let every thread reach its blocking call
print("ready \(gate.count) blocked")
fflush(stdout)
parkMainThread()

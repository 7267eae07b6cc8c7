// crash: a server that dies with fatalError in a named function while other
// threads (and one suspended task) are alive.
//
// Usage: crash [thread|task|idle]
//   thread (default): the "order-proc" thread runs processOrder(_:) ->
//                     OrderValidator.validate(order:) -> fatalError.
//   task:             a Swift task runs handleOrderRequest(id:) (async) ->
//                     OrderValidator.validate(order:) -> fatalError, so the
//                     crashed thread is a cooperative-pool thread with
//                     `[async]` frames.
//   idle:             no crash; prints "ready" and waits (for kill -QUIT).
// Other threads at crash time: main (parkMainThread, Thread.sleep loop),
// "worker-1", "worker-2" (WorkerPool.idleLoop(), Thread.sleep loop), "acceptor"
// (read() on a pipe), libdispatch's manager thread, and a heartbeat task
// suspended in Task.sleep (invisible).
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names the calling thread (what /proc/PID/task/TID/comm and the dumps show).
func setThreadName(_ name: String) {
    typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
    guard let sym = dlsym(nil, "pthread_setname_np") else { return }
    _ = unsafeBitCast(sym, to: SetName.self)(pthread_self(), name)
}

final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var value = 0
    func increment() { lock.lock(); value += 1; lock.unlock() }
    var current: Int { lock.lock(); defer { lock.unlock() }; return value }
}
let started = Counter()

struct Order {
    let id: String
    let total: Double
}

struct OrderValidator {
    @inline(never)
    func validate(order: Order) -> Bool {
        if order.total < 0 {
            fatalError("order \(order.id): negative total \(order.total)")
        }
        return true
    }
}

@inline(never)
func processOrder(_ order: Order) -> Bool {
    let ok = OrderValidator().validate(order: order)
    return ok && !order.id.isEmpty
}

@inline(never)
func handleOrderRequest(id: Int) async -> Bool {
    try? await Task.sleep(nanoseconds: 1_000_000)
    let ok = OrderValidator().validate(order: Order(id: "B-\(id)", total: -3))
    return ok && id > 0
}

enum WorkerPool {
    @inline(never)
    static func idleLoop() {
        started.increment()
        for _ in 0..<3600 {
            Thread.sleep(forTimeInterval: 1)
        }
    }
}

@inline(never)
func acceptLoop(fd: Int32) {
    var buf = [UInt8](repeating: 0, count: 64)
    started.increment()
    _ = read(fd, &buf, buf.count)
}

@inline(never)
func heartbeat() async {
    started.increment()
    for _ in 0..<36_000 {
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
}

@inline(never)
func startBackground() -> Task<Void, Never> {
    for i in 1...2 {
        Thread {
            setThreadName("worker-\(i)")
            WorkerPool.idleLoop()
        }.start()
    }
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    let readFD = fds[0]
    Thread {
        setThreadName("acceptor")
        acceptLoop(fd: readFD)
    }.start()
    return Task.detached { await heartbeat() }
}

/// Mode "thread": a named thread processes an order with a negative total.
@inline(never)
func startOrderThread() {
    Thread {
        setThreadName("order-proc")
        _ = processOrder(Order(id: "B-7", total: -3))
    }.start()
}

/// Mode "task": a Swift task handles the same order.
@inline(never)
func startOrderTask() -> Task<Bool, Never> {
    Task.detached { await handleOrderRequest(id: 7) }
}

@inline(never)
func parkMainThread() {
    for _ in 0..<3600 {
        Thread.sleep(forTimeInterval: 1)
    }
}

let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "thread"
let heartbeatTask = startBackground()
var waited = 0
while started.current < 4 && waited < 3000 {
    usleep(10_000)
    waited += 1
}
usleep(200_000)
var orderTask: Task<Bool, Never>?
switch mode {
case "idle":
    print("ready, waiting for SIGQUIT")
    fflush(stdout)
case "task":
    print("ready, crashing in mode task")
    fflush(stdout)
    orderTask = startOrderTask()
default:
    print("ready, crashing in mode thread")
    fflush(stdout)
    startOrderThread()
}
parkMainThread()

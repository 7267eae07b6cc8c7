// asyncstream: subscribers whose event streams are never finished.
//
// Usage: asyncstream N
// Starts N subscriber tasks. Each calls serveSubscription(id:), which
// subscribes to the EventBus and loops `for await event in stream` inside
// SubscriptionHandler.consumeEvents(from:). Every 4th subscriber instead
// follows a log through LogTail.follow(_:) (`for try await` over an
// AsyncThrowingStream). The bus publishes 3 events / 2 log lines, then goes
// quiet, and nobody ever calls finish() on the continuations (the clients are
// gone, the subscriptions are never cancelled). Every subscriber task stays
// suspended in the iterator's next() forever. Suspended tasks own no thread,
// so thread dumps cannot see them; lldb's `language swift task backtrace`
// can, given the task addresses (task handles are kept in `registry`).
//
// One extra background task (heartbeat, Task.sleep loop) exists at every size.
// When every subscriber has consumed the published backlog the program prints
// "ready" and the main thread parks in parkMainThread().
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Event: Sendable {
    let seq: Int
    let topic: String
}

/// Holds the stream continuations (never finished) and the task handles.
final class EventBus: @unchecked Sendable {
    let lock = NSLock()
    var subscribers: [AsyncStream<Event>.Continuation] = []
    var logFollowers: [AsyncThrowingStream<String, Error>.Continuation] = []
    var consumed = 0

    func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        lock.lock(); subscribers.append(continuation); lock.unlock()
        return stream
    }

    func followLog() -> AsyncThrowingStream<String, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: String.self)
        lock.lock(); logFollowers.append(continuation); lock.unlock()
        return stream
    }

    func publish(_ event: Event) {
        lock.lock(); let subs = subscribers; lock.unlock()
        for s in subs { s.yield(event) }
    }

    func appendLog(_ line: String) {
        lock.lock(); let subs = logFollowers; lock.unlock()
        for s in subs { s.yield(line) }
    }

    func noteConsumed() {
        lock.lock(); consumed += 1; lock.unlock()
    }

    var counts: (subscribers: Int, followers: Int, consumed: Int) {
        lock.lock(); defer { lock.unlock() }
        return (subscribers.count, logFollowers.count, consumed)
    }
}

final class TaskRegistry: @unchecked Sendable {
    let lock = NSLock()
    var subscriptionTasks: [Task<Void, Never>] = []
    var backgroundTasks: [Task<Void, Never>] = []
}

let bus = EventBus()
/// `target variable -D 12 registry` lists every task (address, id, flags).
let registry = TaskRegistry()

struct SubscriptionHandler {
    let client: Int

    @inline(never)
    func consumeEvents(from stream: AsyncStream<Event>) async -> Int {
        var total = 0
        for await event in stream {
            total += event.seq
            bus.noteConsumed()
        }
        return total
    }
}

struct LogTail {
    let client: Int

    @inline(never)
    func follow(_ lines: AsyncThrowingStream<String, Error>) async throws -> Int {
        var bytes = 0
        for try await line in lines {
            bytes += line.utf8.count
            bus.noteConsumed()
        }
        return bytes
    }
}

@inline(never)
func serveSubscription(id: Int) async {
    let stream = bus.subscribe()
    _ = await SubscriptionHandler(client: id).consumeEvents(from: stream)
}

@inline(never)
func serveLogFollow(id: Int) async {
    let lines = bus.followLog()
    _ = try? await LogTail(client: id).follow(lines)
}

@inline(never)
func heartbeat() async {
    for _ in 0..<36_000 {
        try? await Task.sleep(nanoseconds: 100_000_000)
    }
}

@inline(never)
func spawnSubscribers(count: Int) {
    for id in 1...count {
        let t: Task<Void, Never>
        if id % 4 == 0 {
            t = Task.detached { await serveLogFollow(id: id) }
        } else {
            t = Task.detached { await serveSubscription(id: id) }
        }
        registry.lock.lock()
        registry.subscriptionTasks.append(t)
        registry.lock.unlock()
    }
}

@inline(never)
func parkMainThread() {
    // Thread.sleep rather than sleep(): glibc's sleep() breaks the frame
    // pointer chain, so the backtracer would show only clock_nanosleep.
    for _ in 0..<24 * 7 {
        Thread.sleep(forTimeInterval: 3600)
    }
}

let n = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10 : 10
let followers = n / 4
let subscribers = n - followers
registry.backgroundTasks.append(Task.detached { await heartbeat() })
spawnSubscribers(count: n)
var waited = 0
while (bus.counts.subscribers < subscribers || bus.counts.followers < followers) && waited < 3000 {
    usleep(10_000)
    waited += 1
}
for seq in 1...3 { bus.publish(Event(seq: seq, topic: "orders")) }
for i in 1...2 { bus.appendLog("log line \(i)") }
let expected = subscribers * 3 + followers * 2
waited = 0
while bus.counts.consumed < expected && waited < 3000 {
    usleep(10_000)
    waited += 1
}
usleep(200_000) // let the pool threads go idle
print("ready \(bus.counts.subscribers) subscribers \(bus.counts.followers) followers \(bus.counts.consumed) consumed")
fflush(stdout)
parkMainThread()

// actorstarve: an actor doing blocking work while requests queue behind it.
//
// Usage: actorstarve N
//   1. InventoryStore.rebuildIndex() runs on the InventoryStore actor and does
//      synchronous "disk" work: scanSegment() -> usleep() in a bounded loop
//      (up to 1 hour). It holds one cooperative-pool thread and the actor.
//   2. N checkout requests run handleCheckout(id:), which awaits
//      InventoryStore.reserve(item:). They are enqueued on the busy actor and
//      stay suspended: invisible to thread dumps.
//   3. PriceCache.refreshSynchronously() (another actor) waits on a
//      DispatchSemaphore nobody signals, holding the second pool thread. The
//      cooperative pool has one thread per CPU (2 on the capture machine), so
//      the pool is now starved: no other task can run at all.
// When all N requests are queued the program prints "ready" and the main
// thread parks in parkMainThread().
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var value = 0
    func increment() { lock.lock(); value += 1; lock.unlock() }
    var current: Int { lock.lock(); defer { lock.unlock() }; return value }
}

let indexing = Counter()     // 1 once rebuildIndex is running
let queuedCheckouts = Counter()
let priceRefresh = Counter() // 1 once refreshSynchronously is blocked

actor InventoryStore {
    var stock: [Int: Int] = [:]

    @inline(never)
    nonisolated func scanSegment(_ segment: Int) {
        usleep(100_000) // synchronous "disk" read, blocks the pool thread
    }

    /// Synchronous work inside an actor method: the actor stays busy.
    @inline(never)
    func rebuildIndex() async {
        indexing.increment()
        for segment in 0..<36_000 { // 1 hour at most
            scanSegment(segment)
            stock[segment % 100, default: 0] += 1
        }
    }

    @inline(never)
    func reserve(item: Int) async -> Bool {
        stock[item, default: 0] -= 1
        return stock[item, default: 0] >= 0
    }
}

actor PriceCache {
    let upstream = DispatchSemaphore(value: 0) // nobody signals it

    @inline(never)
    func refreshSynchronously() async {
        priceRefresh.increment()
        upstream.wait()
    }
}

let store = InventoryStore()
let prices = PriceCache()

final class TaskRegistry: @unchecked Sendable {
    let lock = NSLock()
    var checkoutTasks: [Task<Bool, Never>] = []
    var backgroundTasks: [Task<Void, Never>] = []
}
/// `target variable -D 12 registry` lists every task (address, id, flags).
let registry = TaskRegistry()

@inline(never)
func handleCheckout(id: Int) async -> Bool {
    queuedCheckouts.increment()
    // (lldb's task backtrace of a request enqueued on the busy actor shows
    // reserve(item:) and then the Task closure: this frame is missing.)
    let reserved = await store.reserve(item: id % 100)
    return reserved && id > 0
}

@inline(never)
func startIndexRebuild() {
    let t = Task.detached { await store.rebuildIndex() }
    registry.lock.lock(); registry.backgroundTasks.append(t); registry.lock.unlock()
}

@inline(never)
func spawnCheckouts(count: Int) {
    for id in 1...count {
        let t = Task.detached { await handleCheckout(id: id) }
        registry.lock.lock(); registry.checkoutTasks.append(t); registry.lock.unlock()
    }
}

@inline(never)
func startPriceRefresh() {
    let t = Task.detached { await prices.refreshSynchronously() }
    registry.lock.lock(); registry.backgroundTasks.append(t); registry.lock.unlock()
}

@inline(never)
func waitUntil(_ counter: Counter, reaches target: Int) {
    var waited = 0
    while counter.current < target && waited < 3000 { // at most 30 s
        usleep(10_000)
        waited += 1
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
startIndexRebuild()
waitUntil(indexing, reaches: 1)
spawnCheckouts(count: n)
waitUntil(queuedCheckouts, reaches: n)
usleep(200_000) // let the last request enqueue itself on the actor
startPriceRefresh()
waitUntil(priceRefresh, reaches: 1)
usleep(200_000)
print("ready \(queuedCheckouts.current) queued")
fflush(stdout)
parkMainThread()

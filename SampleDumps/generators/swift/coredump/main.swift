// A server-shaped program that crashes, for systemd-coredump captures:
// four worker threads wait on one condition, reached through a stripped C
// library (frames without a symbol); half of them wait at one call in
// waitForJob(), half at another (same functions, other offsets); one thread
// blocks reading a pipe; the main thread fails a precondition.
import Foundation

let lock = NSCondition()
var ready = 0

typealias Callback = @convention(c) (UnsafeMutableRawPointer?) -> Void
typealias WaiterRun = @convention(c) (Callback, UnsafeMutableRawPointer?) -> Void

let library = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "./libwaiter.so"
guard let handle = dlopen(library, RTLD_NOW), let symbol = dlsym(handle, "waiter_run") else {
  fatalError("cannot load \(library)")
}
let waiterRun = unsafeBitCast(symbol, to: WaiterRun.self)

final class Worker {
  let id: Int
  init(id: Int) { self.id = id }

  // Two calls of the same wait: frames that differ only by offset.
  func waitForJob() {
    lock.lock()
    ready += 1
    if id % 2 == 0 {
      while true { lock.wait() }
    } else {
      while true { lock.wait() }
    }
  }
}

func startWorkers(_ count: Int) {
  for id in 0..<count {
    let thread = Thread {
      let worker = Unmanaged.passRetained(Worker(id: id))
      waiterRun({ Unmanaged<Worker>.fromOpaque($0!).takeUnretainedValue().waitForJob() }, worker.toOpaque())
    }
    thread.name = "worker-\(id)"
    thread.start()
  }
}

func startReader() {
  var fds: [Int32] = [0, 0]
  pipe(&fds)
  let thread = Thread {
    lock.lock()
    ready += 1
    lock.unlock()
    var byte: UInt8 = 0
    _ = read(fds[0], &byte, 1)
  }
  thread.name = "pipe-reader"
  thread.start()
}

func validate(total: Int) {
  precondition(total >= 0, "negative total \(total)")
}

startWorkers(4)
startReader()
while true {
  lock.lock()
  let n = ready
  lock.unlock()
  if n == 5 { break }
  usleep(10_000)
}
usleep(100_000)
print("ready")
validate(total: -3)

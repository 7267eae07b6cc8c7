// Threads stuck on a Swift 6 `Synchronization.Mutex` that one thread holds forever. On Linux
// the mutex waits in `syscall(SYS_futex, FUTEX_LOCK_PI, …)`, so a waiting thread's innermost
// frame is glibc's `syscall`. Usage: mutexwait N (N waiting threads); prints "ready" when they wait.
import Foundation
import Synchronization

let counter = Mutex<Int>(0)

func holdForever() {
  counter.withLock { _ in
    print("ready")
    fflush(stdout)
    while true { sleep(1000) }
  }
}

func contend(_ index: Int) {
  counter.withLock { value in value += index }
}

let holder = Thread { holdForever() }
holder.name = "holder"
holder.start()
Thread.sleep(forTimeInterval: 0.3)
let waiters = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 3
for index in 0..<waiters {
  let thread = Thread { contend(index) }
  thread.name = "waiter-\(index)"
  thread.start()
}
while true { Thread.sleep(forTimeInterval: 1) }

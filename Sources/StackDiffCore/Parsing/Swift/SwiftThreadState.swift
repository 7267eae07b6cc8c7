/// What a thread is doing, read from its innermost frame: Swift thread dumps print no state,
/// but a thread stopped in the C library's `read` is reading.
enum SwiftThreadState {
  static let running = "running"
  static let sleeping = "sleep"
  /// A Darwin workqueue thread with no work: Dispatch parks it (`__workq_kernreturn`) or it has
  /// not started any (`start_wqthread` alone).
  static let idle = "idle"

  /// The state of a thread whose innermost frame is `function` (a canonical name) in `image`.
  static func state(leaf function: String, image: String?) -> String {
    if SwiftImages.isDarwinSystem(image) { return darwinState(leaf: function) }
    // Only the C library's waits: a user function named `read` is running code.
    guard image == nil || SwiftImages.isGlibc(image) else { return running }
    if function.hasPrefix("futex_") || function.hasPrefix("lll_lock_wait")
      || function.hasPrefix("pthread_cond_")
      || function.hasPrefix("new_sem_wait") || function.hasPrefix("sem_wait")
      || function.hasPrefix("sem_timedwait")
      || function.hasPrefix("sem_clockwait") || function.hasPrefix("pthread_mutex_")
      || function.hasPrefix("pthread_rwlock_")
      || function.hasPrefix("pthread_join")
    {
      return "futex wait"
    }
    return states[function] ?? running
  }

  private static let states: [String: String] = [
    "read": "read", "readv": "read", "pread": "read", "pread64": "read", "preadv": "read", "recv": "read",
    "recvfrom": "read", "recvmsg": "read", "recvmmsg": "read",
    "write": "write", "writev": "write", "pwrite": "write", "pwrite64": "write", "send": "write",
    "sendto": "write", "sendmsg": "write", "sendmmsg": "write",
    "accept": "accept", "accept4": "accept", "connect": "connect",
    "poll": "poll", "ppoll": "poll", "select": "poll", "pselect": "poll", "pselect6": "poll",
    "epoll_wait": "epoll wait", "epoll_pwait": "epoll wait", "epoll_pwait2": "epoll wait",
    "clock_nanosleep": sleeping, "nanosleep": sleeping, "usleep": sleeping, "sleep": sleeping,
    "sigsuspend": "signal wait", "sigwait": "signal wait", "sigwaitinfo": "signal wait",
    "sigtimedwait": "signal wait", "pause": "signal wait",
    "waitpid": "waitpid", "wait4": "waitpid", "waitid": "waitpid",
    "flock": "file lock", "fcntl": "file lock", "fcntl64": "file lock",
    // A raw system call: Swift 6's `Synchronization.Mutex` waits in `syscall(SYS_futex, …)`.
    "syscall": "syscall",
  ]

  /// The state of a thread whose innermost frame is `function` in Darwin's `libsystem_kernel`
  /// or `libsystem_pthread` (Apple crash reports). Darwin's waits have names of their own; its
  /// system calls are spelled `__select`, `__recvfrom_nocancel`, … and mean what glibc's do.
  static func darwinState(leaf function: String) -> String {
    if let state = darwinStates[function] { return state }
    var name = Substring(function)
    while name.hasPrefix("_") { name = name.dropFirst() }
    if name.hasSuffix("_nocancel") { name = name.dropLast("_nocancel".count) }
    return states[String(name)] ?? running
  }

  private static let darwinStates: [String: String] = [
    // A Mach message receive: run loops, XPC, the main thread's event loop.
    "mach_msg2_trap": "mach msg", "mach_msg_trap": "mach msg", "mach_msg_overwrite_trap": "mach msg",
    // pthread condition variables, mutexes and rwlocks; os_unfair_lock; Dispatch semaphores.
    "__psynch_cvwait": "cond wait", "__psynch_mutexwait": "mutex wait", "__psynch_rw_rdlock": "rwlock wait",
    "__psynch_rw_wrlock": "rwlock wait", "__ulock_wait": "lock wait", "__ulock_wait2": "lock wait",
    "semaphore_wait_trap": "semaphore wait", "semaphore_timedwait_trap": "semaphore wait",
    "semaphore_wait_signal_trap": "semaphore wait", "semaphore_timedwait_signal_trap": "semaphore wait",
    // Darwin's epoll: Dispatch sources, SwiftNIO's selector.
    "kevent": "kevent", "kevent64": "kevent", "kevent_qos": "kevent", "kevent_id": "kevent",
    // What `nanosleep`, `usleep` and `sleep` wait in.
    "__semwait_signal": sleeping, "__semwait_signal_nocancel": sleeping,
    "__workq_kernreturn": idle, "start_wqthread": idle,
  ]

  /// States in which a thread waits for something that may never come.
  static func isBlocked(_ state: String) -> Bool {
    state != running && state != sleeping && state != idle
  }
}

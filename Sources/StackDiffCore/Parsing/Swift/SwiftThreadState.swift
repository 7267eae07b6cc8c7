/// What a thread is doing, read from its innermost frame: Swift thread dumps print no state,
/// but a thread stopped in the C library's `read` is reading.
enum SwiftThreadState {
  static let running = "running"
  static let sleeping = "sleep"

  /// The state of a thread whose innermost frame is `function` (a canonical name) in `image`.
  static func state(leaf function: String, image: String?) -> String {
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

  /// States in which a thread waits for something that may never come.
  static func isBlocked(_ state: String) -> Bool {
    state != running && state != sleeping
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads its upstream on a second thread, a few chunks ahead of the consumer, so that
/// decompressing (on one core) and parsing (on the other) overlap.
///
/// Memory stays bounded: at most `depth` chunks are in flight.
final class PrefetchingSource: ByteSource, @unchecked Sendable {
  private struct Chunk {
    var bytes: UnsafeMutableRawBufferPointer
    var count: Int
  }

  private var upstream: any ByteSource
  private let chunkSize: Int
  private var mutex = pthread_mutex_t()
  private var changed = pthread_cond_t()
  // Guarded by `mutex`.
  private var ready: [Chunk] = []
  private var spare: [UnsafeMutableRawBufferPointer] = []
  private var upstreamError: (any Error)?
  private var upstreamFinished = false
  private var consumerGone = false
  // Owned by the consumer.
  private var current: Chunk?
  private var offset = 0
  private var producer: NativeThread?

  init(upstream: any ByteSource, chunkSize: Int = 1 << 20, depth: Int = 4) {
    self.upstream = upstream
    self.chunkSize = chunkSize
    pthread_mutex_init(&mutex, nil)
    pthread_cond_init(&changed, nil)
    for _ in 0..<depth {
      spare.append(UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16))
    }
    // Without a second thread, `read` reads in the caller's thread instead.
    producer = NativeThread.start { [self] in produce() }
  }

  deinit {
    for chunk in ready { chunk.bytes.deallocate() }
    for buffer in spare { buffer.deallocate() }
    current?.bytes.deallocate()
    pthread_cond_destroy(&changed)
    pthread_mutex_destroy(&mutex)
  }

  /// Stops the producer and waits for it; call when done reading, before the source goes away.
  func close() {
    guard let producer else { return }
    pthread_mutex_lock(&mutex)
    consumerGone = true
    pthread_cond_broadcast(&changed)
    pthread_mutex_unlock(&mutex)
    producer.join()
    self.producer = nil
  }

  private func produce() {
    while true {
      pthread_mutex_lock(&mutex)
      while spare.isEmpty && !consumerGone { pthread_cond_wait(&changed, &mutex) }
      if consumerGone {
        pthread_mutex_unlock(&mutex)
        return
      }
      let buffer = spare.removeLast()
      pthread_mutex_unlock(&mutex)

      var count = 0
      var failure: (any Error)?
      do {
        count = try upstream.read(into: buffer)
      } catch {
        failure = error
      }

      pthread_mutex_lock(&mutex)
      if count > 0 {
        ready.append(Chunk(bytes: buffer, count: count))
      } else {
        spare.append(buffer)
        upstreamError = failure
        upstreamFinished = true
      }
      pthread_cond_broadcast(&changed)
      pthread_mutex_unlock(&mutex)
      if count == 0 { return }
    }
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard producer != nil else { return try upstream.read(into: buffer) }
    if current == nil {
      pthread_mutex_lock(&mutex)
      while ready.isEmpty && !upstreamFinished { pthread_cond_wait(&changed, &mutex) }
      if !ready.isEmpty {
        current = ready.removeFirst()
        offset = 0
      }
      let failure = upstreamError
      pthread_mutex_unlock(&mutex)
      if current == nil {
        if let failure { throw failure }
        return 0
      }
    }
    guard let chunk = current, let destination = buffer.baseAddress, let origin = chunk.bytes.baseAddress
    else {
      return 0
    }
    let n = min(buffer.count, chunk.count - offset)
    destination.copyMemory(from: origin + offset, byteCount: n)
    offset += n
    if offset == chunk.count {
      current = nil
      pthread_mutex_lock(&mutex)
      spare.append(chunk.bytes)
      pthread_cond_broadcast(&changed)
      pthread_mutex_unlock(&mutex)
    }
    return n
  }
}

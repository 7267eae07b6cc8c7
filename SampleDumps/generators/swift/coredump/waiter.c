/* libwaiter.so: hands a callback to a static helper. Stripped, so the
 * helper has no symbol and systemd prints its frames as n/a. */
typedef void (*waiter_callback)(void *);

static __attribute__((noinline)) void relay(waiter_callback callback, void *argument) {
  callback(argument);
  __asm__ volatile("" ::: "memory");
}

void waiter_run(waiter_callback callback, void *argument) {
  relay(callback, argument);
  __asm__ volatile("" ::: "memory");
}

#include "stackdiff_http.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

// The few libcurl ABI values used here; they have been stable since libcurl 7.x.
enum {
  OPT_WRITEDATA = 10001,
  OPT_URL = 10002,
  OPT_USERAGENT = 10018,
  OPT_HEADERDATA = 10029,
  OPT_WRITEFUNCTION = 20011,
  OPT_HEADERFUNCTION = 20079,
  OPT_FOLLOWLOCATION = 52,
  OPT_MAXREDIRS = 68,
  OPT_NOSIGNAL = 99,
  OPT_TIMEOUT_MS = 155,
  INFO_RESPONSE_CODE = 0x200002,
};

typedef void *(*easy_init_fn)(void);
typedef void (*easy_cleanup_fn)(void *);
typedef int (*easy_setopt_fn)(void *, int, ...);
typedef int (*easy_perform_fn)(void *);
typedef int (*easy_getinfo_fn)(void *, int, ...);
typedef const char *(*easy_strerror_fn)(int);

struct forward {
  stackdiff_http_receive receive;
  void *context;
};

static size_t forward_bytes(char *data, size_t size, size_t count, void *user) {
  struct forward *to = user;
  return to->receive(data, size * count, to->context);
}

int stackdiff_http_get(const char *url, long timeout_ms, stackdiff_http_receive body,
                       stackdiff_http_receive header, void *context, long *status, char *error,
                       size_t error_size) {
#ifdef __APPLE__
  // macOS ships libcurl with the system.
  void *library = dlopen("libcurl.4.dylib", RTLD_NOW | RTLD_LOCAL);
  if (!library) library = dlopen("/usr/lib/libcurl.4.dylib", RTLD_NOW | RTLD_LOCAL);
#else
  void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!library) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
  if (!library) library = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
#endif
  if (!library) {
    snprintf(error, error_size, "fetching URLs needs libcurl (apt-get install libcurl4, or pipe from curl)");
    return -1;
  }
  easy_init_fn init = (easy_init_fn)dlsym(library, "curl_easy_init");
  easy_cleanup_fn cleanup = (easy_cleanup_fn)dlsym(library, "curl_easy_cleanup");
  easy_setopt_fn setopt = (easy_setopt_fn)dlsym(library, "curl_easy_setopt");
  easy_perform_fn perform = (easy_perform_fn)dlsym(library, "curl_easy_perform");
  easy_getinfo_fn getinfo = (easy_getinfo_fn)dlsym(library, "curl_easy_getinfo");
  easy_strerror_fn strerror_ = (easy_strerror_fn)dlsym(library, "curl_easy_strerror");
  if (!init || !cleanup || !setopt || !perform || !getinfo || !strerror_) {
    snprintf(error, error_size, "libcurl lacks the functions stackdiff needs");
    return -1;
  }
  void *handle = init();
  if (!handle) {
    snprintf(error, error_size, "cannot start libcurl");
    return -1;
  }
  struct forward body_to = {body, context};
  struct forward header_to = {header, context};
  setopt(handle, OPT_URL, url);
  setopt(handle, OPT_USERAGENT, "stackdiff");
  setopt(handle, OPT_FOLLOWLOCATION, 1L);
  setopt(handle, OPT_MAXREDIRS, (long)STACKDIFF_HTTP_MAX_REDIRECTS);
  setopt(handle, OPT_NOSIGNAL, 1L);
  setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
  setopt(handle, OPT_WRITEFUNCTION, forward_bytes);
  setopt(handle, OPT_WRITEDATA, &body_to);
  setopt(handle, OPT_HEADERFUNCTION, forward_bytes);
  setopt(handle, OPT_HEADERDATA, &header_to);
  int code = perform(handle);
  if (code != 0) {
    snprintf(error, error_size, "%s", strerror_(code));
  } else {
    getinfo(handle, INFO_RESPONSE_CODE, status);
  }
  cleanup(handle);
  return code;
}

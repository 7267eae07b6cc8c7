#ifndef STACKDIFF_HTTP_H
#define STACKDIFF_HTTP_H

#include <stddef.h>

/// Redirects followed before giving up (libcurl's code 47).
#define STACKDIFF_HTTP_MAX_REDIRECTS 10

/// Receives bytes of the body or of one header line; returns the number taken (fewer aborts).
typedef size_t (*stackdiff_http_receive)(const char *data, size_t length, void *context);

/// Fetches `url` with the system libcurl, loaded only now (dlopen), so that runs without a URL
/// pay nothing for it and the build needs no libcurl headers.
///
/// Returns 0 when the transfer completed (check `*status` for the HTTP status), otherwise
/// non-zero with a message in `error`.
int stackdiff_http_get(const char *url, long timeout_ms, stackdiff_http_receive body,
                       stackdiff_http_receive header, void *context, long *status, char *error,
                       size_t error_size);

#endif

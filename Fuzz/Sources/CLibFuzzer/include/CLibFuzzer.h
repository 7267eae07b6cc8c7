#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for programs that have a `main` of their own (SwiftPM executables do:
/// it renames their entry point and links `main` to it). Provided by the libFuzzer runtime
/// that `-sanitize=fuzzer` links; takes the same command line as libFuzzer's own `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif

/* Calls systemd 252's own parse_elf_object() (libsystemd-shared, the code
 * systemd-coredump runs) on a core file and prints the text it makes. */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: sdstack CORE EXECUTABLE\n"); return 2; }
  void *h = dlopen("/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so", RTLD_NOW);
  if (!h) { fprintf(stderr, "%s\n", dlerror()); return 2; }
  int (*parse)(int, const char *, bool, char **, void **) = dlsym(h, "parse_elf_object");
  if (!parse) { fprintf(stderr, "%s\n", dlerror()); return 2; }
  int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) { perror("open"); return 2; }
  char *text = NULL; void *json = NULL;
  int r = parse(fd, argv[2], false, &text, &json);
  if (r < 0) { fprintf(stderr, "parse_elf_object: %d\n", r); return 1; }
  fputs(text ? text : "(no text)\n", stdout);
  return 0;
}

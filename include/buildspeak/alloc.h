/* alloc: allocation wrappers that abort on out-of-memory, so ordinary code
 * stays clear of impossible-to-handle error paths. */
#ifndef BUILDSPEAK_ALLOC_H
#define BUILDSPEAK_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* malloc/calloc/realloc that print a message and abort() when memory is
 * exhausted. They never return NULL (xmalloc(0) returns a unique pointer). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* ptr resized to n elements of size bytes; aborts when n * size overflows. */
void *xreallocarray(void *ptr, size_t n, size_t size);
/* ptr (an array of *cap elements of elem_size bytes) grown so that it holds
 * at least need elements, doubling the capacity to amortise appends; returns
 * the array, possibly moved, and updates *cap:
 *	v = xgrowarray(v, &cap, n + 1, sizeof *v); */
void *xgrowarray(void *ptr, size_t *cap, size_t need, size_t elem_size);

/* The one out-of-memory handler: prints a message naming size and aborts.
 * For code whose allocations come from a library (libunistring). */
_Noreturn void xalloc_die(size_t size);

/* strdup / strndup that abort on OOM. xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* printf into a new heap string, owned by the caller. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

#endif

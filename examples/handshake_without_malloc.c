/*
 * handshake_without_malloc.c: client and server handshakes with no heap.
 *
 * This program replaces the C allocator (malloc, calloc, realloc, free and
 * the aligned variants) with its own. During start-up the C and C++ runtimes
 * get memory from a small fixed arena; then the heap is closed: from there
 * on any allocation call prints a message and aborts. With the heap closed,
 * the handles live in static and stack memory (rtmp_hs_init), complete a
 * digest and an original handshake, and are wiped (rtmp_hs_cleanup).
 *
 * Exits 0 when both handshakes completed; any heap use aborts the program.
 */
#define _POSIX_C_SOURCE 200809L /* write(2) */

#include <rtmp_handshake.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- The allocator: a start-up arena, then nothing --------------------- */

static int heap_closed = 0;

/* Start-up needs (libstdc++'s emergency pool, stdio buffers) fit here. */
static union {
  long double align;
  unsigned char bytes[256 * 1024];
} arena;
static size_t arena_used = 0;

static void refuse(const char *what) {
  static const char text[] = ": called while the heap is closed\n";
  if (write(2, what, strlen(what)) < 0 || write(2, text, sizeof text - 1) < 0) {
    /* nothing more to say */
  }
  abort();
}

/* Blocks carry their size in front (for realloc), aligned to 16. */
static void *arena_take(size_t size, size_t alignment) {
  size_t start = (arena_used + 16 + alignment - 1) / alignment * alignment;
  if (alignment < 16 || start + size > sizeof arena.bytes) {
    return NULL;
  }
  memcpy(arena.bytes + start - sizeof size, &size, sizeof size);
  arena_used = start + size;
  return arena.bytes + start;
}

void *malloc(size_t size) {
  if (heap_closed) {
    refuse("malloc");
  }
  return arena_take(size, 16);
}

void *calloc(size_t count, size_t size) {
  void *p;
  if (heap_closed) {
    refuse("calloc");
  }
  if (size != 0 && count > (size_t)-1 / size) {
    return NULL;
  }
  p = arena_take(count * size, 16);
  if (p != NULL) {
    memset(p, 0, count * size);
  }
  return p;
}

void *realloc(void *old, size_t size) {
  void *p;
  size_t old_size = 0;
  if (heap_closed) {
    refuse("realloc");
  }
  p = arena_take(size, 16);
  if (p != NULL && old != NULL) {
    memcpy(&old_size, (unsigned char *)old - sizeof old_size, sizeof old_size);
    memcpy(p, old, old_size < size ? old_size : size);
  }
  return p;
}

void free(void *p) {
  if (heap_closed && p != NULL) {
    refuse("free");
  }
  /* the arena never reuses memory */
}

void *aligned_alloc(size_t alignment, size_t size);
void *aligned_alloc(size_t alignment, size_t size) {
  if (heap_closed) {
    refuse("aligned_alloc");
  }
  return arena_take(size, alignment < 16 ? 16 : alignment);
}

void *memalign(size_t alignment, size_t size);
void *memalign(size_t alignment, size_t size) {
  return aligned_alloc(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size);
int posix_memalign(void **out, size_t alignment, size_t size) {
  *out = aligned_alloc(alignment, size);
  return *out == NULL ? 12 /* ENOMEM */ : 0;
}

/* ---- The handshakes ---------------------------------------------------- */

/* One handle's memory: 8 KiB is the documented bound of rtmp_hs_sizeof(). */
typedef union {
  long double align; /* 16-byte alignment on x86-64 */
  unsigned char bytes[8192];
} handle_memory;

static handle_memory server_memory; /* static storage for one side */

/* Moves all queued bytes from one side to the other, 700 at a time. */
static int relay(rtmp_hs *from, rtmp_hs *to) {
  uint8_t piece[700];
  size_t n;
  while ((n = rtmp_hs_drain(from, piece, sizeof piece)) > 0) {
    size_t consumed = 0;
    int rc = rtmp_hs_feed(to, piece, n, &consumed);
    if (rc != RTMP_HS_OK) {
      return rc;
    }
  }
  return RTMP_HS_OK;
}

/* Returns the mode agreed, or a negative status. Heap closed throughout. */
static int handshake(uint32_t client_version) {
  handle_memory client_memory; /* the other side lives on the stack */
  rtmp_hs *client;
  rtmp_hs *server;
  int rc = RTMP_HS_OK;
  int round;

  if (rtmp_hs_sizeof() > sizeof client_memory.bytes) {
    return RTMP_HS_ERR_INTERNAL;
  }
  client = rtmp_hs_init(client_memory.bytes, sizeof client_memory.bytes,
                        RTMP_HS_CLIENT);
  server = rtmp_hs_init(server_memory.bytes, sizeof server_memory.bytes,
                        RTMP_HS_SERVER);
  if (client == NULL || server == NULL) {
    return RTMP_HS_ERR_INTERNAL;
  }
  rc = rtmp_hs_set_version(client, client_version);
  if (rc == RTMP_HS_OK) {
    rc = rtmp_hs_start(client);
  }
  /* C0+C1, then S0+S1+S2, then C2. */
  for (round = 0; round < 3 && rc == RTMP_HS_OK; ++round) {
    rc = relay(client, server);
    if (rc == RTMP_HS_OK) {
      rc = relay(server, client);
    }
  }
  if (rc == RTMP_HS_OK && (rtmp_hs_state(client) != RTMP_HS_DONE ||
                           rtmp_hs_state(server) != RTMP_HS_DONE)) {
    rc = RTMP_HS_ERR_INTERNAL;
  }
  if (rc == RTMP_HS_OK) {
    rc = rtmp_hs_mode(server);
  }
  rtmp_hs_cleanup(client);
  rtmp_hs_cleanup(server);
  return rc;
}

int main(void) {
  int digest;
  int original;

  heap_closed = 1;
  digest = handshake(0x80000702U);
  original = handshake(0);
  heap_closed = 0; /* stdio may want a buffer for what follows */

  printf("digest handshake:   %s\n", digest == RTMP_HS_MODE_DIGEST
                                         ? "done, digest mode"
                                         : rtmp_hs_strerror(digest));
  printf("original handshake: %s\n", original == RTMP_HS_MODE_SIMPLE
                                         ? "done, simple mode"
                                         : rtmp_hs_strerror(original));
  printf(
      "no heap call while the handles lived (%zu bytes each, on the stack "
      "and in static memory)\n",
      rtmp_hs_sizeof());
  return digest == RTMP_HS_MODE_DIGEST && original == RTMP_HS_MODE_SIMPLE ? 0
                                                                          : 1;
}

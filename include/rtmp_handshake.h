/**
 * @file rtmp_handshake.h
 * @brief The RTMP handshake (plain, Flash Player 9 "digest" and RTMPE, the
 * encrypted types 6, 8 and 9), both roles, as a sans-IO state machine behind
 * a plain C ABI.
 *
 * Contract (applies to every function below):
 * - Sans-IO. The caller owns the socket and the clock: it hands received
 *   bytes to rtmp_hs_feed() and sends what rtmp_hs_drain() copies out. The
 *   library opens no sockets, starts no threads and reads no clocks.
 * - Returns. A function that can fail returns an int: RTMP_HS_OK (0) or a
 *   negative RTMP_HS_ERR_* code. Getters of a NULL handle return their
 *   neutral value. Nothing aborts, prints, throws or touches global state.
 * - Arguments. A NULL handle or pointer gives RTMP_HS_ERR_ARG and changes
 *   nothing. A zero length with a NULL pointer is valid and never read.
 * - Sticky failure. Codes of -10 and below fail the handle: every later
 *   rtmp_hs_feed() returns the same code; only rtmp_hs_free() is useful.
 * - Memory. rtmp_hs_new() is the only allocation; nothing allocates after it,
 *   except the Diffie-Hellman arithmetic of an encrypted (RTMPE) handshake,
 *   inside the crypto library, freed before the call returns.
 *   rtmp_hs_init() builds a handle in caller memory instead (no malloc).
 *   No caller pointer is kept after a call returns, except the random
 *   callback's ctx.
 * - Threads. One thread at a time per handle; different handles are fully
 *   independent. There is no global initialisation.
 * - FFI. Only fixed-width integers, size_t, int, opaque pointers and
 *   function pointers cross the boundary; enum constants only name int
 *   values.
 *
 * Typical client loop (error handling shortened):
 *
 * @code
 *   rtmp_hs *hs = rtmp_hs_new(RTMP_HS_CLIENT);
 *   rtmp_hs_start(hs);                              // queues C0+C1
 *   while (rtmp_hs_state(hs) == RTMP_HS_IN_PROGRESS) {
 *     uint8_t out[4096];
 *     size_t n;
 *     while ((n = rtmp_hs_drain(hs, out, sizeof out)) > 0) send_all(out, n);
 *     size_t got = recv(fd, buf, sizeof buf), used = 0;
 *     if (rtmp_hs_feed(hs, buf, got, &used) != RTMP_HS_OK) break;
 *     // when DONE, buf[used..got) is the start of the RTMP chunk stream
 *   }
 *   // drain once more: the completing call may have queued C2
 *   rtmp_hs_free(hs);
 * @endcode
 */
#ifndef RTMP_HANDSHAKE_H
#define RTMP_HANDSHAKE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Major version of this header; rtmp_hs_version() gives the loaded one. */
#define RTMP_HS_VERSION_MAJOR 0
/** Minor version of this header (a new minor may break the ABI while 0.y). */
#define RTMP_HS_VERSION_MINOR 1
/** Patch version of this header. */
#define RTMP_HS_VERSION_PATCH 0

/** @cond INTERNAL */
#if defined(_WIN32)
#if defined(RTMP_HS_BUILDING_DLL)
#define RTMP_HS_EXTERN __declspec(dllexport)
#elif defined(RTMP_HS_STATIC)
#define RTMP_HS_EXTERN
#else
#define RTMP_HS_EXTERN __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define RTMP_HS_EXTERN __attribute__((visibility("default")))
#else
#define RTMP_HS_EXTERN
#endif
/** @endcond */

/** Status codes. Values are ABI: never renumbered. */
enum {
  RTMP_HS_OK = 0,            /**< success */
  RTMP_HS_ERR_ARG = -1,      /**< bad argument; nothing changed */
  RTMP_HS_ERR_STATE = -2,    /**< not allowed now; nothing changed */
  RTMP_HS_ERR_NOMEM = -3,    /**< out of memory */
  RTMP_HS_ERR_VERSION = -10, /**< peer's C0/S0 is not an accepted version */
  RTMP_HS_ERR_TLS = -11,     /**< peer's first bytes are a TLS record */
  RTMP_HS_ERR_HTTP = -12,    /**< peer's first bytes are HTTP text */
  RTMP_HS_ERR_DIGEST = -13,  /**< peer's P1 has no valid digest (required) */
  RTMP_HS_ERR_SIGNATURE =
      -14,              /**< peer's P2 neither signed nor echo (required) */
  RTMP_HS_ERR_DH = -15, /**< peer's Diffie-Hellman key is invalid */
  RTMP_HS_ERR_UNSUPPORTED = -16, /**< peer asked for something not enabled */
  RTMP_HS_ERR_RANDOM = -20,      /**< the random source failed */
  RTMP_HS_ERR_CRYPTO = -21,      /**< the crypto library failed */
  RTMP_HS_ERR_INTERNAL = -99     /**< a bug */
};

/** Roles for rtmp_hs_new(). */
enum {
  RTMP_HS_CLIENT = 1, /**< sends C0+C1, answers S1 with C2 */
  RTMP_HS_SERVER = 2  /**< answers C0+C1 with S0+S1+S2 */
};

/** States returned by rtmp_hs_state(). */
enum {
  RTMP_HS_IN_PROGRESS = 0, /**< more bytes needed from the peer */
  RTMP_HS_DONE = 1,        /**< complete: what follows is the chunk stream */
  RTMP_HS_FAILED = 2       /**< failed for good: see rtmp_hs_error() */
};

/** Modes returned by rtmp_hs_mode() (-1 until known). */
enum {
  RTMP_HS_MODE_SIMPLE = 0, /**< the original Adobe handshake: echoes */
  RTMP_HS_MODE_DIGEST = 1, /**< Flash Player 9 handshake: digests, signed P2 */
  RTMP_HS_MODE_ENCRYPTED = 2 /**< RTMPE: digests, DH keys, then RC4 */
};

/** rtmp_hs_set_scheme(): where our P1 digest goes. */
enum {
  RTMP_HS_SCHEME_AUTO = -1 /**< client: scheme 0; server: mirror the client */
};

/* rtmp_hs_set_flags() bits. Unknown bits are rejected with RTMP_HS_ERR_ARG. */
/** Flag: fail with RTMP_HS_ERR_DIGEST when the peer's P1 has no digest. */
#define RTMP_HS_REQUIRE_DIGEST 1u
/** Flag: fail with RTMP_HS_ERR_SIGNATURE when the peer's P2 does not verify. */
#define RTMP_HS_VERIFY_P2 2u

/** Opaque handshake handle. */
typedef struct rtmp_hs rtmp_hs;

/**
 * Random source: fill buf with len random bytes and return 0, or return
 * non-zero to fail the handshake with RTMP_HS_ERR_RANDOM. Called only from
 * inside rtmp_hs_start() and rtmp_hs_feed(), on the calling thread.
 */
typedef int (*rtmp_hs_random_fn)(void *ctx, uint8_t *buf, size_t len);

/* ---- Lifecycle ---------------------------------------------------------- */

/**
 * Create a handle for RTMP_HS_CLIENT or RTMP_HS_SERVER.
 * @return the handle, or NULL on a bad role or when memory is exhausted.
 * @since 0.1.0
 */
RTMP_HS_EXTERN rtmp_hs *rtmp_hs_new(int role);

/**
 * Wipe every byte of the handle (keys, digests, buffers) and release it.
 * NULL is fine.
 * @since 0.1.0
 */
RTMP_HS_EXTERN void rtmp_hs_free(rtmp_hs *hs);

/* ---- Caller-owned memory (no malloc) ------------------------------------ */

/**
 * Bytes a handle needs in caller memory: at most 8192, so a static or stack
 * buffer of 8 KiB always fits. Call it rather than hard-coding a size.
 * @since 0.1.0
 */
RTMP_HS_EXTERN size_t rtmp_hs_sizeof(void);

/**
 * Build a handle for RTMP_HS_CLIENT or RTMP_HS_SERVER inside mem, with the
 * same defaults as rtmp_hs_new(). mem must be aligned to at least 16 bytes
 * and hold size >= rtmp_hs_sizeof() bytes; it must stay valid and unmoved
 * until rtmp_hs_cleanup(). Nothing is allocated, then or later (plain and
 * digest handshakes).
 * @return the handle (at mem), or NULL on a bad role, a NULL or misaligned
 * mem, or a size too small.
 * @since 0.1.0
 */
RTMP_HS_EXTERN rtmp_hs *rtmp_hs_init(void *mem, size_t size, int role);

/**
 * Release a handle from rtmp_hs_init(): wipes the whole block (all size
 * bytes given to rtmp_hs_init) and frees nothing. NULL is fine. A handle
 * from rtmp_hs_init() is released with this, never rtmp_hs_free(), and a
 * handle from rtmp_hs_new() never with this.
 * @since 0.1.0
 */
RTMP_HS_EXTERN void rtmp_hs_cleanup(rtmp_hs *hs);

/* ---- Options: before rtmp_hs_start() and the first rtmp_hs_feed() -------- */

/**
 * Bytes 4..7 of our P1 (big-endian). 0 selects the original handshake: no
 * digest, and our P2 echoes the peer's P1. Defaults: client 0x80000702,
 * server 0x04050001 (FFmpeg only validates a server whose S1[4] >= 3).
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG, or RTMP_HS_ERR_STATE after start.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_set_version(rtmp_hs *hs, uint32_t version);

/**
 * Bytes 0..3 of our P1 (the epoch of our chunk timestamps). Default 0.
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG, or RTMP_HS_ERR_STATE after start.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_set_time(rtmp_hs *hs, uint32_t time_ms);

/**
 * Where our P1 digest goes: 0 (digest block first, offset from bytes 8..11),
 * 1 (key block first, offset from bytes 772..775), or RTMP_HS_SCHEME_AUTO
 * (default): a client uses 0, a server mirrors the client's C1 (1 if none).
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG (other values), or RTMP_HS_ERR_STATE.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_set_scheme(rtmp_hs *hs, int scheme);

/**
 * RTMP_HS_REQUIRE_DIGEST: fail with RTMP_HS_ERR_DIGEST when the peer's P1
 *   has no valid digest (default: fall back to the original handshake,
 *   whatever the peer's version field says).
 * RTMP_HS_VERIFY_P2: fail with RTMP_HS_ERR_SIGNATURE when the peer's P2
 *   neither carries a valid signature nor echoes bytes 8..1535 of our P1
 *   (default: complete and report it through rtmp_hs_peer_verified()).
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG (unknown bits), or RTMP_HS_ERR_STATE.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_set_flags(rtmp_hs *hs, uint32_t flags);

/**
 * Replace the source of every random byte (default: the operating system's
 * CSPRNG, getrandom(2)). With a deterministic source the output is
 * byte-for-byte reproducible. ctx is kept and passed back to fill.
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG (fill NULL), or RTMP_HS_ERR_STATE.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_set_random(rtmp_hs *hs, rtmp_hs_random_fn fill,
                                      void *ctx);

/**
 * Encrypted handshake (RTMPE). An option, like the ones above.
 * Client: the type to ask for in C0: 0 none (default), 6, 8 (P2 signature
 *   through XTEA) or 9 (through Blowfish). It then follows the server's S0:
 *   6, 8 or 9 set the transform, whatever was asked; 3 fails the handshake
 *   with RTMP_HS_ERR_UNSUPPORTED (no silent downgrade to plaintext).
 * Server: a mask of the types it accepts, any of (1 << 6) | (1 << 8) |
 *   (1 << 9); default 0 = plain RTMP only. It answers S0 = C0 for a type in
 *   the mask; an encrypted C0 outside it fails with RTMP_HS_ERR_UNSUPPORTED.
 *   Plain clients (C0 = 3) are always served.
 * Under RTMPE every check is strict whatever the flags: the peer's P1 digest
 * (RTMP_HS_ERR_DIGEST), its Diffie-Hellman key (RTMP_HS_ERR_DH: outside
 * 2..p-2 or not in the subgroup of order q) and its P2 signature under the
 * transform of S0 (RTMP_HS_ERR_SIGNATURE).
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG (another value), RTMP_HS_ERR_STATE
 *   after start, or RTMP_HS_ERR_UNSUPPORTED when the crypto library this
 *   build uses lacks a primitive the type needs (mbedTLS 3.x has no ARC4).
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_set_encryption(rtmp_hs *hs, int types);

/* ---- Driving it ---------------------------------------------------------- */

/**
 * Client: queue C0+C1. Server: optional, queues nothing (a server answers
 * S0+S1+S2 once C0+C1 have arrived). Calling it twice is harmless.
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG, RTMP_HS_ERR_RANDOM, RTMP_HS_ERR_CRYPTO,
 *   or the sticky code of a failed handle.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_start(rtmp_hs *hs);

/**
 * Hand over bytes received from the peer, in any fragmentation. *consumed is
 * set to how many of them belong to the handshake: all of them until it
 * completes; in the call that completes it, the bytes after the peer's last
 * handshake packet are not consumed, so data + *consumed is where the RTMP
 * chunk stream starts. After completion: consumes 0 and returns RTMP_HS_OK.
 * After failure: consumes 0 and returns the failing code again. A client
 * that was not started is started first. Keeps no pointer to data.
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG, or a failing code (-10 and below).
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_feed(rtmp_hs *hs, const uint8_t *data, size_t len,
                                size_t *consumed);

/** Bytes queued for the peer (0 for NULL). @since 0.1.0 */
RTMP_HS_EXTERN size_t rtmp_hs_pending(const rtmp_hs *hs);

/**
 * Copy up to cap queued bytes, in order, into out and dequeue them.
 * @return the number of bytes copied (0 for NULL arguments).
 * @since 0.1.0
 */
RTMP_HS_EXTERN size_t rtmp_hs_drain(rtmp_hs *hs, uint8_t *out, size_t cap);

/**
 * Bytes still to read from the peer before the handshake can complete;
 * 0 when done or failed (and for NULL).
 * @since 0.1.0
 */
RTMP_HS_EXTERN size_t rtmp_hs_needed(const rtmp_hs *hs);

/** RTMP_HS_IN_PROGRESS, RTMP_HS_DONE or RTMP_HS_FAILED (FAILED for NULL). */
RTMP_HS_EXTERN int rtmp_hs_state(const rtmp_hs *hs);

/** The code that failed the handle, else 0 (RTMP_HS_ERR_ARG for NULL). */
RTMP_HS_EXTERN int rtmp_hs_error(const rtmp_hs *hs);

/** Static English text for any int, never NULL. @since 0.1.0 */
RTMP_HS_EXTERN const char *rtmp_hs_strerror(int status);

/**
 * The constant's name for a status ("RTMP_HS_ERR_HTTP"), or "RTMP_HS_ERR_?"
 * for a value that is not a status code. Static, never NULL.
 * @since 0.1.0
 */
RTMP_HS_EXTERN const char *rtmp_hs_status_name(int status);

/* ---- What was learned about the peer (neutral value until known) --------- */

/** Bytes 4..7 of the peer's P1; 0 until it arrived. @since 0.1.0 */
RTMP_HS_EXTERN uint32_t rtmp_hs_peer_version(const rtmp_hs *hs);

/** Bytes 0..3 of the peer's P1; 0 until it arrived. @since 0.1.0 */
RTMP_HS_EXTERN uint32_t rtmp_hs_peer_time(const rtmp_hs *hs);

/** The peer's P0 byte (C0 or S0); -1 until it arrived. @since 0.1.0 */
RTMP_HS_EXTERN int rtmp_hs_peer_p0(const rtmp_hs *hs);

/** RTMP_HS_MODE_*; -1 until the peer's P1 decided it. @since 0.1.0 */
RTMP_HS_EXTERN int rtmp_hs_mode(const rtmp_hs *hs);

/** 0 or 1: where a valid digest was found in the peer's P1; -1 if none. */
RTMP_HS_EXTERN int rtmp_hs_peer_scheme(const rtmp_hs *hs);

/**
 * 1 once the peer's P2 verified: a valid signature, or an echo of bytes
 * 8..1535 of our P1. 0 otherwise.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_peer_verified(const rtmp_hs *hs);

/* ---- After an encrypted handshake (RTMPE) -------------------------------- */

/**
 * 6, 8 or 9 once an encrypted handshake was agreed (the server's S0), else 0
 * (also for NULL).
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_encryption_type(const rtmp_hs *hs);

/**
 * RC4-encrypt, in place, bytes we send after DONE. Each direction is one
 * continuous stream: any split of the bytes gives the same result.
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG (NULL, or NULL buf with len > 0), or
 *   RTMP_HS_ERR_STATE before DONE or after a handshake without encryption.
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_encrypt(rtmp_hs *hs, uint8_t *buf, size_t len);

/**
 * RC4-decrypt, in place, bytes we receive after DONE, in order: the
 * leftovers of the rtmp_hs_feed() that completed the handshake come first
 * (they are already ciphertext), then everything read later.
 * @return as rtmp_hs_encrypt().
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_decrypt(rtmp_hs *hs, uint8_t *buf, size_t len);

/**
 * The 42-byte SWFVerification response: 01 01, swf_size twice (big-endian),
 * then HMAC-SHA256(key = the last 32 bytes of the server's S1, swf_hash).
 * A client sends it with user control event 27 when the server asks with
 * event 26; a server computes the answer it expects. swf_hash is the
 * HMAC-SHA256 of the decompressed SWF under "Genuine Adobe Flash Player 001".
 * Works in every mode.
 * @return RTMP_HS_OK, RTMP_HS_ERR_ARG, or RTMP_HS_ERR_STATE before S1 is
 *   known (a client: received; a server: built).
 * @since 0.1.0
 */
RTMP_HS_EXTERN int rtmp_hs_swf_verification(const rtmp_hs *hs,
                                            const uint8_t swf_hash[32],
                                            uint32_t swf_size, uint8_t out[42]);

/* ---- Version ------------------------------------------------------------- */

/** (major << 16) | (minor << 8) | patch of the loaded library. */
RTMP_HS_EXTERN uint32_t rtmp_hs_version(void);

/** "major.minor.patch" of the loaded library. */
RTMP_HS_EXTERN const char *rtmp_hs_version_string(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* RTMP_HANDSHAKE_H */

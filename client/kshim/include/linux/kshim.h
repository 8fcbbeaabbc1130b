/* The kernel shim's own header: the C side of the seam between a kernel tree's C code
 * (net/ceph/mon_client.c, compiled unmodified) and monsim's kernel services (client/kern).
 *
 * Every stand-in header of this directory (linux/, asm/, net/) includes it. They are monsim's
 * own small headers, written from what the tree's mon_client.c and include/linux/ceph/ use;
 * none is kernel text. What they cannot do in C they ask of the hooks below, implemented in
 * C++ on the node's client/kern Kernel (the .cc files of client/kshim): one simulated kernel at a time
 * runs C code, and the hooks act on that one (kshim_context.h).
 *
 * The build compiles the C with -nostdinc (only the compiler's freestanding headers) and
 * -D__KERNEL__, as the kernel's own build does. */
#ifndef MONSIM_KSHIM_H
#define MONSIM_KSHIM_H

#ifdef __cplusplus
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#else
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#ifndef __cplusplus /* the C side's vocabulary; C++ has its own */

/* ---- fixed-size types (linux/types.h, uapi/asm-generic/int-ll64.h) */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64; /* the kernel's int-ll64.h: printed with %llu */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
/* __bitwise endian types: plain integers here (x86-64 is little-endian, sparse is not run) */
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;
typedef unsigned int gfp_t;
typedef long long loff_t;
typedef long ssize_t;
typedef s64 time64_t;
typedef s64 ktime_t;

/* ---- compiler attributes and helpers (linux/compiler*.h, linux/kernel.h) */
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __must_check __attribute__((warn_unused_result))
#define __always_inline inline __attribute__((always_inline))
#define __maybe_unused __attribute__((unused))
#define __cold
#define __user
#define __iomem
#define __rcu
#define __force
#define __bitwise
#define __init
#define __exit
#define fallthrough __attribute__((fallthrough))
#define __counted_by(member) /* 6.7+: a flexible array's bound, for the compiler's checks */
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define sizeof_field(t, m) sizeof(((t *)0)->m)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)

#else
typedef long long s64;
typedef std::uint32_t u32;
#endif /* __cplusplus */

/* ---- what both sides know: the work item's shape (linux/workqueue.h) */
#ifdef __cplusplus
extern "C" {
#endif

struct work_struct {
  void (*func)(struct work_struct *work);
  void *impl; /* its monsim DelayedWork */
};

/* ---- the hooks (the .cc files of client/kshim) */

/* Time: the jiffies counter, CONFIG_HZ, CLOCK_REALTIME (coarse or precise, as the node's
 * kernel reads it), round_jiffies_relative() (the node's CPU's skew). */
unsigned long kshim_jiffies(void);
unsigned int kshim_hz(void);
void kshim_realtime(s64 *sec, long *nsec);
unsigned long kshim_round_jiffies_relative(unsigned long j);

/* Randomness: the node's seeded stream. */
u32 kshim_random_u32(void);
void kshim_random_bytes(void *buf, size_t len);

/* Memory: kmalloc() and kfree() (a failed allocation is never simulated). */
void *kshim_alloc(size_t size, bool zero);
void kshim_free(const void *p);

/* Log: one printk() record. `level` is the KERN_* digit ('0'..'7'), `func` the calling
 * function (dynamic debug's +f), `text` without its level prefix. */
void kshim_printk(char level, const char *func, const char *text);
/* The kernel's vsnprintf(), with the %p extensions libceph uses (%pU, %pISpc, %p). */
int kshim_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* BUG() and WARN(): where, and what. */
void kshim_bug(const char *file, int line, const char *what) __attribute__((noreturn));
void kshim_warn(const char *file, int line, const char *what);

/* Locks, work, sleeping: each object's monsim counterpart, made at init and kept by the node
 * until C frees the memory that holds it. */
void *kshim_mutex_make(void *holder); /* holder: the struct mutex */
void kshim_mutex_lock(void *m);
void kshim_mutex_unlock(void *m);

struct work_struct;
void *kshim_work_make(struct work_struct *work);
bool kshim_work_mod(void *w, unsigned long delay);
bool kshim_work_queue(void *w, unsigned long delay);
bool kshim_work_cancel_sync(void *w);
bool kshim_work_pending(void *w);

void *kshim_completion_make(void *holder);
void kshim_completion_complete(void *c, bool all);
void kshim_completion_reinit(void *c);
bool kshim_completion_done(void *c);
void kshim_completion_wait(void *c);
int kshim_completion_wait_interruptible(void *c);

void *kshim_waitqueue_make(void *holder);
void kshim_waitqueue_wake_all(void *q);
/* One sleep of wait_event_interruptible_timeout(): until a wake-up, a signal or `timeout`
 * jiffies. -ERESTARTSYS on a signal; otherwise the jiffies left (0: it timed out). */
long kshim_waitqueue_sleep(void *q, long timeout);

#ifdef __cplusplus
}
#endif

#endif

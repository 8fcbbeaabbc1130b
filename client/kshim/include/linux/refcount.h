/* Stand-in for linux/refcount.h (one simulated kernel runs C at a time: plain counters). */
#ifndef MONSIM_KSHIM_LINUX_REFCOUNT_H
#define MONSIM_KSHIM_LINUX_REFCOUNT_H
#include <linux/bug.h>
#include <linux/kshim.h>
typedef struct { int refs; } refcount_t;
#define REFCOUNT_INIT(n) { (n) }
static inline void refcount_set(refcount_t *r, int n) { r->refs = n; }
static inline unsigned int refcount_read(const refcount_t *r) { return (unsigned int)r->refs; }
static inline void refcount_inc(refcount_t *r) { WARN_ON(r->refs <= 0); r->refs++; }
static inline bool refcount_dec_and_test(refcount_t *r) { WARN_ON(r->refs <= 0); return --r->refs == 0; }
#endif

/* Stand-in for linux/kref.h. */
#ifndef MONSIM_KSHIM_LINUX_KREF_H
#define MONSIM_KSHIM_LINUX_KREF_H
#include <linux/refcount.h>
struct kref {
  refcount_t refcount;
};
#define KREF_INIT(n) { .refcount = REFCOUNT_INIT(n) }
static inline void kref_init(struct kref *k) { refcount_set(&k->refcount, 1); }
static inline unsigned int kref_read(const struct kref *k) { return refcount_read(&k->refcount); }
static inline void kref_get(struct kref *k) { refcount_inc(&k->refcount); }
static inline int kref_put(struct kref *k, void (*release)(struct kref *k)) {
  if (refcount_dec_and_test(&k->refcount)) {
    release(k);
    return 1;
  }
  return 0;
}
#endif

/* Stand-in for linux/types.h: the fixed-size types and the handful of kernel typedefs the
 * tree's headers use (kshim.h has them). */
#ifndef MONSIM_KSHIM_LINUX_TYPES_H
#define MONSIM_KSHIM_LINUX_TYPES_H
#include <linux/kshim.h>

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef struct { int locked; } spinlock_t; /* one simulated kernel runs C at a time */
typedef struct { int locked; } rwlock_t;
typedef u32 dev_t;
typedef unsigned int umode_t;
typedef u64 sector_t;
typedef u64 blkcnt_t;
typedef unsigned long pgoff_t;
typedef u64 phys_addr_t;

struct list_head {
  struct list_head *next, *prev;
};
struct hlist_node {
  struct hlist_node *next, **pprev;
};
struct hlist_head {
  struct hlist_node *first;
};
struct rcu_head {
  struct rcu_head *next;
  void (*func)(struct rcu_head *head);
};

#define ATOMIC_INIT(i) { (i) }
static inline int atomic_read(const atomic_t *v) { return v->counter; }
static inline void atomic_set(atomic_t *v, int i) { v->counter = i; }
static inline void atomic_inc(atomic_t *v) { v->counter++; }
static inline void atomic_dec(atomic_t *v) { v->counter--; }
static inline bool atomic_dec_and_test(atomic_t *v) { return --v->counter == 0; }
static inline void spin_lock_init(spinlock_t *l) { l->locked = 0; }
static inline void spin_lock(spinlock_t *l) { l->locked = 1; }
static inline void spin_unlock(spinlock_t *l) { l->locked = 0; }
#endif

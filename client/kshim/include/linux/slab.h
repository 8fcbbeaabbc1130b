/* Stand-in for linux/slab.h: kmalloc() and friends on the process's heap (kshim_alloc). No
 * allocation fails: the simulated machine's memory is not what monsim studies. */
#ifndef MONSIM_KSHIM_LINUX_SLAB_H
#define MONSIM_KSHIM_LINUX_SLAB_H
#include <linux/kshim.h>
#include <linux/overflow.h>

#define GFP_KERNEL 0x1u
#define GFP_NOFS 0x2u
#define GFP_NOIO 0x4u
#define GFP_ATOMIC 0x8u
#define GFP_NOWAIT 0x10u
#define __GFP_ZERO 0x100u
#define __GFP_NOFAIL 0x200u
#define __GFP_NOWARN 0x400u

static inline void *kmalloc(size_t size, gfp_t flags) { return kshim_alloc(size, (flags & __GFP_ZERO) != 0); }
static inline void *kzalloc(size_t size, gfp_t flags) { (void)flags; return kshim_alloc(size, true); }
static inline void *kcalloc(size_t n, size_t size, gfp_t flags) { (void)flags; return kshim_alloc(n * size, true); }
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags) { return kmalloc(n * size, flags); }
static inline void *kvmalloc(size_t size, gfp_t flags) { return kmalloc(size, flags); }
static inline void kfree(const void *p) { kshim_free(p); }
static inline void kvfree(const void *p) { kshim_free(p); }
static inline void kfree_sensitive(const void *p) { kshim_free(p); }
struct kmem_cache;
#endif

/* Stand-in for linux/random.h and linux/prandom.h as Debian's 6.1.192 has them: get_random_u32()
 * draws from the node's seeded stream; prandom_u32_max() is get_random_u32_below(), whose
 * variable-bound path (drivers/char/random.c's __get_random_u32_below()) multiplies, shifts,
 * and redraws the rare samples that would bias the result (rejection sampling). The
 * compile-time-bound path of the header is not reached: mon_client.c's bound is a variable. */
#ifndef MONSIM_KSHIM_LINUX_RANDOM_H
#define MONSIM_KSHIM_LINUX_RANDOM_H
#include <linux/kshim.h>
static inline u32 get_random_u32(void) { return kshim_random_u32(); }
static inline u32 prandom_u32(void) { return kshim_random_u32(); }
static inline u32 get_random_u32_below(u32 ceil) {
  u32 rand = get_random_u32();
  u64 mult;
  if (unlikely(!ceil)) return rand;
  mult = (u64)ceil * rand;
  if (unlikely((u32)mult < ceil)) {
    u32 bound = -ceil % ceil;
    while (unlikely((u32)mult < bound)) mult = (u64)ceil * get_random_u32();
  }
  return (u32)(mult >> 32);
}
static inline u32 prandom_u32_max(u32 ep_ro) { return get_random_u32_below(ep_ro); }
static inline void get_random_bytes(void *buf, int len) { kshim_random_bytes(buf, (size_t)len); }
#endif

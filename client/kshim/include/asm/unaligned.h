/* Stand-in for asm/unaligned.h: loads and stores at any alignment (memcpy, which the
 * compiler turns into plain moves on x86-64). */
#ifndef MONSIM_KSHIM_ASM_UNALIGNED_H
#define MONSIM_KSHIM_ASM_UNALIGNED_H
#include <asm/byteorder.h>
#include <linux/kshim.h>

#define KSHIM_UNALIGNED(bits)                                                                     \
  static inline u##bits get_unaligned_le##bits(const void *p) {                                    \
    u##bits v;                                                                                     \
    __builtin_memcpy(&v, p, sizeof(v));                                                            \
    return le##bits##_to_cpu(v);                                                                   \
  }                                                                                                \
  static inline void put_unaligned_le##bits(u##bits v, void *p) {                                  \
    v = cpu_to_le##bits(v);                                                                        \
    __builtin_memcpy(p, &v, sizeof(v));                                                            \
  }
KSHIM_UNALIGNED(16)
KSHIM_UNALIGNED(32)
KSHIM_UNALIGNED(64)
/* __typeof__(({ *(p); })): the pointee's type without its const (a statement expression's
 * value is an rvalue). */
#define get_unaligned(p) ({ __typeof__(({ *(p); })) __v; __builtin_memcpy(&__v, (p), sizeof(__v)); __v; })
#define put_unaligned(v, p) ({ __typeof__(({ *(p); })) __v = (v); __builtin_memcpy((p), &__v, sizeof(__v)); })
#endif

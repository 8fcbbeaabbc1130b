/* Stand-in for linux/unaligned.h (6.12; asm/unaligned.h before). */
#include <asm/unaligned.h>

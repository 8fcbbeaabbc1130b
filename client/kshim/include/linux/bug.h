/* Stand-in for linux/bug.h: BUG() ends the simulated kernel's run as the ports' kern/bug does
 * (a message naming file:line, then an abort); WARN_ON() says so and goes on. */
#ifndef MONSIM_KSHIM_LINUX_BUG_H
#define MONSIM_KSHIM_LINUX_BUG_H
#include <linux/kshim.h>

#define BUG() kshim_bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(cond) do { if (unlikely(cond)) kshim_bug(__FILE__, __LINE__, "BUG_ON(" #cond ")"); } while (0)
#define WARN_ON(cond) ({ bool __w = !!(cond); if (unlikely(__w)) kshim_warn(__FILE__, __LINE__, "WARN_ON(" #cond ")"); __w; })
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN(cond, ...) WARN_ON(cond)
#endif

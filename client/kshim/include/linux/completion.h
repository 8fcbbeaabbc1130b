/* Stand-in for linux/completion.h: a struct completion is its monsim Completion
 * (client/kern/wait.h), made by init_completion(). */
#ifndef MONSIM_KSHIM_LINUX_COMPLETION_H
#define MONSIM_KSHIM_LINUX_COMPLETION_H
#include <linux/kshim.h>
#include <linux/wait.h>
struct completion {
  void *impl;
};
#define init_completion(c) ((c)->impl = kshim_completion_make(c))
#define reinit_completion(c) kshim_completion_reinit((c)->impl)
#define complete(c) kshim_completion_complete((c)->impl, false)
#define complete_all(c) kshim_completion_complete((c)->impl, true)
#define completion_done(c) kshim_completion_done((c)->impl)
#define wait_for_completion(c) kshim_completion_wait((c)->impl)
#define wait_for_completion_interruptible(c) kshim_completion_wait_interruptible((c)->impl)
#endif

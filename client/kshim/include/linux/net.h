/* Stand-in for linux/net.h: a connection's socket is the messenger's business (monsim's
 * sim/net), so struct socket stays opaque. */
#ifndef MONSIM_KSHIM_LINUX_NET_H
#define MONSIM_KSHIM_LINUX_NET_H
#include <linux/in.h>
#include <linux/kshim.h>
struct socket;
#endif

/* Stand-in for net/net_namespace.h: the messenger's network namespace (one, monsim's). */
#ifndef MONSIM_KSHIM_NET_NET_NAMESPACE_H
#define MONSIM_KSHIM_NET_NET_NAMESPACE_H
#include <linux/kshim.h>
struct net;
typedef struct {
  struct net *net;
} possible_net_t;
#endif

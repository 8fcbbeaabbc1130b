/* Stand-in for linux/in.h, linux/in6.h and linux/socket.h: the addresses an entity_addr holds. */
#ifndef MONSIM_KSHIM_LINUX_IN_H
#define MONSIM_KSHIM_LINUX_IN_H
#include <asm/byteorder.h>
#include <linux/kshim.h>
typedef unsigned short sa_family_t;
#define AF_INET 2
#define AF_INET6 10
struct in_addr {
  __be32 s_addr;
};
struct sockaddr {
  sa_family_t sa_family;
  char sa_data[14];
};
struct sockaddr_in {
  sa_family_t sin_family;
  __be16 sin_port;
  struct in_addr sin_addr;
  unsigned char __pad[8];
};
struct in6_addr {
  union {
    u8 u6_addr8[16];
    __be16 u6_addr16[8];
    __be32 u6_addr32[4];
  } in6_u;
};
struct sockaddr_in6 {
  unsigned short sin6_family;
  __be16 sin6_port;
  __be32 sin6_flowinfo;
  struct in6_addr sin6_addr;
  u32 sin6_scope_id;
};
struct __kernel_sockaddr_storage {
  union {
    struct {
      unsigned short ss_family;
      char __data[128 - sizeof(unsigned short)];
    };
    void *__align;
  };
};
#define sockaddr_storage __kernel_sockaddr_storage
#endif

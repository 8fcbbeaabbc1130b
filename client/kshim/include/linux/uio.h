/* Stand-in for linux/uio.h: struct kvec (a message's front), and struct iov_iter as a field
 * of the tree's msgr2 connection state (never used by the MonClient). */
#ifndef MONSIM_KSHIM_LINUX_UIO_H
#define MONSIM_KSHIM_LINUX_UIO_H
#include <linux/kshim.h>
struct kvec {
  void *iov_base;
  size_t iov_len;
};
struct iovec {
  void *iov_base;
  size_t iov_len;
};
struct iov_iter {
  u8 iter_type;
  bool data_source;
  size_t iov_offset;
  size_t count;
  const void *ptr;
  unsigned long nr_segs;
};
#endif

/* fs/ceph/decode.h of 2.6.34: the decoding helpers the seed uses are the 6.1 tree's (the same
 * macros), and ceph_decode_addr(). */
#ifndef MONSIM_COMPAT_2_6_34_DECODE_H
#define MONSIM_COMPAT_2_6_34_DECODE_H
#include <linux/ceph/decode.h>
#include "client/linux_source/compat_legacy_addr.h"
#endif

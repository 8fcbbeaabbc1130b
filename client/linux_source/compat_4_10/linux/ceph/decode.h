/* linux-4.10's <linux/ceph/decode.h> where it differs from the 6.1 tree's: ceph_decode_addr(). */
#ifndef MONSIM_COMPAT_4_10_DECODE_H
#define MONSIM_COMPAT_4_10_DECODE_H
#include_next <linux/ceph/decode.h>
#include "client/linux_source/compat_legacy_addr.h"
#endif

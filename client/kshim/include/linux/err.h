/* Stand-in for linux/err.h (and the errno values libceph returns, uapi/asm-generic/errno*.h
 * plus the kernel's own ERESTARTSYS). */
#ifndef MONSIM_KSHIM_LINUX_ERR_H
#define MONSIM_KSHIM_LINUX_ERR_H
#include <linux/kshim.h>

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOTSUPP 524
#define EOPNOTSUPP 95
#define ENOTCONN 107
#define ETIMEDOUT 110
#define ECONNREFUSED 111
#define EKEYEXPIRED 127
#define EBADMSG 74
#define ERESTARTSYS 512

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }
static inline int PTR_ERR_OR_ZERO(const void *ptr) { return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0; }
#endif

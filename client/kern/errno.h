// The kernel error numbers the MonClient and the messenger return (negated, as in the kernel).
// Spelt ERR_<name>: the C library defines the bare names as macros.
#pragma once

namespace monsim::kern {

inline constexpr int ERR_EPERM = 1;
inline constexpr int ERR_ENOENT = 2;
inline constexpr int ERR_EINTR = 4;
inline constexpr int ERR_EIO = 5;
inline constexpr int ERR_EAGAIN = 11;
inline constexpr int ERR_ENOMEM = 12;
inline constexpr int ERR_EACCES = 13;
inline constexpr int ERR_EINVAL = 22;
inline constexpr int ERR_ERANGE = 34;
inline constexpr int ERR_EOPNOTSUPP = 95;
inline constexpr int ERR_ENOTCONN = 107;
inline constexpr int ERR_ECONNRESET = 104;
inline constexpr int ERR_ESHUTDOWN = 108;
inline constexpr int ERR_ETIMEDOUT = 110;
inline constexpr int ERR_ECONNREFUSED = 111;
inline constexpr int ERR_EHOSTUNREACH = 113;
inline constexpr int ERR_ERESTARTSYS = 512;  // kernel-internal: "interrupted, restart the syscall"

// The symbolic name of an errno value (positive or negative), for logs and traces.
const char* errno_name(int err);

}  // namespace monsim::kern

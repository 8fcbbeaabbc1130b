#include "client/kern/errno.h"

namespace monsim::kern {

const char* errno_name(int err) {
  switch (err < 0 ? -err : err) {
    case 0: return "OK";
    case ERR_EPERM: return "ERR_EPERM";
    case ERR_ENOENT: return "ERR_ENOENT";
    case ERR_EINTR: return "ERR_EINTR";
    case ERR_EIO: return "ERR_EIO";
    case ERR_EAGAIN: return "ERR_EAGAIN";
    case ERR_ENOMEM: return "ERR_ENOMEM";
    case ERR_EACCES: return "ERR_EACCES";
    case ERR_EINVAL: return "ERR_EINVAL";
    case ERR_ERANGE: return "ERR_ERANGE";
    case ERR_ENOTCONN: return "ERR_ENOTCONN";
    case ERR_ECONNRESET: return "ERR_ECONNRESET";
    case ERR_ESHUTDOWN: return "ERR_ESHUTDOWN";
    case ERR_ETIMEDOUT: return "ERR_ETIMEDOUT";
    case ERR_ECONNREFUSED: return "ERR_ECONNREFUSED";
    case ERR_EHOSTUNREACH: return "ERR_EHOSTUNREACH";
    case ERR_ERESTARTSYS: return "ERR_ERESTARTSYS";
    default: return "E?";
  }
}

}  // namespace monsim::kern

// struct ceph_auth_client_ops: one authentication protocol's client side.
#pragma once

#include <cstdint>
#include <span>

#include "client/wire/codec.h"

namespace monsim::auth {

class AuthProtocol {
 public:
  virtual ~AuthProtocol() = default;
  virtual std::uint32_t protocol() const = 0;
  virtual const char* name() const = 0;
  // True once every wanted key is held (cephx: valid tickets for AUTH|MON|OSD|MDS).
  virtual bool is_authenticated() = 0;
  // True if a request must be sent (cephx: a key is missing or due for renewal).
  virtual bool should_authenticate() = 0;
  // Append the next request payload to `out`; returns its length (>= 0) or a -errno.
  virtual int build_request(wire::Bytes& out) = 0;
  // Handle a reply (`result` from MAuthReply): 0 done, -EAGAIN to send another request, or
  // -errno.
  virtual int handle_reply(int result, std::span<const std::uint8_t> payload) = 0;
  // Forget the session state (cephx keeps its tickets).
  virtual void reset() = 0;
};

}  // namespace monsim::auth

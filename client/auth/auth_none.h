// port of net/ceph/auth_none.c: one round trip, then authenticated.
#pragma once

#include "client/auth/auth_protocol.h"
#include "client/wire/types.h"

namespace monsim::auth {

class AuthNone : public AuthProtocol {
 public:
  std::uint32_t protocol() const override { return wire::AUTH_NONE; }
  const char* name() const override { return "none"; }
  bool is_authenticated() override { return !starting_; }
  bool should_authenticate() override { return starting_; }
  int build_request(wire::Bytes&) override { return 0; }
  // port of handle_reply(): "authenticated" after the first reply, whatever it says.
  int handle_reply(int result, std::span<const std::uint8_t>) override {
    starting_ = false;
    return result;
  }
  void reset() override { starting_ = true; }

 private:
  bool starting_ = true;
};

}  // namespace monsim::auth

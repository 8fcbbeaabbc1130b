// port of net/ceph/auth.c: protocol negotiation and the MAuth fronts around a protocol.
//
// Return convention of handle_reply() as the MonClient sees it: > 0 — the next MAuth front of
// that length has been built into the output buffer, send it; < 0 — an error (the client
// records it as auth_err); 0 — done (authenticated, or nothing more to do).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "client/auth/auth_protocol.h"
#include "client/kern/clock.h"
#include "client/kern/random.h"
#include "client/kern/trace.h"
#include "client/wire/codec.h"

namespace monsim::auth {

class AuthClient {
 public:
  // port of ceph_auth_init(): `name` is the entity name ("admin"; "guest" when empty).
  AuthClient(std::string name, std::uint32_t want_keys, const kern::Clock& clock,
             kern::Random& random, kern::TraceSink& trace);
  ~AuthClient();

  // port of ceph_auth_build_hello(): the whole MAuth front into `front` (replaced); its
  // length, or -ERANGE if it does not fit in `cap` bytes.
  int build_hello(wire::Bytes& front, std::size_t cap);
  // port of ceph_handle_auth_reply()
  int handle_reply(std::span<const std::uint8_t> reply, wire::Bytes& front, std::size_t cap);
  // port of ceph_build_auth(): a request if the protocol wants one, else 0. With the 2.6.3x
  // rule (set_hello_when_unnegotiated), a hello while no protocol is negotiated yet.
  int build_auth(wire::Bytes& front, std::size_t cap);
  void set_hello_when_unnegotiated(bool on) { hello_when_unnegotiated_ = on; }
  // port of ceph_auth_is_authenticated()
  bool is_authenticated();
  // port of ceph_auth_reset()
  void reset();

  std::uint64_t global_id() const { return global_id_; }
  std::uint32_t protocol() const { return protocol_ ? protocol_->protocol() : 0; }
  AuthProtocol* protocol_handler() { return protocol_.get(); }

 private:
  int build_request(wire::Bytes& front, std::size_t cap);
  int init_protocol(std::uint32_t protocol);
  void log_err(const char* event, std::string text);

  std::string name_;
  std::uint32_t want_keys_;
  const kern::Clock& clock_;
  kern::Random& random_;
  kern::TraceSink& trace_;
  std::uint64_t global_id_ = 0;
  bool negotiating_ = true;
  bool hello_when_unnegotiated_ = false;
  std::unique_ptr<AuthProtocol> protocol_;
};

}  // namespace monsim::auth

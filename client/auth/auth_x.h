// A cephx-like client (after net/ceph/auth_x.c, 4.x): server challenge, then the AUTH ticket
// (GET_AUTH_SESSION_KEY), then service tickets (GET_PRINCIPAL_SESSION_KEY) until every wanted
// key is held — three exchanges for this kernel. Tickets live on the wall clock: a ticket
// received at t with validity v expires at t + v and is due for renewal at t + v - v/4. No
// cryptography: round trips, sizes and timing only.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "client/auth/auth_protocol.h"
#include "client/kern/clock.h"
#include "client/kern/random.h"

namespace monsim::auth {

class AuthX : public AuthProtocol {
 public:
  AuthX(std::uint32_t want_keys, const std::uint64_t& global_id, const kern::Clock& clock,
        kern::Random& random)
      : want_keys_(want_keys), global_id_(global_id), clock_(clock), random_(random) {}

  std::uint32_t protocol() const override;
  const char* name() const override { return "x"; }
  bool is_authenticated() override;
  bool should_authenticate() override;
  int build_request(wire::Bytes& out) override;
  int handle_reply(int result, std::span<const std::uint8_t> payload) override;
  void reset() override;

  std::uint32_t have_keys() const { return have_keys_; }
  // Wall-clock seconds of a service's ticket renewal (0 if none): for tests and traces.
  std::int64_t renew_after(std::uint32_t service) const;

 private:
  struct Ticket {
    std::int64_t expires = 0;
    std::int64_t renew_after = 0;
    bool have = false;
  };
  // port of ceph_x_validate_tickets(): which keys are missing or due, dropping expired ones.
  std::uint32_t validate_tickets();

  std::uint32_t want_keys_;
  std::uint32_t have_keys_ = 0;
  const std::uint64_t& global_id_;
  const kern::Clock& clock_;
  kern::Random& random_;
  bool starting_ = true;
  std::uint64_t server_challenge_ = 0;
  // port of get_ticket_handler(): the service's ticket, made on first use. A handful of
  // services in one short list (the kernel's rbtree, re-expressed): a tree's nodes cost
  // every client's tick a cache miss per service.
  Ticket& ticket(std::uint32_t service);
  const Ticket* find_ticket(std::uint32_t service) const;
  std::vector<std::pair<std::uint32_t, Ticket>> tickets_;  // (service id, ticket), by first use
};

}  // namespace monsim::auth

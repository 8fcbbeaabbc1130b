#include "client/auth/auth_x.h"

#include "client/kern/errno.h"
#include "client/kern/message.h"
#include "client/wire/cephx.h"

namespace monsim::auth {

namespace {
constexpr std::uint32_t kServices[] = {kern::ENTITY_TYPE_AUTH, kern::ENTITY_TYPE_MON,
                                       kern::ENTITY_TYPE_OSD, kern::ENTITY_TYPE_MDS};
}

std::uint32_t AuthX::protocol() const { return wire::AUTH_CEPHX; }

// port of ceph_x_validate_tickets()
std::uint32_t AuthX::validate_tickets() {
  const std::int64_t now = clock_.realtime().sec;
  std::uint32_t need = want_keys_ & ~have_keys_;  // e.g. AUTH, cleared by a new challenge
  for (std::uint32_t service : kServices) {
    if (!(want_keys_ & service)) continue;
    Ticket& t = ticket(service);
    if (!t.have || now >= t.renew_after) need |= service;
    if (t.have && now >= t.expires) {  // expired: the key is gone
      t.have = false;
      have_keys_ &= ~service;
    }
  }
  return need;
}

// port of ceph_x_is_authenticated()
bool AuthX::is_authenticated() {
  validate_tickets();
  return (want_keys_ & have_keys_) == want_keys_;
}

// port of ceph_x_should_authenticate()
bool AuthX::should_authenticate() { return validate_tickets() != 0; }

// port of ceph_x_build_request(): the AUTH ticket first, then the services it unlocks.
int AuthX::build_request(wire::Bytes& out) {
  const std::uint32_t need = validate_tickets();
  wire::CephxRequest req;
  if (need & kern::ENTITY_TYPE_AUTH) {
    req.op = wire::CEPHX_GET_AUTH_SESSION_KEY;
    req.client_challenge = (std::uint64_t{random_.prandom_u32()} << 32) | random_.prandom_u32();
    req.proof = server_challenge_ ^ req.client_challenge;
    req.old_ticket_bytes = ticket(kern::ENTITY_TYPE_AUTH).have ? 96 : 0;
  } else if (need) {
    req.op = wire::CEPHX_GET_PRINCIPAL_SESSION_KEY;
    req.global_id = global_id_;
    req.keys = need;
  } else {
    return 0;
  }
  const wire::Bytes payload = req.encode();
  out.insert(out.end(), payload.begin(), payload.end());
  return static_cast<int>(payload.size());
}

// port of ceph_x_handle_reply()
int AuthX::handle_reply(int result, std::span<const std::uint8_t> payload) {
  if (result) return result;  // the monitor refused (e.g. -EACCES)
  if (starting_) {
    // The reply to the hello: the server challenge. The AUTH key must be proven again, so
    // we are not "authenticated" until it is.
    wire::CephxChallenge c;
    if (!wire::CephxChallenge::decode(payload, &c, nullptr)) return -kern::ERR_EINVAL;
    server_challenge_ = c.server_challenge;
    starting_ = false;
    have_keys_ &= ~kern::ENTITY_TYPE_AUTH;
    return -kern::ERR_EAGAIN;
  }
  wire::CephxTicketReply r;
  if (!wire::CephxTicketReply::decode(payload, &r, nullptr)) return -kern::ERR_EINVAL;
  if (r.op != wire::CEPHX_GET_AUTH_SESSION_KEY && r.op != wire::CEPHX_GET_PRINCIPAL_SESSION_KEY)
    return -kern::ERR_EINVAL;
  if (r.result) return r.result;
  // port of ceph_x_proc_ticket_reply() / process_one_ticket(): validity on the wall clock.
  const std::int64_t now = clock_.realtime().sec;
  for (const auto& t : r.tickets) {
    Ticket& k = ticket(t.service_id);
    k.expires = now + t.validity_s;
    k.renew_after = k.expires - t.validity_s / 4;
    k.have = true;
    have_keys_ |= t.service_id;
  }
  if (want_keys_ == have_keys_) return 0;
  return -kern::ERR_EAGAIN;
}

// port of ceph_x_reset(): the session starts over; the tickets are kept.
void AuthX::reset() {
  starting_ = true;
  server_challenge_ = 0;
}

std::int64_t AuthX::renew_after(std::uint32_t service) const {
  const Ticket* t = find_ticket(service);
  return !t || !t->have ? 0 : t->renew_after;
}

AuthX::Ticket& AuthX::ticket(std::uint32_t service) {
  for (auto& [id, t] : tickets_)
    if (id == service) return t;
  return tickets_.emplace_back(service, Ticket{}).second;
}

const AuthX::Ticket* AuthX::find_ticket(std::uint32_t service) const {
  for (const auto& [id, t] : tickets_)
    if (id == service) return &t;
  return nullptr;
}

}  // namespace monsim::auth

// Auth payloads carried inside MAuth / MAuthReply: the hello every client sends, and a
// cephx-like ticket protocol with cephx's observable shape (server challenge, then the AUTH
// ticket, then service tickets; validity in seconds). There is no cryptography: the round
// trips, the sizes and the timing are what monsim needs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/wire/types.h"

namespace monsim::wire {

// The hello payload (ceph_auth_build_hello()): u8 1, u32 n, n × u32 protocol,
// EntityName {u32 type, string name}, u64 global_id.
struct AuthHello {
  std::vector<std::uint32_t> supported;
  std::uint32_t entity_type = kern::ENTITY_TYPE_CLIENT;
  std::string name;
  std::uint64_t global_id = 0;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> payload, AuthHello* out, std::string* err);
};

inline constexpr std::uint16_t CEPHX_GET_AUTH_SESSION_KEY = 0x0100;
inline constexpr std::uint16_t CEPHX_GET_PRINCIPAL_SESSION_KEY = 0x0200;

// The first reply after a hello: u8 version, u64 server challenge (9 bytes).
struct CephxChallenge {
  std::uint64_t server_challenge = 0;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> payload, CephxChallenge* out, std::string* err);
};

// A client request: u16 op, then for GET_AUTH_SESSION_KEY the challenge response and the old
// AUTH ticket (empty on first contact); for GET_PRINCIPAL_SESSION_KEY an authorizer built
// from the AUTH ticket and the wanted service keys.
struct CephxRequest {
  std::uint16_t op = CEPHX_GET_AUTH_SESSION_KEY;
  std::uint64_t client_challenge = 0;
  std::uint64_t proof = 0;
  std::uint32_t old_ticket_bytes = 0;
  std::uint64_t global_id = 0;  // authorizer
  std::uint32_t keys = 0;       // wanted service keys
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> payload, CephxRequest* out, std::string* err);
};

struct CephxTicket {
  std::uint32_t service_id = 0;   // ENTITY_TYPE_AUTH, _MON, _OSD, _MDS
  std::uint32_t validity_s = 0;
  std::uint32_t blob_bytes = 96;  // session key + encrypted ticket (zeros here)
};

// A ticket reply: u16 op, s32 result, u8 version, u32 n, n × {u32 service, u32 validity,
// blob}.
struct CephxTicketReply {
  std::uint16_t op = CEPHX_GET_AUTH_SESSION_KEY;
  std::int32_t result = 0;
  std::vector<CephxTicket> tickets;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> payload, CephxTicketReply* out,
                     std::string* err);
};

}  // namespace monsim::wire

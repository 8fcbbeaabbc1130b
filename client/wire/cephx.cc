#include "client/wire/cephx.h"

namespace monsim::wire {

namespace {
bool finish(Decoder& d, std::string* err, const char* what) {
  if (d.expect_end(what)) return true;
  if (err) *err = d.error();
  return false;
}
}  // namespace

Bytes AuthHello::encode() const {
  Bytes out;
  Encoder e(out);
  e.u8(1);
  e.u32(static_cast<std::uint32_t>(supported.size()));
  for (auto p : supported) e.u32(p);
  e.u32(entity_type);
  e.string(name);
  e.u64(global_id);
  return out;
}

bool AuthHello::decode(std::span<const std::uint8_t> payload, AuthHello* out, std::string* err) {
  Decoder d(payload);
  d.u8("struct_v");
  const std::uint32_t n = d.u32("num_protocols");
  if (d.ok() && n > d.remaining() / 4) {
    if (err) *err = "num_protocols " + std::to_string(n) + " exceeds the payload";
    return false;
  }
  out->supported.clear();
  for (std::uint32_t i = 0; i < n && d.ok(); ++i) out->supported.push_back(d.u32("protocol"));
  out->entity_type = d.u32("entity type");
  out->name = d.string("entity name");
  out->global_id = d.u64("global_id");
  return finish(d, err, "auth hello");
}

Bytes CephxChallenge::encode() const {
  Bytes out;
  Encoder e(out);
  e.u8(1);
  e.u64(server_challenge);
  return out;
}

bool CephxChallenge::decode(std::span<const std::uint8_t> payload, CephxChallenge* out,
                            std::string* err) {
  Decoder d(payload);
  d.u8("struct_v");
  out->server_challenge = d.u64("server_challenge");
  return finish(d, err, "cephx challenge");
}

Bytes CephxRequest::encode() const {
  Bytes out;
  Encoder e(out);
  e.u16(op);
  if (op == CEPHX_GET_AUTH_SESSION_KEY) {
    e.u64(client_challenge);
    e.u64(proof);
    e.u8(1);  // old ticket: struct_v, then the blob
    e.u32(old_ticket_bytes);
    e.zeros(old_ticket_bytes);
  } else {
    e.u8(1);  // authorizer
    e.u64(global_id);
    e.u32(kern::ENTITY_TYPE_AUTH);
    e.u32(96);
    e.zeros(96);
    e.u32(keys);
  }
  return out;
}

bool CephxRequest::decode(std::span<const std::uint8_t> payload, CephxRequest* out,
                          std::string* err) {
  Decoder d(payload);
  out->op = d.u16("op");
  if (out->op == CEPHX_GET_AUTH_SESSION_KEY) {
    out->client_challenge = d.u64("client_challenge");
    out->proof = d.u64("proof");
    d.u8("old_ticket.v");
    out->old_ticket_bytes = static_cast<std::uint32_t>(d.blob("old_ticket").size());
  } else if (out->op == CEPHX_GET_PRINCIPAL_SESSION_KEY) {
    d.u8("authorizer.v");
    out->global_id = d.u64("authorizer.global_id");
    d.u32("authorizer.service");
    d.blob("authorizer.ticket");
    out->keys = d.u32("keys");
  } else if (d.ok()) {
    if (err) *err = "unknown cephx op " + std::to_string(out->op);
    return false;
  }
  return finish(d, err, "cephx request");
}

Bytes CephxTicketReply::encode() const {
  Bytes out;
  Encoder e(out);
  e.u16(op);
  e.s32(result);
  e.u8(1);
  e.u32(static_cast<std::uint32_t>(tickets.size()));
  for (const auto& t : tickets) {
    e.u32(t.service_id);
    e.u32(t.validity_s);
    e.u32(t.blob_bytes);
    e.zeros(t.blob_bytes);
  }
  return out;
}

bool CephxTicketReply::decode(std::span<const std::uint8_t> payload, CephxTicketReply* out,
                              std::string* err) {
  Decoder d(payload);
  out->op = d.u16("op");
  out->result = d.s32("result");
  d.u8("struct_v");
  const std::uint32_t n = d.u32("num_tickets");
  if (d.ok() && n > d.remaining() / 12) {
    if (err) *err = "num_tickets " + std::to_string(n) + " exceeds the payload";
    return false;
  }
  out->tickets.clear();
  for (std::uint32_t i = 0; i < n && d.ok(); ++i) {
    CephxTicket t;
    t.service_id = d.u32("service_id");
    t.validity_s = d.u32("validity");
    t.blob_bytes = static_cast<std::uint32_t>(d.blob("ticket").size());
    out->tickets.push_back(t);
  }
  return finish(d, err, "cephx ticket reply");
}

}  // namespace monsim::wire

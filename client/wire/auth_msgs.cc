#include "client/wire/auth_msgs.h"

namespace monsim::wire {

Bytes MAuth::encode() const {
  Bytes out;
  Encoder e(out);
  monhdr.encode(e);
  e.u32(protocol);
  e.blob(payload);
  return out;
}

bool MAuth::decode(std::span<const std::uint8_t> front, MAuth* out, std::string* err) {
  Decoder d(front);
  out->monhdr = MonRequestHeader::decode(d);
  out->protocol = d.u32("protocol");
  auto p = d.blob("payload");
  out->payload.assign(p.begin(), p.end());
  if (d.expect_end("MAuth")) return true;
  if (err) *err = d.error();
  return false;
}

Bytes MAuthReply::encode() const {
  Bytes out;
  Encoder e(out);
  e.u32(protocol);
  e.s32(result);
  e.u64(global_id);
  e.blob(payload);
  e.string(result_msg);
  return out;
}

// The same checks as ceph_handle_auth_reply(): everything consumed exactly.
bool MAuthReply::decode(std::span<const std::uint8_t> front, MAuthReply* out, std::string* err) {
  Decoder d(front);
  out->protocol = d.u32("protocol");
  out->result = d.s32("result");
  out->global_id = d.u64("global_id");
  auto p = d.blob("payload");
  out->payload.assign(p.begin(), p.end());
  out->result_msg = d.string("result_msg");
  if (d.expect_end("MAuthReply")) return true;
  if (err) *err = d.error();
  return false;
}

}  // namespace monsim::wire

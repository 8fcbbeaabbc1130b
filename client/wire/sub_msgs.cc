#include "client/wire/sub_msgs.h"

namespace monsim::wire {

Bytes MMonSubscribe::encode() const {
  Bytes out;
  Encoder e(out);
  e.u32(static_cast<std::uint32_t>(items.size()));
  for (const auto& i : items) {
    e.string(i.what);
    e.u64(i.start);
    e.u8(i.flags);
  }
  return out;
}

bool MMonSubscribe::decode(std::span<const std::uint8_t> front, MMonSubscribe* out,
                           std::string* err) {
  Decoder d(front);
  const std::uint32_t n = d.u32("count");
  // Each item needs at least a length and the 9-byte item: refuse absurd counts early.
  if (d.ok() && n > d.remaining() / 13) {
    if (err) *err = "subscribe count " + std::to_string(n) + " exceeds the message";
    return false;
  }
  out->items.clear();
  for (std::uint32_t k = 0; k < n && d.ok(); ++k) {
    SubscribeItem i;
    i.what = d.string("item.what");
    i.start = d.u64("item.start");
    i.flags = d.u8("item.flags");
    out->items.push_back(std::move(i));
  }
  if (d.expect_end("MMonSubscribe")) return true;
  if (err) *err = d.error();
  return false;
}

Bytes MMonSubscribeV1::encode() const {
  Bytes out;
  Encoder e(out);
  e.u32(static_cast<std::uint32_t>(items.size()));
  for (const auto& i : items) {
    e.string(i.what);
    e.u64(0);  // unused (have_version)
    e.u64(i.have);
    e.u8(i.onetime ? 1 : 0);
  }
  return out;
}

bool MMonSubscribeV1::decode(std::span<const std::uint8_t> front, MMonSubscribeV1* out, std::string* err) {
  Decoder d(front);
  const std::uint32_t n = d.u32("count");
  if (d.ok() && n > d.remaining() / (4 + ITEM_SIZE)) {
    if (err) *err = "subscribe count " + std::to_string(n) + " exceeds the message";
    return false;
  }
  out->items.clear();
  for (std::uint32_t k = 0; k < n && d.ok(); ++k) {
    OldSubscribeItem i;
    i.what = d.string("item.what");
    d.u64("item.unused");
    i.have = d.u64("item.have");
    i.onetime = d.u8("item.onetime") != 0;
    out->items.push_back(std::move(i));
  }
  if (d.expect_end("MMonSubscribe v1")) return true;
  if (err) *err = d.error();
  return false;
}

MMonSubscribe MMonSubscribeV1::upgrade() const {
  MMonSubscribe m;
  for (const auto& i : items)
    m.items.push_back({i.what, i.have ? i.have + 1 : 0, static_cast<std::uint8_t>(i.onetime ? SUBSCRIBE_ONETIME : 0)});
  return m;
}

Bytes MMonSubscribeAck::encode() const {
  Bytes out;
  Encoder e(out);
  e.u32(duration);
  fsid.encode(e);
  return out;
}

// handle_subscribe_ack() only requires the front to be at least 20 bytes.
bool MMonSubscribeAck::decode(std::span<const std::uint8_t> front, MMonSubscribeAck* out,
                              std::string* err) {
  Decoder d(front);
  if (!d.need(SIZE, "subscribe ack")) {
    if (err) *err = d.error();
    return false;
  }
  out->duration = d.u32();
  out->fsid = Fsid::decode(d);
  return true;
}

}  // namespace monsim::wire

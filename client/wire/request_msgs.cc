#include "client/wire/request_msgs.h"

namespace monsim::wire {

namespace {
bool finish(Decoder& d, std::string* err) {
  if (d.ok()) return true;
  if (err) *err = d.error();
  return false;
}
}  // namespace

Bytes MStatfs::encode() const {
  Bytes out;
  Encoder e(out);
  monhdr.encode(e);
  fsid.encode(e);
  if (v2) {
    e.u8(contains_data_pool ? 1 : 0);
    e.u64(data_pool);
  }
  return out;
}

bool MStatfs::decode(std::span<const std::uint8_t> front, MStatfs* out, std::string* err) {
  Decoder d(front);
  out->monhdr = MonRequestHeader::decode(d);
  out->fsid = Fsid::decode(d);
  out->v2 = front.size() == SIZE_V2;
  if (out->v2) {
    out->contains_data_pool = d.u8("contains_data_pool") != 0;
    out->data_pool = d.u64("data_pool");
  }
  return finish(d, err);
}

Bytes MStatfsReply::encode() const {
  Bytes out;
  Encoder e(out);
  fsid.encode(e);
  e.u64(version);
  e.u64(st.kb);
  e.u64(st.kb_used);
  e.u64(st.kb_avail);
  e.u64(st.num_objects);
  return out;
}

bool MStatfsReply::decode(std::span<const std::uint8_t> front, MStatfsReply* out,
                          std::string* err) {
  if (front.size() != SIZE) {
    if (err) *err = "statfs reply is " + std::to_string(front.size()) + " bytes, not 56";
    return false;
  }
  Decoder d(front);
  out->fsid = Fsid::decode(d);
  out->version = d.u64();
  out->st.kb = d.u64();
  out->st.kb_used = d.u64();
  out->st.kb_avail = d.u64();
  out->st.num_objects = d.u64();
  return finish(d, err);
}

Bytes MMonGetVersion::encode() const {
  Bytes out;
  Encoder e(out);
  e.u64(handle);
  e.string(what);
  return out;
}

bool MMonGetVersion::decode(std::span<const std::uint8_t> front, MMonGetVersion* out,
                            std::string* err) {
  Decoder d(front);
  out->handle = d.u64("handle");
  out->what = d.string("what");
  return finish(d, err);
}

Bytes MMonGetVersionReply::encode() const {
  Bytes out;
  Encoder e(out);
  e.u64(handle);
  e.u64(newest);
  e.u64(oldest);
  return out;
}

bool MMonGetVersionReply::decode(std::span<const std::uint8_t> front, MMonGetVersionReply* out,
                                 std::string* err) {
  Decoder d(front);
  d.need(2 * 8, "get_version reply");
  out->handle = d.u64();
  out->newest = d.u64();
  out->oldest = d.remaining() >= 8 ? d.u64() : 0;
  return finish(d, err);
}

Bytes MMonCommand::encode() const {
  Bytes out;
  Encoder e(out);
  monhdr.encode(e);
  fsid.encode(e);
  e.u32(static_cast<std::uint32_t>(cmd.size()));
  for (const auto& s : cmd) e.string(s);
  return out;
}

bool MMonCommand::decode(std::span<const std::uint8_t> front, MMonCommand* out,
                         std::string* err) {
  Decoder d(front);
  out->monhdr = MonRequestHeader::decode(d);
  out->fsid = Fsid::decode(d);
  const std::uint32_t n = d.u32("num_strs");
  if (d.ok() && n > d.remaining() / 4) {
    if (err) *err = "num_strs " + std::to_string(n) + " exceeds the message";
    return false;
  }
  out->cmd.clear();
  for (std::uint32_t i = 0; i < n && d.ok(); ++i) out->cmd.push_back(d.string("cmd"));
  return finish(d, err);
}

Bytes MMonCommandAck::encode() const {
  Bytes out;
  Encoder e(out);
  monhdr.encode(e);
  e.s32(result);
  e.string(rs);
  return out;
}

// handle_command_ack(): needs the header and the result; the rest is not read.
bool MMonCommandAck::decode(std::span<const std::uint8_t> front, MMonCommandAck* out,
                            std::string* err) {
  Decoder d(front);
  d.need(MonRequestHeader::SIZE + 4, "command ack");
  out->monhdr = MonRequestHeader::decode(d);
  out->result = d.s32();
  return finish(d, err);
}

}  // namespace monsim::wire

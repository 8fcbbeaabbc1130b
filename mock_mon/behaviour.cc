#include "mock_mon/behaviour.h"

#include "client/wire/types.h"

namespace monsim::mock_mon {

std::string reply_kind(std::uint16_t t) {
  switch (t) {
    case wire::MSG_AUTH_REPLY: return "auth_reply";
    case wire::MSG_MON_SUBSCRIBE_ACK: return "subscribe_ack";
    case wire::MSG_MON_MAP: return "mon_map";
    case wire::MSG_OSD_MAP: return "osd_map";
    case wire::MSG_STATFS_REPLY: return "statfs_reply";
    case wire::MSG_MON_GET_VERSION_REPLY: return "get_version_reply";
    case wire::MSG_MON_COMMAND_ACK: return "command_ack";
    case wire::MSG_MDS_MAP: return "mds_map";
    default: return "other";
  }
}

bool Behaviours::active(Rule& r, const std::string& kind, nanos now) const {
  if (now < r.from || now >= r.until || (r.count && *r.count <= 0)) return false;
  return r.reply == "*" || r.reply == kind;
}

ReplyFate Behaviours::on_reply(const std::string& kind, nanos now, const Rng& rng) {
  ReplyFate fate;
  for (auto& r : rules_) {
    if (r.kind == Rule::Kind::reject_auth || !active(r, kind, now)) continue;
    // "stall" answers nothing but keeps the messenger alive (keepalive acks still flow)
    // unless keepalive2_ack is named explicitly.
    if (r.kind == Rule::Kind::stall && r.reply == "*" && kind == "keepalive2_ack") continue;
    switch (r.kind) {
      case Rule::Kind::delay: {
        const nanos span = r.delay_max - r.delay_min;
        fate.delay += r.delay_min + (span > 0 ? static_cast<nanos>(rng() % static_cast<std::uint64_t>(span + 1)) : 0);
        fate.why = "delay";
        break;
      }
      case Rule::Kind::drop: {
        // The draw happens only for a real probability, so p = 1 consumes no randomness.
        const bool hit = r.probability >= 1.0 ||
                         (r.probability > 0 && static_cast<double>(rng() >> 11) * 0x1.0p-53 < r.probability);
        if (!hit) continue;
        fate.drop = true;
        fate.why = "drop";
        break;
      }
      case Rule::Kind::stall:
        fate.drop = true;
        fate.why = "stall";
        break;
      case Rule::Kind::corrupt:
        fate.corrupt = true;
        fate.how = r.how;
        fate.why = "corrupt";
        break;
      case Rule::Kind::reject_auth:
        break;
    }
    if (r.count) --*r.count;
  }
  return fate;
}

int Behaviours::reject_auth(nanos now) {
  for (auto& r : rules_) {
    if (r.kind != Rule::Kind::reject_auth || !active(r, "auth_reply", now)) continue;
    if (r.count) --*r.count;
    return r.error;
  }
  return 0;
}

kern::MsgRef corrupt(const kern::MsgRef& msg, CorruptHow how, const Rng& rng) {
  auto m = std::make_shared<kern::Message>(*msg);
  switch (how) {
    case CorruptHow::truncate:
      m->front.resize(m->front.size() / 2);
      break;
    case CorruptHow::bad_length:
      m->front.push_back(0xEE);  // one byte too many: fixed-size replies are refused
      break;
    case CorruptHow::wrong_fsid: {
      // The fsid sits at the front of statfs replies and osdmaps, after the duration in a
      // subscribe ack, after the blob length and version in a monmap.
      std::size_t at = 0;
      if (m->hdr.type == wire::MSG_MON_SUBSCRIBE_ACK) at = 4;
      if (m->hdr.type == wire::MSG_MON_MAP) at = 6;
      for (std::size_t i = at; i < at + 16 && i < m->front.size(); ++i) m->front[i] ^= 0xFF;
      break;
    }
    case CorruptHow::unknown_type:
      m->hdr.type = 0x7777;
      break;
    case CorruptHow::garbage:
      for (auto& b : m->front) b = static_cast<std::uint8_t>(rng());
      if (!m->front.empty()) m->front[0] = 0xFF;  // a huge first length or count
      if (m->front.size() > 3) m->front[3] = 0xFF;
      break;
  }
  m->hdr.front_len = static_cast<std::uint32_t>(m->front.size());
  m->front_alloc_len = m->hdr.front_len;
  return m;
}

}  // namespace monsim::mock_mon

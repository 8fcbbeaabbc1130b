// A scripted monitor cluster for unit tests of the MonClient on the fake kernel.
//
// Each monitor is `up` (answers after one round trip: auth none or cephx, the maps after
// authentication, generic requests, keepalive acks), `refuse` (every connection attempt
// faults one round trip after it starts, before the handshake), `silent` (accepts and never
// answers) or `hung` (the session stays up, nothing is answered, keepalives included).
// Replies are bound to the session they answer: a reply scheduled before a reopen is dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "client/kern/errno.h"
#include "client/testing/fake_kernel.h"
#include "client/wire/auth_msgs.h"
#include "client/wire/cephx.h"
#include "client/wire/monmap.h"
#include "client/wire/osdmap.h"
#include "client/wire/request_msgs.h"
#include "client/wire/sub_msgs.h"

namespace monsim::testing {

inline constexpr nanos kMs = 1'000'000;

inline kern::EntityAddr mon_addr(int i) {
  return {0, 0, 0xC0000201u + static_cast<std::uint32_t>(i), 6789};
}

inline wire::Fsid test_fsid(std::uint8_t seed = 0xA0) {
  wire::Fsid f;
  for (int i = 0; i < 16; ++i) f.bytes[i] = static_cast<std::uint8_t>(seed + i);
  return f;
}

inline kern::MsgRef make_msg(std::uint16_t type, wire::Bytes front, std::uint64_t tid = 0) {
  auto m = kern::Message::make(type, static_cast<std::uint32_t>(front.size()));
  m->front = std::move(front);
  m->hdr.front_len = static_cast<std::uint32_t>(m->front.size());
  m->hdr.tid = tid;
  return m;
}

struct ScriptedMons {
  enum class Mode { up, refuse, silent, hung };

  FakeKernel& k;
  FakeConnection& con;
  std::vector<Mode> mode;
  nanos rtt = 1 * kMs;
  bool cephx = false;
  std::uint32_t ticket_ttl = 3600;
  std::uint32_t subscribe_ack = 300;  // seconds; 0 = never ack
  std::uint32_t monmap_epoch = 1, osdmap_epoch = 10;
  wire::Fsid fsid = test_fsid();
  std::uint64_t global_id = 4100;
  int monmap_version = 0;  // 0: the legacy encoding; 5 or 9: MonMap::encode_versioned()
  // The result of each MON_COMMAND (by its command string); 0 when unset.
  std::function<int(const std::string&)> command_result;
  // Requests the monitors do not answer (by type), and the count of each type received.
  std::vector<std::uint16_t> ignore;
  std::map<std::uint16_t, int> received;
  std::function<void(const kern::MsgRef&)> extra;  // sees every message first

  ScriptedMons(FakeKernel& kk, FakeConnection& c, std::vector<Mode> m)
      : k(kk), con(c), mode(std::move(m)) {
    con.on_send = [this](const kern::MsgRef& msg) { on_send(msg); };
    con.on_keepalive = [this] { on_keepalive(); };
  }

  int peer() const { return static_cast<int>(con.peer_name().num); }

  // Deliver `msg` one round trip from now if the same session is still open.
  void reply(kern::MsgRef msg, nanos after = -1) {
    const int gen = con.opens();
    k.at(k.now() + (after < 0 ? rtt : after), [this, gen, msg] {
      if (con.opens() == gen && con.is_open()) con.deliver(msg);
    });
  }

  void on_keepalive() {
    if (mode[peer()] != Mode::up) return;
    const int gen = con.opens();
    k.at(k.now() + rtt, [this, gen] {
      if (con.opens() == gen && con.is_open()) con.ack_keepalive();
    });
  }

  void on_send(const kern::MsgRef& msg) {
    const int mon = peer();
    received[msg->hdr.type]++;
    if (extra) extra(msg);
    if (mode[mon] == Mode::refuse) {
      // Only the first message of a session triggers the (pre-handshake) fault.
      if (con.sent.size() != 1) return;
      const int gen = con.opens();
      k.at(k.now() + rtt, [this, gen] {
        if (con.opens() == gen && con.is_open()) con.fault(/*lossy=*/false);
      });
      return;
    }
    if (mode[mon] != Mode::up) return;
    for (auto t : ignore)
      if (t == msg->hdr.type) return;
    switch (msg->hdr.type) {
      case wire::MSG_AUTH: answer_auth(msg); break;
      case wire::MSG_MON_SUBSCRIBE: answer_subscribe(msg); break;
      case wire::MSG_STATFS: {
        wire::MStatfsReply r;
        r.fsid = fsid;
        r.st = {1000, 400, 600, 42};
        reply(make_msg(wire::MSG_STATFS_REPLY, r.encode(), msg->hdr.tid));
        break;
      }
      case wire::MSG_MON_GET_VERSION: {
        wire::MMonGetVersion g;
        wire::MMonGetVersion::decode(msg->front, &g, nullptr);
        reply(make_msg(wire::MSG_MON_GET_VERSION_REPLY,
                       wire::MMonGetVersionReply{g.handle, osdmap_epoch, 1}.encode(), msg->hdr.tid));
        break;
      }
      case wire::MSG_MON_COMMAND: {
        wire::MMonCommandAck a;
        wire::MMonCommand c;
        if (command_result && wire::MMonCommand::decode(msg->front, &c, nullptr) && !c.cmd.empty())
          a.result = command_result(c.cmd[0]);
        reply(make_msg(wire::MSG_MON_COMMAND_ACK, a.encode(), msg->hdr.tid));
        break;
      }
      default: break;
    }
  }

  void answer_auth(const kern::MsgRef& msg) {
    wire::MAuth a;
    if (!wire::MAuth::decode(msg->front, &a, nullptr)) return;
    wire::MAuthReply r;
    r.global_id = global_id;
    if (a.protocol == wire::AUTH_UNKNOWN) {  // hello
      r.protocol = cephx ? wire::AUTH_CEPHX : wire::AUTH_NONE;
      if (cephx) r.payload = wire::CephxChallenge{0x5eed}.encode();
    } else {
      r.protocol = wire::AUTH_CEPHX;
      wire::CephxRequest q;
      wire::CephxRequest::decode(a.payload, &q, nullptr);
      wire::CephxTicketReply t;
      t.op = q.op;
      if (q.op == wire::CEPHX_GET_AUTH_SESSION_KEY) {
        t.tickets = {{kern::ENTITY_TYPE_AUTH, ticket_ttl, 96}};
      } else {
        for (std::uint32_t s : {kern::ENTITY_TYPE_MON, kern::ENTITY_TYPE_OSD, kern::ENTITY_TYPE_MDS})
          if (q.keys & s) t.tickets.push_back({s, ticket_ttl, 96});
      }
      r.payload = t.encode();
    }
    reply(make_msg(wire::MSG_AUTH_REPLY, r.encode()));
  }

  wire::MonMap monmap() const {
    wire::MonMap m;
    m.fsid = fsid;
    m.epoch = monmap_epoch;
    for (std::size_t i = 0; i < mode.size(); ++i)
      m.mons.push_back({{kern::ENTITY_TYPE_MON, i}, mon_addr(static_cast<int>(i))});
    return m;
  }

  void answer_subscribe(const kern::MsgRef& msg) {
    wire::MMonSubscribe s;
    if (msg->hdr.version < 2) {  // linux-2.6.34's format
      wire::MMonSubscribeV1 old;
      if (!wire::MMonSubscribeV1::decode(msg->front, &old, nullptr)) return;
      s = old.upgrade();
    } else if (!wire::MMonSubscribe::decode(msg->front, &s, nullptr)) {
      return;
    }
    for (const auto& item : s.items) {
      if (item.what == "monmap" && item.start <= monmap_epoch)
        reply(make_msg(wire::MSG_MON_MAP, monmap_version ? monmap().encode_versioned(monmap_version)
                                                         : monmap().encode()));
      if (item.what == "osdmap" && item.start <= osdmap_epoch) {
        wire::MOSDMap o;
        o.fsid = fsid;
        o.fulls = {{osdmap_epoch, 200}};
        reply(make_msg(wire::MSG_OSD_MAP, o.encode()));
      }
    }
    if (subscribe_ack) {
      wire::MMonSubscribeAck ack{subscribe_ack, fsid};
      reply(make_msg(wire::MSG_MON_SUBSCRIBE_ACK, ack.encode()));
    }
  }
};

}  // namespace monsim::testing

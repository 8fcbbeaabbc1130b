// Fuzzes a client's message handling on the fake kernel: a linux-4.10 or linux-2.6.34
// MonClient with a session to scripted monitors is fed arbitrary messages (any type, any
// front, any tid) interleaved with time passing, socket faults, keepalive acks and requests
// in flight. Property: whatever arrives, the client survives it as the kernel does — no
// crash, no out-of-bounds read, no MONSIM_BUG_ON (which exits 3) — save the one input the
// kernels themselves do not survive (empty_monmap() below).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "client/linux_2_6_34/mon_client.h"
#include "client/linux_4_10/mon_client.h"
#include "client/linux_6_1/mon_client.h"
#include "tests/client/scripted_mons.h"

namespace {

using namespace monsim;
using testing::kMs;

class Input {
 public:
  Input(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
  bool empty() const { return i_ >= n_; }
  std::uint8_t byte() { return i_ < n_ ? d_[i_++] : 0; }
  wire::Bytes bytes(std::size_t want) {
    const std::size_t take = std::min(want, n_ - std::min(i_, n_));
    wire::Bytes out(d_ + i_, d_ + i_ + take);
    i_ += take;
    return out;
  }

 private:
  const std::uint8_t* d_;
  std::size_t n_, i_ = 0;
};

constexpr std::uint16_t kTypes[] = {wire::MSG_MON_MAP,       wire::MSG_STATFS_REPLY, wire::MSG_MON_SUBSCRIBE_ACK,
                                    wire::MSG_AUTH_REPLY,    wire::MSG_MON_GET_VERSION_REPLY, wire::MSG_MDS_MAP,
                                    wire::MSG_OSD_MAP,       wire::MSG_MON_COMMAND_ACK, wire::MSG_FS_MAP_USER};

kern::MsgRef message(Input& in) {
  const std::uint8_t pick = in.byte();
  const std::uint16_t type = pick < 240 ? kTypes[pick % std::size(kTypes)]
                                        : static_cast<std::uint16_t>(in.byte() | (in.byte() << 8));
  const std::uint64_t tid = in.byte() % 8;
  std::size_t len = in.byte();
  if (len == 255) len = 1024 + in.byte() * 64;  // now and then a long front
  return testing::make_msg(type, in.bytes(len), tid);
}

// Both kernels trust the monitors' monmap: one listing no monitor passes the decoder and then
// stops the kernel at the next pick (BUG_ON in 4.10's pick_new_mon(), a division by zero in
// 2.6.34's). The ports stop there too (MONSIM_BUG_ON, exit 3); the mock never sends one, and
// the harness does not either.
bool empty_monmap(const kern::MsgRef& m) {
  wire::MonMap map;
  return m->hdr.type == wire::MSG_MON_MAP && wire::MonMap::decode(m->front, &map, nullptr) == 0 && map.mons.empty();
}

// One client logic with its scripted monitors; the rest of the input drives it.
template <typename Client, typename Monc>
void drive(Input& in, bool cephx) {
  testing::FakeKernel k(250, 1 + in.byte());
  Client client{k};
  std::vector<kern::EntityAddr> addrs;
  for (int i = 0; i < 3; ++i) addrs.push_back(testing::mon_addr(i));
  auto monc = std::make_unique<Monc>(client, k, addrs);
  monc->open_session();
  testing::ScriptedMons mons(k, *k.connection(), {testing::ScriptedMons::Mode::up, testing::ScriptedMons::Mode::up,
                                                  testing::ScriptedMons::Mode::up});
  mons.cephx = cephx;
  if constexpr (std::is_same_v<Monc, linux_6_1::MonClient>) mons.monmap_version = 9;
  for (const auto& m : k.connection()->take_sent()) mons.on_send(m);
  k.run_until(100 * kMs);
  for (int steps = 0; !in.empty() && steps < 200; ++steps) {
    switch (in.byte() % 6) {
      case 0:
      case 1:
        if (const kern::MsgRef m = message(in); !empty_monmap(m)) k.connection()->deliver(m);
        break;
      case 2: k.run_until(k.now() + in.byte() * 100 * kMs); break;
      case 3: k.connection()->fault(in.byte() & 1); break;
      case 4: k.connection()->ack_keepalive(); break;
      case 5:
        if constexpr (!std::is_same_v<Monc, linux_2_6_34::MonClient>)
          monc->get_version_async(in.byte() & 1 ? "osdmap" : "mdsmap", [](typename Monc::GenericRequest&) {}, 0);
        break;
    }
  }
  k.run_until(k.now() + 30 * testing::NS_PER_S);
  monc->stop();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  const std::uint8_t which = in.byte();
  if (which & 1) drive<linux_2_6_34::CephClient, linux_2_6_34::MonClient>(in, false);
  else if (which & 4) drive<libceph::CephClient, linux_6_1::MonClient>(in, which & 2);
  else drive<linux_4_10::CephClient, linux_4_10::MonClient>(in, which & 2);
  return 0;
}

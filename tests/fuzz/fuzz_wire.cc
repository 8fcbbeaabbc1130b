// Fuzzes every decoder in client/wire. The first byte picks the message; the rest is its
// front. Properties: no decoder reads out of bounds or crashes (ASan/UBSan under scripts/fuzz),
// and what a decoder accepts encodes to bytes that decode again to the same encoding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <type_traits>

#include "client/wire/auth_msgs.h"
#include "client/wire/cephx.h"
#include "client/wire/monmap.h"
#include "client/wire/osdmap.h"
#include "client/wire/request_msgs.h"
#include "client/wire/sub_msgs.h"

namespace {

using monsim::wire::Bytes;
using Front = std::span<const std::uint8_t>;

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz_wire: %s: decode(encode(decode(x))) differs\n", what);
  std::abort();
}

// Every decoder says yes with true, but MonMap's (a port of ceph_monmap_decode()) with 0.
template <typename M>
bool decodes(Front front, M* m) {
  std::string err;
  if constexpr (std::is_same_v<M, monsim::wire::MonMap>) return M::decode(front, m, &err) == 0;
  else return M::decode(front, m, &err);
}

// decode -> encode -> decode -> encode: the two encodings agree.
template <typename M>
void round_trip(Front front, const char* what) {
  M m;
  if (!decodes(front, &m)) return;
  const Bytes once = m.encode();
  M again;
  if (!decodes(Front(once.data(), once.size()), &again) || again.encode() != once) broken(what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Front front(data + 1, size - 1);
  using namespace monsim::wire;
  switch (data[0] % 16) {
    case 0: round_trip<MAuth>(front, "MAuth"); break;
    case 1: round_trip<MAuthReply>(front, "MAuthReply"); break;
    case 2: round_trip<AuthHello>(front, "AuthHello"); break;
    case 3: round_trip<CephxChallenge>(front, "CephxChallenge"); break;
    case 4: round_trip<CephxRequest>(front, "CephxRequest"); break;
    case 5: round_trip<CephxTicketReply>(front, "CephxTicketReply"); break;
    case 6:
      if (size > 1 && data[1] & 1) {  // the versioned monmap (5.11+): what it accepts re-encodes
        MonMap m, again;
        if (MonMap::decode_versioned(front, data[1] & 2, &m, nullptr) == 0 &&
            (MonMap::decode_versioned(m.encode_versioned(9), data[1] & 2, &again, nullptr) != 0 ||
             again.mons.size() != m.mons.size()))
          broken("MonMap (versioned)");
      } else {
        round_trip<MonMap>(front, "MonMap");
      }
      break;
    case 7: round_trip<MOSDMap>(front, "MOSDMap"); break;
    case 8: round_trip<MStatfs>(front, "MStatfs"); break;
    case 9: round_trip<MStatfsReply>(front, "MStatfsReply"); break;
    case 10: round_trip<MMonGetVersion>(front, "MMonGetVersion"); break;
    case 11: round_trip<MMonGetVersionReply>(front, "MMonGetVersionReply"); break;
    case 12: round_trip<MMonCommand>(front, "MMonCommand"); break;
    case 13: round_trip<MMonCommandAck>(front, "MMonCommandAck"); break;
    case 14: round_trip<MMonSubscribe>(front, "MMonSubscribe"); break;
    case 15:
      if (size > 1 && data[1] & 1) round_trip<MMonSubscribeV1>(front, "MMonSubscribeV1");
      else round_trip<MMonSubscribeAck>(front, "MMonSubscribeAck");
      break;
  }
  return 0;
}

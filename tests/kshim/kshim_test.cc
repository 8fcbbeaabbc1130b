// The kernel shim's own pieces: its ordered tree (rbtree.c, checked in C: rbtree_check.c),
// the kernel's %p conversions libceph prints with (format.cc), and the allocation numbers %p
// shows instead of addresses (alloc_ids.h).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "client/kshim/alloc_ids.h"
#include "client/kshim/include/linux/kshim.h"

extern "C" int kshim_rbtree_check(unsigned long seed, int steps);
extern "C" int kshim_snprintf(char* buf, std::size_t size, const char* fmt, ...);

namespace {

std::string fmt(const char* f, const void* p) {
  char buf[256];
  kshim_snprintf(buf, sizeof buf, f, p);
  return buf;
}

TEST(KshimRbtree, OrderAndMembershipKeptThroughInsertsAndErases) {
  for (unsigned long seed = 1; seed <= 20; ++seed) EXPECT_EQ(kshim_rbtree_check(seed, 2000), 0) << "seed " << seed;
}

TEST(KshimFormat, UuidIsItsBytesInOrder) {
  const unsigned char fsid[16] = {0x5c, 0x1d, 0xde, 0x4e, 0xf4, 0x82, 0x19, 0xc4,
                                  0x38, 0x93, 0x34, 0x7b, 0x3e, 0xca, 0x32, 0x4e};
  EXPECT_EQ(fmt("fsid %pU", fsid), "fsid 5c1dde4e-f482-19c4-3893-347b3eca324e");
}

TEST(KshimFormat, SockaddrWithPortAndIpv4) {
  unsigned char sa[16] = {};
  sa[0] = 2;                  // AF_INET, host order (x86)
  sa[2] = 0x1a, sa[3] = 0x85;  // port 6789, network order
  sa[4] = 192, sa[5] = 0, sa[6] = 2, sa[7] = 3;
  char buf[64];
  kshim_snprintf(buf, sizeof buf, "%pISpc/%u", sa, 42u);  // ceph_monc_blocklist_add()'s address
  EXPECT_STREQ(buf, "192.0.2.3:6789/42");
  EXPECT_EQ(fmt("(1)%pI4", sa + 4), "(1)192.0.2.3");
}

TEST(KshimFormat, NumbersStringsAndWidthsAsPrintf) {
  char buf[128];
  kshim_snprintf(buf, sizeof buf, "[%-4d|%12.12s|%.*s|%llu|%lx|%hu|%%|%c]", 7, "mon_client.c:1234", 3, "abcdef",
                 18446744073709551615ULL, 255UL, static_cast<unsigned short>(6789), 'x');
  EXPECT_STREQ(buf, "[7   |mon_client.c|abc|18446744073709551615|ff|6789|%|x]");
  EXPECT_EQ(kshim_snprintf(buf, 4, "%s", "longer"), 6);  // the length it would have had
  EXPECT_STREQ(buf, "lon");
}

TEST(KshimFormat, PointerIsTheAllocationsNumberNotItsAddress) {
  void* a = kshim_alloc(64, true);
  void* b = kshim_alloc(64, true);
  const std::string pa = fmt("%p", a), pa8 = fmt("%p", static_cast<char*>(a) + 8), pb = fmt("%p", b);
  EXPECT_EQ(pa.size(), 16u);
  EXPECT_NE(pa, pb);
  EXPECT_EQ(std::stoull(pa8, nullptr, 16) - std::stoull(pa, nullptr, 16), 8u);  // the offset shows
  int on_stack = 0;
  EXPECT_EQ(fmt("%p", &on_stack), std::string(16, '0'));  // not memory C allocated
  kshim_free(a);
  kshim_free(b);
}

}  // namespace

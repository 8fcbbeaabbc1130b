// The client logics a scenario can name, and which port a seed logic is held to.
//   linux-2.6.34, linux-4.10, linux-6.1  monsim's ports (client/linux_*)
//   linux-source                         a kernel tree's own mon_client.c (client/linux_source)
//   linux-4.10-seed, linux-2.6.34-seed   the seeds' mon_client.c, compiled (the same)
//   userspace-16.2                       Ceph 16.2's userspace MonClient (librados; client/userspace_16_2)
#pragma once

#include <string_view>

namespace monsim::sim {

// The port whose behaviour a logic has: a seed's is its port's (the same kernel), so it speaks
// with the same features and takes the same scenario rules; any other logic is its own.
inline std::string_view port_of(std::string_view logic) {
  if (logic == "linux-4.10-seed") return "linux-4.10";
  if (logic == "linux-2.6.34-seed") return "linux-2.6.34";
  return logic;
}

inline constexpr const char* kUserspaceLogic = "userspace-16.2";

// Whether a logic is a userspace client (no kernel: its own seam, client/userspace).
inline bool is_userspace_logic(std::string_view logic) { return logic == kUserspaceLogic; }

// Whether a logic runs C the kernel wrote, whose constants are compiled in.
inline bool runs_kernel_c(std::string_view logic) {
  return logic == "linux-source" || logic == "linux-4.10-seed" || logic == "linux-2.6.34-seed";
}

}  // namespace monsim::sim

#include "sim/scenario/loader.h"

#include <algorithm>
#include <regex>

#include "sim/scenario/scenario_load.h"

namespace monsim::sim {

std::string closest(const std::string& word, const std::vector<std::string>& options) {
  std::string best;
  std::size_t best_d = 3;
  for (const auto& o : options) {
    const std::size_t d = edit_distance(word, o);
    if (d < best_d || (d == best_d && !best.empty() && o < best)) {
      best = o;
      best_d = d;
    }
  }
  return best;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

const std::vector<std::string> kReplyKinds = {"*", "auth_reply", "subscribe_ack", "mon_map", "osd_map",
                                              "statfs_reply", "get_version_reply", "command_ack",
                                              "keepalive2_ack"};

bool check_mon_target(Loader& L, const YAML::Node& n, const std::string& path, const Names& names,
                      std::string* out) {
  std::string s;
  if (!L.scalar(n, path, &s)) return false;
  static const std::regex connected(R"(connected(\((client\.\d+)\))?)");
  std::smatch m;
  if (std::regex_match(s, m, connected)) {
    if (m[2].matched && !names.is_client(m[2].str())) {
      L.error(n, path, "no client named '" + m[2].str() + "' (clients: client.0 … client." +
                           std::to_string(names.clients - 1) + ")");
      return false;
    }
    *out = s;
    return true;
  }
  if (s == "mon.*" || s == "leader" || names.is_mon(s)) {
    *out = s;
    return true;
  }
  L.error(n, path, "no monitor named '" + s + "' (monitors: " + join(names.mons) + "; or mon.*, connected, leader)");
  return false;
}

bool check_pattern(Loader& L, const YAML::Node& n, const std::string& path, const Names& names,
                   const std::string& s) {
  if (names.matches_any(s)) return true;
  std::vector<std::string> all = names.mons;
  all.push_back("mon.*");
  all.push_back("client.*");
  const std::string hint = closest(s, all);
  L.error(n, path, "no node named '" + s + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  return false;
}

}  // namespace monsim::sim

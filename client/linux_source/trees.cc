#include "client/linux_source/source_client.h"

namespace monsim::linux_source {

const lsrc_tree* tree_for(std::string_view logic) {
  if (logic == "linux-source") return &lsrc_tree_source;
#ifdef MONSIM_HAVE_SEED_4_10
  if (logic == "linux-4.10-seed") return &lsrc_tree_seed_4_10;
#endif
#ifdef MONSIM_HAVE_SEED_2_6_34
  if (logic == "linux-2.6.34-seed") return &lsrc_tree_seed_2_6_34;
#endif
  return nullptr;
}

std::vector<std::string> built_logics() {
  std::vector<std::string> out{"linux-source"};
#ifdef MONSIM_HAVE_SEED_4_10
  out.push_back("linux-4.10-seed");
#endif
#ifdef MONSIM_HAVE_SEED_2_6_34
  out.push_back("linux-2.6.34-seed");
#endif
  return out;
}

}  // namespace monsim::linux_source

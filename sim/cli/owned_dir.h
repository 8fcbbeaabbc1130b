// A directory a command writes several results into (a sweep's, an exploration's): new,
// empty, or one that command wrote before (it carries the command's marker file). monsim
// never deletes or overwrites what it did not write: a directory holding anything else is
// refused.
#pragma once

#include <string>
#include <vector>

namespace monsim::sim {

// May the command whose marker is `marker` write into `dir`? `own` names the entries it
// writes (the marker among them; a trailing '*' matches a prefix, a leading '*' a suffix).
// `what`: "a sweep's", for the message. `why` says what is in the way if not.
bool may_write_owned_dir(const std::string& dir, const char* marker, const std::vector<std::string>& own,
                         const char* what, std::string* why);
// Does `name` match one of `own`'s entries?
bool owned_entry(const std::string& name, const std::vector<std::string>& own);

}  // namespace monsim::sim

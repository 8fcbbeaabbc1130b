#include "client/kshim/context.h"

#include "client/kern/bug.h"

namespace monsim::kshim {

namespace {
Node* g_current = nullptr;
}  // namespace

Node::Node(kern::Kernel& kernel, LogSink log) : kernel_(kernel), log_(std::move(log)) {}
Node::~Node() = default;

void Node::entered() {
  for (auto& fn : on_enter_) fn();
}

void Node::forget_within(const void* p, std::size_t size) {
  const auto lo = reinterpret_cast<std::uintptr_t>(p);
  auto it = objects_.lower_bound(lo);
  while (it != objects_.end() && it->first < lo + size) it = objects_.erase(it);
}

Node& current() {
  MONSIM_BUG_ON(g_current == nullptr);  // C code ran outside kshim::Enter
  return *g_current;
}

bool has_current() { return g_current != nullptr; }

Enter::Enter(Node& node) : previous_(g_current) {
  g_current = &node;
  node.entered();
}

Enter::~Enter() { g_current = previous_; }

Keep::Keep() : node_(g_current) {}
Keep::~Keep() { g_current = node_; }

}  // namespace monsim::kshim

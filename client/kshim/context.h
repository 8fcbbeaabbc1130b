// Which simulated kernel runs C code now.
//
// The tree's C (mon_client.c) calls the kernel API as free functions: jiffies, printk(),
// get_random_u32(). In one monsim process many client kernels run C, one at a time (SimGrid
// runs one context at a time: an actor or a closure of maestro), so the shim keeps a current
// kernel: every way into C code — a caller's call, a delayed work item, a connection callback
// — enters as its node (Enter), and every hook, since other contexts may run while it does,
// takes the node back before it returns (Keep).
//
// A Node also owns the monsim objects C code made through the shim (mutexes, work items,
// completions, wait queues), keyed by the C object that holds them, and destroys them when
// C frees that object's memory (kfree).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string_view>

#include "client/kern/kernel.h"

namespace monsim::kshim {

// One printk() record: its level digit ('0'..'7', 'c' for a continuation), the function
// that printed it, its text without the level prefix.
using LogSink = std::function<void(char level, std::string_view func, std::string_view text)>;

class Node {
 public:
  Node(kern::Kernel& kernel, LogSink log);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  kern::Kernel& kernel() { return kernel_; }
  // What runs on this node (the client logic whose C this is), for the hooks it implements.
  void* owner = nullptr;
  void log(char level, std::string_view func, std::string_view text) { log_(level, func, text); }

  // Called each time C code is entered as this node, before it runs: what the C side must
  // see of monsim's state then (a connection's peer features from its last handshake).
  void on_enter(std::function<void()> fn) { on_enter_.push_back(std::move(fn)); }
  void entered();

  // The monsim objects behind C objects: `holder` is the C object's address.
  template <typename T>
  T* keep(const void* holder, std::unique_ptr<T> object) {
    T* raw = object.get();
    objects_[reinterpret_cast<std::uintptr_t>(holder)] = std::shared_ptr<void>(std::move(object));
    return raw;
  }
  // Forgets (destroys) the objects held inside [p, p + size): C freed that memory.
  void forget_within(const void* p, std::size_t size);

 private:
  kern::Kernel& kernel_;
  LogSink log_;
  std::vector<std::function<void()>> on_enter_;
  std::map<std::uintptr_t, std::shared_ptr<void>> objects_;
};

// The node running C now. BUG if none (a hook called from outside any Enter).
Node& current();
bool has_current();

// Enters C code as `node` for this scope; the previous current node comes back at its end.
class Enter {
 public:
  explicit Enter(Node& node);
  ~Enter();
  Enter(const Enter&) = delete;
  Enter& operator=(const Enter&) = delete;

 private:
  Node* previous_;
};

// Around every hook: whatever the hook does may let other contexts run — a sleep, but also any
// SimGrid call an actor makes (creating a condition variable is a simcall, after which
// maestro runs whatever else is due) — and they enter C as their own nodes; the node that
// called the hook is current again when it returns.
class Keep {
 public:
  Keep();
  ~Keep();
  Keep(const Keep&) = delete;
  Keep& operator=(const Keep&) = delete;

 private:
  Node* node_;
};

}  // namespace monsim::kshim

// A closure an event loop runs: a move-only `void()` callable that keeps its captures in
// place when they fit (kInlineBytes), as std::function does only up to 16 bytes.
//
// Why: nearly every closure of a run captures more than 16 bytes (a segment on its way, a
// socket id with its hosts), so std::function put each on the heap: a malloc and a free per
// closure, a fifth of a 10 000-client storm (issue 15). Larger callables still go to the heap.
//
// Contract: call it at most as often as the callable allows (the loops call each once); an
// empty closure must not be called.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace monsim::sim {

class Closure {
 public:
  // The network's landing closure (its `this` and a segment) is the largest the hot paths
  // post: net.cc checks that it fits.
  static constexpr std::size_t kInlineBytes = 80;

  template <class F>
  static constexpr bool fits_inline =
      sizeof(F) <= kInlineBytes && alignof(F) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<F>;

  Closure() = default;

  template <class F, class D = std::decay_t<F>>
    requires(!std::is_same_v<D, Closure> && std::is_invocable_r_v<void, D&>)
  Closure(F&& f) {  // NOLINT(google-explicit-constructor): a lambda is a closure
    if constexpr (fits_inline<D>) {
      ::new (static_cast<void*>(buf_)) D(std::forward<F>(f));
      ops_ = &kInlineOps<D>;
    } else {
      ::new (static_cast<void*>(buf_)) D*(new D(std::forward<F>(f)));
      ops_ = &kHeapOps<D>;
    }
  }

  Closure(Closure&& other) noexcept { take(other); }
  Closure& operator=(Closure&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Closure(const Closure&) = delete;
  Closure& operator=(const Closure&) = delete;
  ~Closure() { reset(); }

  void operator()() { ops_->call(buf_); }
  explicit operator bool() const { return ops_ != nullptr; }

 private:
  struct Ops {
    void (*call)(void* self);
    void (*move)(void* from, void* to);  // constructs at `to`, destroys `from`
    void (*destroy)(void* self);
  };

  template <class D>
  static constexpr Ops kInlineOps = {
      [](void* self) { (*static_cast<D*>(self))(); },
      [](void* from, void* to) {
        ::new (to) D(std::move(*static_cast<D*>(from)));
        static_cast<D*>(from)->~D();
      },
      [](void* self) { static_cast<D*>(self)->~D(); },
  };
  template <class D>
  static constexpr Ops kHeapOps = {
      [](void* self) { (**static_cast<D**>(self))(); },
      [](void* from, void* to) { ::new (to) D*(*static_cast<D**>(from)); },
      [](void* self) { delete *static_cast<D**>(self); },
  };

  void take(Closure& other) {
    if (!other.ops_) return;
    other.ops_->move(other.buf_, buf_);
    ops_ = other.ops_;
    other.ops_ = nullptr;
  }
  void reset() {
    if (ops_) ops_->destroy(buf_);
    ops_ = nullptr;
  }

  alignas(std::max_align_t) unsigned char buf_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace monsim::sim

#include "sim/engine/event_loop.h"

#include <algorithm>
#include <deque>
#include <limits>

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/simix.hpp>

#include "sim/engine/quad_heap.h"

namespace monsim::sim {

// The closures of every loop by (instant, id): a heap (quad_heap.h), run from one SimGrid kernel
// timer armed at its earliest instant. A cancelled closure stays in the heap, marked, until
// it reaches the top (or the heap is rebuilt without the pile of them).
class Agenda {
 public:
  using Id = EventLoop::Id;

  // Never destroyed: what is still scheduled when the process ends is simply left.
  static Agenda& get() {
    static Agenda* a = new Agenda;
    return *a;
  }

  Id add(EventLoop* loop, nanos when, EventLoop::Fn fn) {
    const Id id = next_id_++;
    heap_.push(Entry{when, id, park(loop, std::move(fn))});
    pending_.push_back(1);
    arm();
    return id;
  }

  bool pending(Id id) const { return id >= first_id_ && id < next_id_ && pending_[id - first_id_]; }

  // A closure held by its paused loop is not in the heap.
  bool cancel_held(Id id) {
    if (!pending(id)) return false;
    forget(id);
    return true;
  }

  bool cancel(Id id) {
    if (!pending(id)) return false;
    forget(id);
    ++cancelled_;
    drop_cancelled_top();
    // Timers re-armed often (a delayed work modified before it runs, a retransmission
    // rescheduled) would pile up in the heap until their instant: past half of it, rebuild
    // it without them. The order is the
    // (instant, id) keys', so it is the same.
    if (cancelled_ > heap_.size() / 2 + 64) {
      heap_.erase_if([this](const Entry& e) {
        if (pending(e.id)) return false;
        unpark(e.slot);
        return true;
      });
      cancelled_ = 0;
    }
    return true;
  }

  // Back into the heap with their own keys: in the past, so they come first.
  void release(EventLoop* loop, std::vector<EventLoop::Held>& held) {
    for (auto& h : held) heap_.push(Entry{h.when, h.id, park(loop, std::move(h.fn))});
    held.clear();
    arm();
  }

  // A loop going away: its closures never run.
  void drop(EventLoop* loop) {
    for (const auto& h : loop->held_)
      if (pending(h.id)) forget(h.id);
    heap_.erase_if([this, loop](const Entry& e) {
      if (slots_[e.slot].loop != loop) return false;
      if (pending(e.id)) forget(e.id);
      unpark(e.slot);
      return true;
    });
    cancelled_ = 0;
  }

  std::uint64_t closures_run() const { return closures_run_; }

  void paused(bool now_paused) {
    if (now_paused) ++paused_loops_;
    else --paused_loops_;
  }

  void set_horizon(nanos end) {
    horizon_ = end;
    arm();
  }

 private:
  // The heap moves only keys; the closures stay in their slots.
  struct Entry {
    nanos when;
    Id id;
    std::uint32_t slot;
  };
  struct Slot {
    EventLoop* loop = nullptr;
    EventLoop::Fn fn;
  };

  std::uint32_t park(EventLoop* loop, EventLoop::Fn fn) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    slots_[slot] = Slot{loop, std::move(fn)};
    return slot;
  }
  void unpark(std::uint32_t slot) {
    slots_[slot] = Slot{};
    free_.push_back(slot);
  }
  struct Earlier {
    bool operator()(const Entry& a, const Entry& b) const { return a.when != b.when ? a.when < b.when : a.id < b.id; }
  };

  void forget(Id id) {
    pending_[id - first_id_] = 0;
    while (!pending_.empty() && !pending_.front()) {
      pending_.pop_front();
      ++first_id_;
    }
  }

  void drop_cancelled_top() {
    while (!heap_.empty() && !pending(heap_.top().id)) {
      unpark(heap_.pop().slot);
      if (cancelled_) --cancelled_;
    }
  }

  // Makes sure a SimGrid timer fires at the earliest instant (not before now). While the
  // agenda runs, it looks at its top after each closure itself.
  void arm() {
    if (running_) return;
    drop_cancelled_top();
    if (heap_.empty() || heap_.top().when >= horizon_) return;
    const nanos due = std::max(heap_.top().when, now_ns());
    if (timer_ && timer_at_ <= due) return;  // fires in time (early at worst: it re-arms)
    // From an actor, the kernel's timers are changed by a simcall (run in maestro); from
    // maestro, at once.
    simgrid::kernel::actor::simcall_answered([this, due] {
      if (timer_) timer_->remove();
      timer_at_ = due;
      timer_ = simgrid::kernel::timer::Timer::set(to_seconds(due), [this] { run(); });
    });
  }

  // In maestro, from the timer: every closure due, one after the other.
  void run() {
    timer_ = nullptr;
    timer_at_ = -1;
    running_ = true;
    const nanos now = now_ns();
    for (;;) {
      drop_cancelled_top();
      if (heap_.empty() || heap_.top().when > now || heap_.top().when >= horizon_) break;
      const Entry e = heap_.pop();
      // The next closure's slot is likely out of the cache (posted long ago, or by another
      // client): fetch it while this one runs.
      if (!heap_.empty()) {
        const char* next = reinterpret_cast<const char*>(&slots_[heap_.top().slot]);
        __builtin_prefetch(next);
        __builtin_prefetch(next + sizeof(Slot) - 1);
      }
      EventLoop* loop = slots_[e.slot].loop;
      EventLoop::Fn fn = std::move(slots_[e.slot].fn);
      unpark(e.slot);
      // A loop is rarely paused (a frozen process): its flag is read only when one is.
      if (paused_loops_ && loop->paused_) {  // still pending: held for resume()
        loop->held_.push_back(EventLoop::Held{e.when, e.id, std::move(fn)});
        continue;
      }
      forget(e.id);
      ++closures_run_;
      fn();
    }
    running_ = false;
    arm();
  }

  QuadHeap<Entry, Earlier> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  // pending_[id - first_id_]: not yet run nor cancelled. Ids only grow: the front is trimmed
  // as the oldest ones resolve.
  std::deque<char> pending_;
  Id first_id_ = 1;
  Id next_id_ = 1;
  std::size_t cancelled_ = 0;  // cancelled closures still in the heap
  std::uint64_t closures_run_ = 0;
  std::size_t paused_loops_ = 0;
  bool running_ = false;
  nanos horizon_ = std::numeric_limits<nanos>::max();
  simgrid::kernel::timer::Timer* timer_ = nullptr;
  nanos timer_at_ = -1;
};

EventLoop::EventLoop(std::string name) : name_(std::move(name)) {}

EventLoop::~EventLoop() {
  if (paused_) Agenda::get().paused(false);
  Agenda::get().drop(this);
}

void EventLoop::pause() {
  if (paused_) return;
  paused_ = true;
  Agenda::get().paused(true);
}

EventLoop::Id EventLoop::at(nanos when, Fn fn) { return Agenda::get().add(this, when, std::move(fn)); }

bool EventLoop::cancel(Id id) {
  auto it = std::find_if(held_.begin(), held_.end(), [id](const Held& h) { return h.id == id; });
  if (it != held_.end()) {
    const bool was = Agenda::get().cancel_held(id);
    held_.erase(it);
    return was;
  }
  return Agenda::get().cancel(id);
}

bool EventLoop::scheduled(Id id) const { return Agenda::get().pending(id); }

void EventLoop::resume() {
  if (paused_) Agenda::get().paused(false);
  paused_ = false;
  Agenda::get().release(this, held_);
}

std::uint64_t EventLoop::closures_run() { return Agenda::get().closures_run(); }

void EventLoop::run_before(nanos end) { Agenda::get().set_horizon(end); }

}  // namespace monsim::sim

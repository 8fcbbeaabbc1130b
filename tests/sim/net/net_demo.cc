#include "tests/sim/net/net_demo.h"

#include <memory>
#include <vector>

#include <simgrid/s4u/Actor.hpp>

#include "client/kern/errno.h"
#include "sim/engine/engine.h"
#include "sim/kernel/sim_kernel.h"
#include "sim/net/messenger.h"

namespace monsim::sim {

namespace sg4 = simgrid::s4u;

namespace {

constexpr std::uint16_t kRequest = 100;  // demo-only message types
constexpr std::uint16_t kReply = 101;

// A monitor stand-in: accepts connections and answers every request.
struct EchoMon : ServerMessenger::Handler {
  std::string name;
  NodeId node;
  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<NodeTrace> trace;
  std::unique_ptr<ServerMessenger> msgr;

  void on_message(ServerMessenger::ConnId c, kern::MsgRef m) override {
    auto r = kern::Message::make(kReply, 64);
    r->hdr.tid = m->hdr.tid;
    r->front.assign(64, 0);
    msgr->send(c, r);
  }
  void start() {
    msgr->forget_all();
    msgr->listen();
  }
};

// A client stand-in (not the MonClient): one connection to one monitor; a 1 s tick sends a
// keepalive and a request and moves to another monitor after a fault or 10 s of silence.
struct Pinger : kern::ConnectionOwner {
  SimKernel& k;
  std::vector<kern::EntityAddr> mons;
  std::unique_ptr<kern::Connection> con;
  std::unique_ptr<kern::Mutex> mutex;
  std::unique_ptr<kern::DelayedWork> tick;
  int cur = -1;
  bool faulted = false;
  std::uint64_t tid = 0;
  NetDemoResult& result;

  Pinger(SimKernel& kernel, std::vector<kern::EntityAddr> addrs, NetDemoResult& r)
      : k(kernel), mons(std::move(addrs)), result(r) {
    con = k.make_connection(*this);
    mutex = k.make_mutex();
    tick = k.make_delayed_work([this] { on_tick(); });
  }
  void hop() {
    if (cur >= 0) con->close();
    cur = static_cast<int>(k.random().prandom_u32() % mons.size());
    faulted = false;
    con->open({kern::ENTITY_TYPE_MON, static_cast<std::uint64_t>(cur)}, mons[cur]);
    con->keepalive();
    k.trace().emit("demo_pick", {{"mon", cur}});
    ++result.hops;
  }
  void start() {
    kern::MutexLock l(*mutex);
    hop();
    tick->mod(k.clock().hz());
  }
  void on_tick() {
    kern::MutexLock l(*mutex);
    if (faulted || con->keepalive_expired(10 * k.clock().hz())) {
      hop();
    } else {
      con->keepalive();
      auto m = kern::Message::make(kRequest, 32);
      m->hdr.tid = ++tid;
      m->front.assign(1 + k.random().prandom_u32() % 32, 0);
      con->send(m);
      ++result.requests;
    }
    tick->mod(k.clock().hz());
  }
  void dispatch(kern::MsgRef m) override {
    kern::MutexLock l(*mutex);
    if (m->hdr.type == kReply) ++result.replies;
  }
  void fault() override {
    kern::MutexLock l(*mutex);
    faulted = true;
    ++result.faults;
  }
  kern::MsgRef alloc_msg(const kern::MsgHeader& h, bool* skip) override {
    return kern::Message::make(h.type, h.front_len);
  }
};

// Three echoing monitors, mon.a … mon.c on 192.0.2.1 …, and their addresses.
std::vector<std::unique_ptr<EchoMon>> add_mons(Net& net, std::vector<kern::EntityAddr>* addrs) {
  std::vector<std::unique_ptr<EchoMon>> mons;
  for (int i = 0; i < 3; ++i) {
    auto m = std::make_unique<EchoMon>();
    m->name = std::string("mon.") + static_cast<char>('a' + i);
    const std::uint32_t ip = 0xC0000201 + static_cast<std::uint32_t>(i);  // 192.0.2.1 ...
    m->node = net.add_node(m->name, ip);
    addrs->push_back({0, 0, ip, MON_PORT});
    mons.push_back(std::move(m));
  }
  return mons;
}

// A monitor's process loop, trace and messenger, once the platform is built.
void start_mon(Net& net, TraceWriter& trace, EchoMon& m) {
  m.loop = std::make_unique<EventLoop>(m.name + ".proc");
  net.set_process_loop(m.node, m.loop.get());
  m.trace = std::make_unique<NodeTrace>(trace, m.name);
  m.msgr = std::make_unique<ServerMessenger>(net, m.node, *m.trace, kern::FEATURE_MSGR_KEEPALIVE2);
  m.msgr->set_handler(&m);
  m.start();
}

}  // namespace

NetDemoResult run_net_demo(std::uint64_t seed, TraceWriter& trace, nanos duration) {
  NetDemoResult result;
  Engine engine;
  NetConfig cfg;
  cfg.latency = 500 * NS_PER_US;
  cfg.jitter = 200 * NS_PER_US;
  Net net(cfg, trace, seed);

  std::vector<kern::EntityAddr> addrs;
  std::vector<std::unique_ptr<EchoMon>> mons = add_mons(net, &addrs);
  std::vector<NodeId> clients;
  for (int i = 0; i < 3; ++i)
    clients.push_back(net.add_node("client." + std::to_string(i), 0xC6120001 + static_cast<std::uint32_t>(i)));
  net.build();

  for (auto& m : mons) start_mon(net, trace, *m);
  std::vector<std::unique_ptr<SimKernel>> kernels;
  std::vector<std::unique_ptr<Pinger>> pingers;
  for (NodeId c : clients) {
    kernels.push_back(std::make_unique<SimKernel>(net, c, trace, seed, KernelConfig{}));
    pingers.push_back(std::make_unique<Pinger>(*kernels.back(), addrs, result));
  }

  NodeTrace chaos(trace, "chaos");
  sg4::Actor::create("chaos", net.host(clients[0]), [&] {
    for (auto& p : pingers) p->start();
    auto fault = [&](nanos at, const char* what, const std::string& target, auto fn) {
      sleep_until_ns(at);
      chaos.emit("fault", {{"kind", what}, {"target", target}});
      fn();
    };
    fault(10 * NS_PER_S, "kill", "mon.a", [&] { net.kill_process(mons[0]->node); });
    fault(20 * NS_PER_S, "revive", "mon.a", [&] { mons[0]->start(); });
    fault(30 * NS_PER_S, "pause", "mon.b", [&] { mons[1]->loop->pause(); });
    fault(40 * NS_PER_S, "partition", "client.1", [&] {
      for (auto& m : mons) {
        net.block(clients[1], m->node);
        net.block(m->node, clients[1]);
      }
    });
    fault(60 * NS_PER_S, "heal", "client.1", [&] {
      for (auto& m : mons) {
        net.unblock(clients[1], m->node);
        net.unblock(m->node, clients[1]);
      }
    });
    fault(70 * NS_PER_S, "resume", "mon.b", [&] { mons[1]->loop->resume(); });
    fault(80 * NS_PER_S, "poweroff", "mon.c", [&] { net.power_off(mons[2]->node); });
    fault(100 * NS_PER_S, "poweron", "mon.c", [&] {
      net.power_on(mons[2]->node);
      mons[2]->start();
    });
  })->daemonize();

  result.end = engine.run_until(duration);
  trace.write({result.end, "sim", "run_end", std::nullopt,
               {{"requests", result.requests}, {"replies", result.replies}, {"faults", result.faults}, {"hops", result.hops}},
               kern::LogLevel::none, {}});
  result.trace_hash = trace.hash_hex();
  result.lines = trace.lines();
  return result;
}

}  // namespace monsim::sim

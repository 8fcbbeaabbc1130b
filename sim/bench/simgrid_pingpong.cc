// The yardstick of scripts/bench: a bare SimGrid S4U ping-pong, N messages between two hosts
// on the platform monsim builds (a star of 1 Gbps links, the same network model), nothing
// else. What monsim costs per frame is compared with what SimGrid alone costs per message.
//
//   simgrid_pingpong N [BYTES]     prints "messages=N simulated=S"
#include <cstdio>
#include <cstdlib>
#include <string>

#include <simgrid/s4u.hpp>

#include "sim/engine/engine.h"

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: simgrid_pingpong N [BYTES]\n");
    return 2;
  }
  const long n = std::strtol(argv[1], nullptr, 10);
  const double bytes = argc > 2 ? std::strtod(argv[2], nullptr) : 200;
  monsim::sim::Engine engine;  // the same configuration as a run of monsim
  auto* zone = sg4::create_star_zone("net");
  sg4::Host* hosts[2];
  for (int i = 0; i < 2; ++i) {
    const std::string name = "node" + std::to_string(i);
    hosts[i] = zone->create_host(name, 1e9);
    auto* nic = zone->create_split_duplex_link(name + ".nic", 1e9 / 8)->set_latency(0)->seal();
    zone->add_route(hosts[i]->get_netpoint(), nullptr, nullptr, nullptr, {{nic, sg4::LinkInRoute::Direction::UP}},
                    true);
  }
  zone->seal();
  sg4::Mailbox* to_pong = sg4::Mailbox::by_name("pong");
  sg4::Mailbox* to_ping = sg4::Mailbox::by_name("ping");
  static int token = 0;
  sg4::Actor::create("ping", hosts[0], [=] {
    for (long i = 0; i < n; i += 2) {
      to_pong->put(&token, bytes);
      to_ping->get<int>();
    }
  });
  sg4::Actor::create("pong", hosts[1], [=] {
    for (long i = 0; i < n; i += 2) {
      to_pong->get<int>();
      to_ping->put(&token, bytes);
    }
  });
  sg4::Engine::get_instance()->run();
  std::printf("messages=%ld simulated=%.6f\n", n, sg4::Engine::get_clock());
  return 0;
}

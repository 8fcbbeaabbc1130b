// port of MonConnection (src/mon/MonClient.{h,cc}, 16.2): one connection a hunting MonClient
// has made, and the authentication on it — msgr1 only (the client's ms_bind_msgr2 is off in
// monsim, as in its lab): start() sends a keepalive, then the MAuth hello.
//
// port: the authentication handler is monsim's cephx model (client/auth, which the mock
// monitors speak), not Ceph's CephxClientHandler: the exchange on the wire is the same —
// a hello naming the protocols, the server's challenge, the authenticate request, the
// ticket reply — and so are its round trips, which is all the hunt's timing depends on.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "client/auth/auth_client.h"
#include "client/userspace/env.h"

namespace monsim::userspace_16_2 {

// What the cephx model needs of a kernel, given from the userspace environment.
class AuthEnv : public kern::Clock, public kern::Random {
 public:
  explicit AuthEnv(userspace::Env& env) : env_(env) {}
  // port: the auth model reads only the wall clock (ticket lifetimes); jiffies are none of a
  // userspace process's business.
  kern::jiffies_t jiffies() const override { return 0; }
  unsigned hz() const override { return 250; }
  kern::Timespec realtime() const override {
    const userspace::Utime t = env_.clock().now();
    return {t.sec, t.nsec};
  }
  std::uint32_t prandom_u32() override { return env_.seed_draw(); }
  void get_random_bytes(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = static_cast<std::uint8_t>(env_.seed_draw());
  }

 private:
  userspace::Env& env_;
};

class MonConnection {
 public:
  enum class State { NONE, NEGOTIATING, AUTHENTICATING, HAVE_SESSION };

  MonConnection(userspace::Env& env, AuthEnv& auth_env, userspace::ConnectionRef con,
                std::uint64_t global_id, int rank, std::string entity_name, std::uint32_t want_keys);
  ~MonConnection();  // marks the connection down
  MonConnection(const MonConnection&) = delete;
  MonConnection& operator=(const MonConnection&) = delete;

  // port of MonConnection::start(), msgr1
  void start(std::uint32_t epoch);
  // port of MonConnection::handle_auth() (_negotiate() and authenticate() with it): 0 once
  // the session is had, -EAGAIN while more is to come (the next request is sent), else the
  // error.
  int handle_auth(const kern::Message& m);

  bool have_session() const { return state_ == State::HAVE_SESSION; }
  // auth->need_tickets() and the request _check_auth_tickets() sends for them: a cephx ticket
  // is missing or past its renewal time (75 % of its life).
  bool need_tickets();
  void request_tickets();
  // port of MonConnection::authenticate() on the open session (a renewal's reply): 0 done,
  // -EAGAIN while more is to come, else the error.
  int handle_renewal(const kern::Message& m);
  const userspace::ConnectionRef& get_con() const { return con_; }
  std::uint64_t get_global_id() const { return global_id_; }
  int rank() const { return rank_; }

 private:
  void send_auth(const wire::Bytes& front);

  userspace::Env& env_;
  userspace::ConnectionRef con_;
  std::uint64_t global_id_;
  int rank_;
  State state_ = State::NONE;
  userspace::Utime auth_start_;
  std::unique_ptr<auth::AuthClient> auth_;
};

}  // namespace monsim::userspace_16_2

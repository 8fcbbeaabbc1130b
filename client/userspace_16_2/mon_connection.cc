#include "client/userspace_16_2/mon_connection.h"

#include "client/kern/errno.h"
#include "client/wire/types.h"

namespace monsim::userspace_16_2 {

namespace {
constexpr std::size_t kAuthFrontCap = 4096;  // MAuth fronts the cephx model builds fit easily
}

MonConnection::MonConnection(userspace::Env& env, AuthEnv& auth_env, userspace::ConnectionRef con,
                             std::uint64_t global_id, int rank, std::string entity_name,
                             std::uint32_t want_keys)
    : env_(env), con_(std::move(con)), global_id_(global_id), rank_(rank),
      auth_(std::make_unique<auth::AuthClient>(std::move(entity_name), want_keys, auth_env, auth_env,
                                                env.trace())) {}

MonConnection::~MonConnection() {
  if (con_) con_->mark_down();
}

void MonConnection::send_auth(const wire::Bytes& front) {
  auto m = kern::Message::make(wire::MSG_AUTH, static_cast<std::uint32_t>(front.size()));
  m->front = front;
  con_->send_message(std::move(m));
}

// port of MonConnection::start() for a v1 address: restart the handshake; a keepalive first
// so that the connection's last_keepalive_ack is valid by the time the session is open.
void MonConnection::start(std::uint32_t epoch) {
  (void)epoch;  // port: the cephx model's hello carries no monmap epoch
  auth_start_ = env_.clock().now();
  state_ = State::NEGOTIATING;
  con_->send_keepalive();
  wire::Bytes front;
  auth_->build_hello(front, kAuthFrontCap);
  send_auth(front);
}

// port of MonConnection::handle_auth() with _negotiate() and authenticate()
int MonConnection::handle_auth(const kern::Message& m) {
  wire::Bytes next;
  const int r = auth_->handle_reply(m.front, next, kAuthFrontCap);
  if (r < 0) return r;
  if (state_ == State::NEGOTIATING) state_ = State::AUTHENTICATING;
  global_id_ = auth_->global_id();
  if (r > 0) {
    send_auth(next);
    return -kern::ERR_EAGAIN;
  }
  if (!auth_->is_authenticated()) return -kern::ERR_EAGAIN;
  state_ = State::HAVE_SESSION;
  return 0;
}

// auth->need_tickets(), as MonClient::_check_auth_tickets() asks it
bool MonConnection::need_tickets() {
  auth::AuthProtocol* p = auth_->protocol_handler();
  return p && p->should_authenticate();
}

// _check_auth_tickets()'s request: auth->build_request() into an MAuth on this connection
void MonConnection::request_tickets() {
  wire::Bytes front;
  if (auth_->build_auth(front, kAuthFrontCap) > 0) send_auth(front);
}

// port of MonConnection::authenticate() on the open session (MonClient::handle_auth() when
// not hunting)
int MonConnection::handle_renewal(const kern::Message& m) {
  wire::Bytes next;
  const int r = auth_->handle_reply(m.front, next, kAuthFrontCap);
  if (r < 0) return r;
  if (r > 0) {
    send_auth(next);
    return -kern::ERR_EAGAIN;
  }
  return 0;
}

}  // namespace monsim::userspace_16_2

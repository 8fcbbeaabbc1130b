#include "client/auth/auth_client.h"

#include "client/auth/auth_none.h"
#include "client/auth/auth_x.h"
#include "client/kern/errno.h"
#include "client/wire/auth_msgs.h"
#include "client/wire/cephx.h"

namespace monsim::auth {

AuthClient::AuthClient(std::string name, std::uint32_t want_keys, const kern::Clock& clock,
                       kern::Random& random, kern::TraceSink& trace)
    : name_(name.empty() ? "guest" : std::move(name)), want_keys_(want_keys), clock_(clock),
      random_(random), trace_(trace) {}

AuthClient::~AuthClient() = default;

void AuthClient::log_err(const char* event, std::string text) {
  trace_.emit(event, {}, kern::LogLevel::err, text);
}

// port of ceph_auth_reset()
void AuthClient::reset() {
  if (protocol_ && !negotiating_) protocol_->reset();
  negotiating_ = true;
}

// port of ceph_auth_build_hello(): offer NONE and CEPHX, our name and the global_id we had.
int AuthClient::build_hello(wire::Bytes& front, std::size_t cap) {
  wire::AuthHello hello;
  hello.supported = {wire::AUTH_NONE, wire::AUTH_CEPHX};
  hello.entity_type = kern::ENTITY_TYPE_CLIENT;
  hello.name = name_;
  hello.global_id = global_id_;
  wire::MAuth m;
  m.protocol = wire::AUTH_UNKNOWN;
  m.payload = hello.encode();
  front = m.encode();
  if (front.size() > cap) return -kern::ERR_ERANGE;
  return static_cast<int>(front.size());
}

// port of ceph_auth_init_protocol()
int AuthClient::init_protocol(std::uint32_t protocol) {
  switch (protocol) {
    case wire::AUTH_NONE:
      protocol_ = std::make_unique<AuthNone>();
      return 0;
    case wire::AUTH_CEPHX:
      protocol_ = std::make_unique<AuthX>(want_keys_, global_id_, clock_, random_);
      return 0;
    default:
      return -kern::ERR_ENOENT;
  }
}

// port of ceph_build_auth_request()
int AuthClient::build_request(wire::Bytes& front, std::size_t cap) {
  wire::MAuth m;
  m.protocol = protocol_->protocol();
  const int ret = protocol_->build_request(m.payload);
  if (ret < 0) {
    log_err("auth_build_error", "error " + std::to_string(ret) + " building auth method " +
                                    protocol_->name() + " request");
    return ret;
  }
  front = m.encode();
  if (front.size() > cap) return -kern::ERR_ERANGE;
  return static_cast<int>(front.size());
}

// port of ceph_handle_auth_reply()
int AuthClient::handle_reply(std::span<const std::uint8_t> reply, wire::Bytes& front,
                             std::size_t cap) {
  wire::MAuthReply r;
  if (!wire::MAuthReply::decode(reply, &r, nullptr)) {
    log_err("auth_decode_error", "failed to decode auth msg");
    return -kern::ERR_EINVAL;
  }
  if (r.global_id && global_id_ != r.global_id) global_id_ = r.global_id;
  if (negotiating_) {
    // The server supports none of our protocols?
    if (!r.protocol && r.result < 0) return r.result;
    if (protocol_ && protocol_->protocol() != r.protocol) protocol_.reset();
    if (!protocol_) {
      const int ret = init_protocol(r.protocol);
      if (ret) {
        log_err("auth_init_error", "error " + std::to_string(ret) + " on auth protocol " +
                                       std::to_string(r.protocol) + " init");
        return ret;
      }
    }
    negotiating_ = false;
  }
  const int ret = protocol_->handle_reply(r.result, r.payload);
  if (ret == -kern::ERR_EAGAIN) return build_request(front, cap);
  if (ret)
    log_err("auth_method_error", std::string("auth method '") + protocol_->name() + "' error " +
                                     std::to_string(ret));
  return ret;
}

// port of ceph_build_auth()
int AuthClient::build_auth(wire::Bytes& front, std::size_t cap) {
  // 2.6.3x: no protocol yet -> start over with a hello.
  if (!protocol_ && hello_when_unnegotiated_) return build_hello(front, cap);
  // port: 4.x dereferences the protocol unconditionally; with none negotiated (every offer
  // refused) the kernel would oops here. We report "nothing to send" instead.
  if (!protocol_) return 0;
  if (protocol_->should_authenticate()) return build_request(front, cap);
  return 0;
}

// port of ceph_auth_is_authenticated()
bool AuthClient::is_authenticated() { return protocol_ && protocol_->is_authenticated(); }

}  // namespace monsim::auth

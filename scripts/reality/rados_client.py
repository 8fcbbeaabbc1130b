"""The lab's librados client (python3-rados, Ceph 16.2): run by the driver inside the client's
network namespace, talking to it on stdin and stdout, a line each way.

    driver -> client          client -> driver
                              READY                 librados loaded, its ceph.conf read
    go                        CONNECTING <UTC>      t = 0: rados_connect() starts
                              CONNECTED <UTC>       (or CONNECT-FAILED <UTC> <error>)
    stop                      DONE                  rados_shutdown() returned

Everything the import reads is in the client's Ceph log (its ceph.conf names it): the
MonClient's hunts, sessions and keepalive timeouts at debug_monc 20. This script only holds
the connection open for the run, as a librados application does between its requests.

usage: rados_client.py CEPH.CONF"""
import datetime
import sys

sys.dont_write_bytecode = True


def utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def say(text):
    print(text, flush=True)


def main():
    import rados  # Debian's python3-rados: the 16.2.15 librados of the host
    cluster = rados.Rados(conffile=sys.argv[1], name="client.admin")
    say("READY")
    if sys.stdin.readline().strip() != "go":
        return 1
    say(f"CONNECTING {utc()}")
    try:
        cluster.connect()
        say(f"CONNECTED {utc()}")
    except rados.Error as e:  # the run goes on: its log says why
        say(f"CONNECT-FAILED {utc()} {type(e).__name__}: {e}")
    sys.stdin.readline()  # "stop", or the driver's end
    cluster.shutdown()
    say("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main())

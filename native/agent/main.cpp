// ohbridge-agent: the ohbridge API over msgpack-rpc, on a loopback TCP port
// or on stdin/stdout.
//
//   ohbridge-agent --stub [--api-version N] --listen 127.0.0.1:PORT (--token-file F | --token-out F)
//                  [--state-file F] [--idle-exit-ms MS]
//   ohbridge-agent --stub --stdio
//   ohbridge-agent --version
//
// The session token comes from --token-file (read, then deleted), never from
// the command line, which every process on the device can read, nor from the
// environment: unsetenv() does not clear the initial environment block, so a
// token there stays readable in /proc/PID/environ for the agent's lifetime.
// It is never printed.
//
// --token-out F: the agent makes its own token (256 bits from /dev/urandom)
// and writes it to F, created mode 0600, before the state file, and removes
// both when it exits.  Whoever can read F (the device user that runs the hdc
// shell, i.e. whoever could start or kill the agent anyway) may attach: this
// is how a second host process shares a running agent.  --idle-exit-ms makes
// the agent shared (admission.h: it stops when its last client has left).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "admission.h"
#include "service.h"
#include "session.h"

#ifndef OHBRIDGE_VERSION
#define OHBRIDGE_VERSION "0.0.0-dev"
#endif

namespace {

using namespace ohbridge::agent;

struct Options {
    bool stub = false;
    bool stdio = false;
    std::string listen;
    std::string token_file;
    std::string token_out;
    int idle_exit_ms = 0;
    std::string state_file;
    std::string scenario;
    int api_version = 20;
    bool allow_remote = false;
    int max_clients = 16;
    int hello_timeout_ms = 10000;
};

[[noreturn]] void usage(const std::string& error) {
    std::cerr << "ohbridge-agent: " << error << "\n"
              << "usage: ohbridge-agent [--stub [--api-version N]] (--listen HOST:PORT | --stdio)\n"
              << "                      [--token-file FILE | --token-out FILE] [--state-file FILE]\n"
              << "                      [--max-clients N] [--hello-timeout-ms MS] [--idle-exit-ms MS]\n"
              << "       ohbridge-agent --version\n";
    std::exit(2);
}

// A whole decimal number in [lo, hi], or usage(): "99999", "-1", "abc" and
// "80x" are refused, not wrapped or read as 0 (atoi).
long parse_number(const std::string& flag, const std::string& text, long lo, long hi) {
    long v = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || p != end || v < lo || v > hi) {
        usage(flag + " takes a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not '" +
              text + "'");
    }
    return v;
}

std::string read_token(const Options& o) {
    if (std::getenv("OHBRIDGE_AGENT_TOKEN") != nullptr) {
        usage("$OHBRIDGE_AGENT_TOKEN is not read (it would stay readable in /proc/PID/environ): use --token-file");
    }
    std::string token;
    if (!o.token_file.empty()) {
        std::ifstream f(o.token_file);
        if (!f) usage("cannot read the token file");
        std::getline(f, token);
        // The file is only the hand-over: delete it so the token does not
        // linger on the device.
        std::remove(o.token_file.c_str());
    }
    while (!token.empty() && (token.back() == '\r' || token.back() == '\n' || token.back() == ' ')) token.pop_back();
    return token;
}

// 32 random bytes as hex, or usage(): an agent never runs with a guessable token.
std::string make_token() {
    unsigned char bytes[32];
    std::ifstream f("/dev/urandom", std::ios::binary);
    if (!f.read(reinterpret_cast<char*>(bytes), sizeof bytes)) usage("cannot read /dev/urandom for a session token");
    static const char hex[] = "0123456789abcdef";
    std::string token;
    for (unsigned char b : bytes) {
        token += hex[b >> 4];
        token += hex[b & 15];
    }
    return token;
}

// Created 0600 (never readable by other users, not even for a moment), whole
// or not at all: written beside, then renamed.
bool write_token_out(const std::string& path, const std::string& token) {
    std::string tmp = path + ".tmp";
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    std::string line = token + "\n";
    bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ok = ::close(fd) == 0 && ok;
    return ok && std::rename(tmp.c_str(), path.c_str()) == 0;
}

// The kernel's id of this boot: a state file that names another boot was left
// by an agent from before the device rebooted (its pid may be anyone's now).
std::string boot_id() {
    std::ifstream f("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(f, id);
    return id;
}

void write_state(const std::string& path, int port) {
    if (path.empty()) return;
    std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::trunc);
        f << "pid=" << ::getpid() << "\nport=" << port << "\nversion=" << OHBRIDGE_VERSION << "\n";
        std::string boot = boot_id();
        if (!boot.empty()) f << "boot_id=" << boot << "\n";
    }
    std::rename(tmp.c_str(), path.c_str());  // readers never see half a file
}

bool state_is_mine(const std::string& path) {
    std::ifstream f(path);
    std::string line, mine = "pid=" + std::to_string(::getpid());
    while (std::getline(f, line)) {
        if (line == mine) return true;
    }
    return false;
}

#ifdef OHBRIDGE_WITH_OHOS
// The state file is written (tmp + rename) once the agent listens, after it
// has left root: its directory, made by the hdc scripts as root, becomes the
// new uid's.
void hand_over_state_dir(const Options& o, std::uint32_t uid) {
    if (o.state_file.empty()) return;
    auto slash = o.state_file.rfind('/');
    std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : o.state_file.substr(0, slash));
    if (::chown(dir.c_str(), static_cast<uid_t>(uid), static_cast<gid_t>(-1)) != 0) {
        throw std::runtime_error("ohbridge-agent: chown(" + dir + ") to uid " + std::to_string(uid) +
                                 " failed (" + std::strerror(errno) + "): the state file could not be written");
    }
}
#endif

std::atomic<int> g_listen_fd{-1};

void on_signal(int) {
    int fd = g_listen_fd.exchange(-1);
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= args.size()) usage(a + " needs a value");
            return args[++i];
        };
        if (a == "--version") {
            std::cout << "ohbridge-agent " << OHBRIDGE_VERSION << "\n";
            return 0;
        } else if (a == "--stub") {
            o.stub = true;
        } else if (a == "--stdio") {
            o.stdio = true;
        } else if (a == "--listen") {
            o.listen = next();
        } else if (a == "--token-file") {
            o.token_file = next();
        } else if (a == "--token-out") {
            o.token_out = next();
        } else if (a == "--idle-exit-ms") {
            o.idle_exit_ms = static_cast<int>(parse_number(a, next(), 1, 86400000));
        } else if (a == "--state-file") {
            o.state_file = next();
        } else if (a == "--scenario") {
            o.scenario = next();
        } else if (a == "--api-version") {
            o.api_version = static_cast<int>(parse_number(a, next(), 1, 1000));
        } else if (a == "--allow-remote") {
            o.allow_remote = true;
        } else if (a == "--hello-timeout-ms") {
            o.hello_timeout_ms = static_cast<int>(parse_number(a, next(), 1, 600000));
        } else if (a == "--max-clients") {
            o.max_clients = static_cast<int>(parse_number(a, next(), 1, 1024));
        } else {
            usage("unknown argument: " + a);
        }
    }
    if (o.stdio == !o.listen.empty()) usage("give exactly one of --listen and --stdio");
    if (!o.scenario.empty()) {
        usage("--scenario: load scenarios from the host (ohbridge.connect(..., scenario=FILE)); "
              "the agent takes world controls over RPC");
    }
    if (!o.token_out.empty() && !o.token_file.empty()) usage("give one of --token-file and --token-out");
    if (!o.token_out.empty() && o.stdio) usage("--token-out is for --listen");
    ::signal(SIGPIPE, SIG_IGN);

    // Before the OpenHarmony backend leaves root: the token file is root's.
    std::string token = o.token_out.empty() ? read_token(o) : make_token();
    auto sink = std::make_shared<RpcSink>();
    std::unique_ptr<Service> service;
#ifdef OHBRIDGE_WITH_OHOS
    if (!o.stub) {
        try {
            service = make_ohos_service(sink, [&o](std::uint32_t uid) { hand_over_state_dir(o, uid); });
        } catch (const std::exception& e) {
            // Taking the agent's identity failed (a named step): one line, no
            // half-privileged agent left running.
            std::cerr << e.what() << "\n";
            return 1;
        }
    }
#endif
    if (!service) {
        if (!o.stub) usage("this build has no OpenHarmony backend: pass --stub");
        service = make_stub_service(sink, o.api_version);
    }
    SessionOptions so;
    so.token = token;
    so.version = OHBRIDGE_VERSION;
    so.handshake_timeout_ms = o.hello_timeout_ms;

    if (o.stdio) {
        auto session = std::make_shared<Session>(0, 1, *service, so);
        session->run();
        service->close();
        return 0;
    }

    if (token.empty()) usage("a TCP agent needs a session token (--token-file or --token-out)");
    auto colon = o.listen.rfind(':');
    if (colon == std::string::npos) usage("--listen takes HOST:PORT");
    std::string host = o.listen.substr(0, colon);
    long port = parse_number("--listen port", o.listen.substr(colon + 1), 0, 65535);  // 0: any free port
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) usage("--listen: not an IPv4 address: " + host);
    // Loopback only unless asked: the forward reaches loopback, and nothing
    // else on the network should reach the agent.
    if ((ntohl(addr.sin_addr.s_addr) >> 24) != 127 && !o.allow_remote) {
        usage("refusing to listen on a non-loopback address without --allow-remote");
    }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
        std::cerr << "ohbridge-agent: cannot listen on " << o.listen << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    int bound = ntohs(addr.sin_port);
    g_listen_fd.store(fd);
    ::signal(SIGTERM, on_signal);
    ::signal(SIGINT, on_signal);
    // The token before the state: whoever sees the state file finds the token.
    if (!o.token_out.empty() && !write_token_out(o.token_out, token)) {
        std::cerr << "ohbridge-agent: cannot write the token file " << o.token_out << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    write_state(o.state_file, bound);
    std::cout << "ohbridge-agent " << OHBRIDGE_VERSION << " listening on " << host << ":" << bound << std::endl;

    Admission admission(static_cast<std::size_t>(o.max_clients), static_cast<std::size_t>(o.max_clients));
    std::atomic<bool> stop{false};
    if (o.idle_exit_ms > 0) admission.share(o.idle_exit_ms, [] { on_signal(0); });
    while (!stop.load()) {
        int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            break;  // closed by a signal or a shutdown request
        }
        ::setsockopt(c, IPPROTO_TCP, 1 /* TCP_NODELAY */, &one, sizeof one);
        timeval tv{10, 0};  // a client that stops reading cannot stall the dispatcher forever
        ::setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        admission.arrive(c);
        SessionOptions options = so;
        options.admit = [&admission, c] { return admission.authenticate(c); };
        options.leaving = [&admission] { return admission.leaving(); };
        std::thread([c, &service, options, &admission, &stop] {
            auto session = std::make_shared<Session>(c, c, *service, options);
            bool shutdown = session->run();
            admission.leave(c, session->authenticated());
            ::shutdown(c, SHUT_RDWR);
            ::close(c);
            if (shutdown) {
                stop.store(true);
                on_signal(0);
            }
        }).detach();
    }
    // Only files that are still this agent's: a connect may have replaced it meanwhile.
    if (o.state_file.empty() || state_is_mine(o.state_file)) {
        if (!o.state_file.empty()) std::remove(o.state_file.c_str());
        if (!o.token_out.empty()) std::remove(o.token_out.c_str());
    }
    // Sessions may still be running on detached threads: end the process
    // without unwinding the service under them.
    service->close();
    std::fflush(stdout);
    std::_Exit(0);
}

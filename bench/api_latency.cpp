// Open-loop (fixed-rate) HTTP latency benchmark for the local API (issue 5: "p99 <= 2 ms at 32
// connections"). wrk is closed-loop: each connection sends its next request only when the previous
// answer is in, so at saturation its latency is the queue length over the rate (Little's law), not
// the time a request takes. This client sends at a fixed total rate, spread round-robin over N
// keep-alive connections, and measures every request from the moment it was *due* (corrected for
// coordinated omission, as wrk2 does): a request that waits for a busy connection or a late
// generator counts that wait. It also reports the service time (from the actual send).
//
// One thread, epoll and a timerfd with 1 µs timer slack that wakes at most every --tick-us (sending
// everything due meanwhile; the delay counts in the latency). It shares the machine with the
// server, so its own CPU share is printed with each row. Linux only (built only there).
//
// `--rates closed` (or 0) runs a closed loop instead, like wrk: every connection sends its next
// request as soon as the previous answer is in, and each request is measured from its send. wrk's
// own tail percentiles are not the wire's on a 2-core machine it shares with the server (see
// bench/README.md, "Closed-loop p99 at 32 connections: measured on the wire"); this client's are.
//
// Usage: bench_api_latency --port P [--host 127.0.0.1] [--path /create_draft] [--method POST]
//            [--body JSON] [--token T] [--connections 32] [--rates 5000,10000,20000|closed]
//            [--seconds 10] [--warmup 2] [--tick-us 100] [--check-success]
// Prints one Markdown table row per rate. Exit 1 on a connection failure or a non-2xx answer.
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <limits>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <vector>

namespace {

int64_t nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/create_draft";
    std::string method = "POST";
    std::string body = R"({"width":1080,"height":1920})";
    std::string token;
    int connections = 32;
    std::vector<int> rates{5000, 10000, 15000, 20000};
    double seconds = 10;
    double warmup = 2;
    bool checkSuccess = false;
    int tickUs = 100; ///< the generator wakes at most this often (sends what is due meanwhile)
};

struct Connection
{
    int fd = -1;
    bool busy = false;
    int64_t dueNs = 0;  ///< of the request in flight
    int64_t sentNs = 0; ///< when it was written
    bool measured = false;
    std::deque<int64_t> waiting; ///< due times of requests not yet sent
    std::string in;
};

struct Totals
{
    std::vector<uint32_t> latency; ///< from the due time, in units of 100 ns
    std::vector<uint32_t> service; ///< from the send, in units of 100 ns
    int64_t answers = 0;
    int64_t non2xx = 0;
    int64_t unsuccessful = 0;
};

[[noreturn]] void die(const char *what)
{
    std::fprintf(stderr, "bench_api_latency: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

int connectTo(const Options &o)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(o.port));
    if (inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) {
        std::fprintf(stderr, "bench_api_latency: bad host %s\n", o.host.c_str());
        std::exit(2);
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 && errno != EINPROGRESS)
        die("connect");
    return fd;
}

/// Waits until every connection is established (non-blocking connects to a busy server can take
/// longer than the start-up pause at a thousand connections); exits if one fails.
void waitConnected(const std::vector<int> &fds)
{
    std::vector<pollfd> pending;
    for (const int fd : fds)
        pending.push_back(pollfd{fd, POLLOUT, 0});
    const int64_t deadline = nowNs() + 10'000'000'000;
    while (!pending.empty()) {
        if (nowNs() > deadline) {
            std::fprintf(stderr, "bench_api_latency: %zu connections not established in 10 s\n",
                         pending.size());
            std::exit(1);
        }
        if (poll(pending.data(), nfds_t(pending.size()), 100) < 0 && errno != EINTR)
            die("poll");
        std::vector<pollfd> still;
        for (const pollfd &p : pending) {
            if (p.revents == 0) {
                still.push_back(pollfd{p.fd, POLLOUT, 0});
                continue;
            }
            int error = 0;
            socklen_t length = sizeof error;
            if (getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
                errno = error;
                die("connect");
            }
        }
        pending.swap(still);
    }
}

/// Parses one whole answer at the front of `in`: its length, or 0 while incomplete.
size_t completeAnswer(const std::string &in, int &status, bool &success)
{
    const size_t headerEnd = in.find("\r\n\r\n");
    if (headerEnd == std::string::npos)
        return 0;
    status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
    size_t length = 0;
    for (size_t at = in.find("\r\n"); at < headerEnd; at = in.find("\r\n", at + 2)) {
        static const char name[] = "content-length:";
        if (strncasecmp(in.c_str() + at + 2, name, sizeof name - 1) == 0)
            length = size_t(std::strtoull(in.c_str() + at + 2 + sizeof name - 1, nullptr, 10));
    }
    const size_t total = headerEnd + 4 + length;
    if (in.size() < total)
        return 0;
    success = in.find("\"success\":true", headerEnd + 4) < total;
    return total;
}

/// This process's user and system CPU time.
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/// In ms, of sorted samples in units of 100 ns.
double percentileMs(const std::vector<uint32_t> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const size_t at = std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())));
    return sorted[at] / 10'000.0;
}

/// Sends at `rate` requests a second over the connections (open loop), or, with a rate of 0, keeps
/// one request in flight on every connection (closed loop).
Totals runAt(const Options &o, const std::string &request, int rate)
{
    const bool closed = rate == 0;
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    const int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (epoll < 0 || timer < 0)
        die("epoll/timerfd");
    epoll_event event{};
    event.events = EPOLLIN | EPOLLET; // re-arming clears it: never read
    event.data.u64 = ~uint64_t(0);
    epoll_ctl(epoll, EPOLL_CTL_ADD, timer, &event);

    std::vector<Connection> connections(size_t(o.connections));
    std::vector<int> fds;
    for (size_t i = 0; i < connections.size(); ++i) {
        connections[i].fd = connectTo(o);
        fds.push_back(connections[i].fd);
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.u64 = i;
        epoll_ctl(epoll, EPOLL_CTL_ADD, connections[i].fd, &event);
    }
    waitConnected(fds);

    Totals totals;
    const int64_t intervalNs = closed ? 0 : 1'000'000'000 / rate;
    const int64_t start = nowNs() + 50'000'000; // the server takes in the new connections
    const int64_t measureFrom = start + int64_t(o.warmup * 1e9);
    const int64_t end = measureFrom + int64_t(o.seconds * 1e9);
    totals.latency.reserve(size_t(double(closed ? 100'000 : rate) * o.seconds * 1.05));
    totals.service.reserve(totals.latency.capacity());
    int64_t nextDue = closed ? end : start; // a closed loop schedules nothing ahead
    uint64_t scheduled = 0;
    size_t inFlight = 0;

    auto send = [&](Connection &c) {
        c.dueNs = c.waiting.front();
        c.waiting.pop_front();
        c.measured = c.dueNs >= measureFrom && c.dueNs < end;
        c.sentNs = nowNs();
        c.busy = true;
        ++inFlight;
        const ssize_t n = ::send(c.fd, request.data(), request.size(), MSG_NOSIGNAL);
        if (n != ssize_t(request.size()))
            die("send (a short write of a small request: the server is not reading)");
    };

    if (closed) {
        for (int64_t now = nowNs(); now < start; now = nowNs())
            usleep(useconds_t((start - now) / 1000));
        for (Connection &c : connections) {
            c.waiting.push_back(nowNs());
            send(c);
        }
    }
    epoll_event events[64];
    while (true) {
        const int64_t now = nowNs();
        // Every request that is due goes to its connection; an idle connection sends at once.
        while (nextDue <= now && nextDue < end) {
            Connection &c = connections[scheduled % connections.size()];
            c.waiting.push_back(nextDue);
            if (!c.busy)
                send(c);
            ++scheduled;
            nextDue = start + int64_t(scheduled) * intervalNs;
        }
        if (nextDue >= end && inFlight == 0) {
            bool queued = false;
            for (const Connection &c : connections)
                queued = queued || !c.waiting.empty();
            if (!queued)
                break;
        }
        if (nextDue < end) {
            // Due times are kept exact; only the wake-ups are spaced by the tick, and a request
            // sent up to a tick late counts the delay in its latency.
            const int64_t wake = std::max(nextDue, now + int64_t(o.tickUs) * 1000);
            itimerspec when{};
            when.it_value.tv_sec = wake / 1'000'000'000;
            when.it_value.tv_nsec = wake % 1'000'000'000;
            timerfd_settime(timer, TFD_TIMER_ABSTIME, &when, nullptr);
        }
        const int ready = epoll_wait(epoll, events, 64, nextDue < end ? -1 : 5000);
        if (ready < 0 && errno != EINTR)
            die("epoll_wait");
        if (ready == 0) {
            std::fprintf(stderr, "bench_api_latency: no answer for 5 s\n");
            std::exit(1);
        }
        for (int e = 0; e < ready; ++e) {
            if (events[e].data.u64 == ~uint64_t(0))
                continue;
            Connection &c = connections[events[e].data.u64];
            char buffer[16384];
            while (true) {
                const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
                if (n > 0) {
                    c.in.append(buffer, size_t(n));
                    if (size_t(n) < sizeof buffer)
                        break; // level-triggered: more data is reported again
                    continue;
                }
                if (n == 0) {
                    std::fprintf(stderr, "bench_api_latency: the server closed a connection\n");
                    std::exit(1);
                }
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    break;
                die("recv");
            }
            int status = 0;
            bool success = false;
            while (c.busy) {
                const size_t length = completeAnswer(c.in, status, success);
                if (length == 0)
                    break;
                c.in.erase(0, length);
                const int64_t done = nowNs();
                c.busy = false;
                --inFlight;
                ++totals.answers;
                if (status < 200 || status > 299)
                    ++totals.non2xx;
                else if (o.checkSuccess && !success)
                    ++totals.unsuccessful;
                if (c.measured) {
                    totals.latency.push_back(uint32_t(std::min<int64_t>(
                        (done - c.dueNs) / 100, std::numeric_limits<uint32_t>::max())));
                    totals.service.push_back(uint32_t(std::min<int64_t>(
                        (done - c.sentNs) / 100, std::numeric_limits<uint32_t>::max())));
                }
                if (closed && done < end)
                    c.waiting.push_back(nowNs()); // measured from its send, like wrk
                if (!c.waiting.empty())
                    send(c);
            }
        }
    }
    for (Connection &c : connections)
        close(c.fd);
    close(timer);
    close(epoll);
    return totals;
}

std::vector<int> parseRates(const char *text)
{
    if (std::strcmp(text, "closed") == 0)
        return {0};
    std::vector<int> rates;
    for (const char *p = text; *p;) {
        char *next = nullptr;
        const long rate = std::strtol(p, &next, 10);
        if (next == p || rate < 0 || rate > 10'000'000) {
            std::fprintf(stderr, "bench_api_latency: bad --rates %s\n", text);
            std::exit(2);
        }
        rates.push_back(int(rate));
        p = *next == ',' ? next + 1 : next;
    }
    return rates;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--port" && hasValue)
            o.port = std::atoi(argv[++i]);
        else if (arg == "--host" && hasValue)
            o.host = argv[++i];
        else if (arg == "--path" && hasValue)
            o.path = argv[++i];
        else if (arg == "--method" && hasValue)
            o.method = argv[++i];
        else if (arg == "--body" && hasValue)
            o.body = argv[++i];
        else if (arg == "--token" && hasValue)
            o.token = argv[++i];
        else if (arg == "--connections" && hasValue)
            o.connections = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--rates" && hasValue)
            o.rates = parseRates(argv[++i]);
        else if (arg == "--seconds" && hasValue)
            o.seconds = std::max(0.1, std::atof(argv[++i]));
        else if (arg == "--warmup" && hasValue)
            o.warmup = std::max(0.0, std::atof(argv[++i]));
        else if (arg == "--tick-us" && hasValue)
            o.tickUs = std::max(0, std::atoi(argv[++i]));
        else if (arg == "--check-success")
            o.checkSuccess = true;
        else {
            std::fprintf(stderr, "usage: bench_api_latency --port P [--host H] [--path P] "
                                 "[--method M] [--body JSON] [--token T] [--connections N] "
                                 "[--rates R1,R2,...|closed] [--seconds S] [--warmup S] "
                                 "[--tick-us U] [--check-success]\n");
            return 2;
        }
    }
    if (o.port <= 0 || o.port > 65535) {
        std::fprintf(stderr, "bench_api_latency: --port is required\n");
        return 2;
    }
    prctl(PR_SET_TIMERSLACK, 1UL); // wake at the due time, not up to 50 µs after it

    std::string request = o.method + " " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":"
                          + std::to_string(o.port) + "\r\n";
    if (!o.token.empty())
        request += "Authorization: Bearer " + o.token + "\r\n";
    if (o.method != "GET" && o.method != "HEAD")
        request += "Content-Type: application/json\r\nContent-Length: "
                   + std::to_string(o.body.size()) + "\r\n\r\n" + o.body;
    else
        request += "\r\n";

    std::printf("| %s %s | connections | offered req/s | answered req/s | p50 | p90 | p99 | "
                "p99.9 | max | service p99 | non-2xx%s | client CPU |\n",
                o.method.c_str(), o.path.c_str(), o.checkSuccess ? " + success:false" : "");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    bool failed = false;
    for (const int rate : o.rates) {
        const double cpuBefore = cpuSeconds();
        const int64_t wallBefore = nowNs();
        Totals t = runAt(o, request, rate);
        const double cpuShare
            = (cpuSeconds() - cpuBefore) / (double(nowNs() - wallBefore) / 1e9) * 100;
        std::sort(t.latency.begin(), t.latency.end());
        std::sort(t.service.begin(), t.service.end());
        const std::string unsuccessful
            = o.checkSuccess ? " + " + std::to_string(t.unsuccessful) : std::string();
        std::printf(
            "| | %d | %s | %.0f | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.2f ms | %.3f ms "
            "| %" PRId64 "%s | %.0f %% |\n",
            o.connections, rate == 0 ? "closed loop" : std::to_string(rate).c_str(),
            double(t.latency.size()) / o.seconds, percentileMs(t.latency, 50),
            percentileMs(t.latency, 90), percentileMs(t.latency, 99), percentileMs(t.latency, 99.9),
            percentileMs(t.latency, 100), percentileMs(t.service, 99), t.non2xx,
            unsuccessful.c_str(), cpuShare);
        std::fflush(stdout);
        failed = failed || t.non2xx > 0 || t.unsuccessful > 0;
    }
    return failed ? 1 : 0;
}

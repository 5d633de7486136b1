// A load client for the Sluice benchmark: many concurrent raw-socket GETs on one epoll loop.
// Per connection it records time to first byte, completion time and bytes, and it checks the
// body against the benchmark's blob pattern (the 8-byte word at offset o holds o). Prints JSON.
//   loadclient --generate FILE SIZE         writes a blob in that pattern
//   loadclient --port P --path /a [--path /b ...] [--connections N] [--rate BYTES_PER_S]
//              [--hold-idle SECONDS] [--timeout SECONDS] [--host 127.0.0.1] [--no-verify]
//              [--source ADDR ...]   (connection i binds the (i mod n)-th source address)
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::vector<std::string> paths;
    int connections = 1;
    double rate = 0; // bytes per second per connection, 0 = unlimited
    double holdIdle = 0; // keep-alive: one small request each, then hold the connections open
    double timeout = 300;
    std::vector<std::string> sources; // local addresses to bind, round robin
};

struct Connection
{
    int fd = -1;
    std::string path;
    std::string head;
    bool headDone = false;
    int status = 0;
    long long contentLength = -1;
    long long bodyBytes = 0;
    long long bodyOffset = 0; // offset in the file of the first body byte (Content-Range)
    bool verifyFailed = false;
    bool done = false;
    bool failed = false;
    Clock::time_point start, firstByte, end;
    bool sawFirstByte = false;
    bool requestSent = false;
};

double seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(q * double(values.size())))];
}

// --no-verify: bodies that are not a blob in the pattern (a folder's archive) are counted only.
bool verifyBodies = true;

void checkPattern(Connection &c, const char *data, size_t length)
{
    if (!verifyBodies)
        return;
    // Sample one aligned word per 4 KiB: cheap, and any misplaced or stale chunk shows up.
    const long long start = c.bodyOffset + c.bodyBytes;
    long long first = (start + 4095) / 4096 * 4096;
    for (long long at = first; at + 8 <= start + (long long)length; at += 4096) {
        uint64_t word;
        std::memcpy(&word, data + (at - start), 8);
        if (word != uint64_t(at))
            c.verifyFailed = true;
    }
}

// `readableSince` is when epoll reported the data: the first byte arrived then, even if this
// loop reaches the connection later.
void consume(Connection &c, const char *data, size_t length, Clock::time_point readableSince)
{
    if (!c.sawFirstByte) {
        c.sawFirstByte = true;
        c.firstByte = readableSince;
    }
    if (!c.headDone) {
        c.head.append(data, length);
        const size_t end = c.head.find("\r\n\r\n");
        if (end == std::string::npos)
            return;
        c.headDone = true;
        c.status = std::atoi(c.head.c_str() + 9);
        const std::string lower = [&] {
            std::string s = c.head.substr(0, end);
            std::transform(s.begin(), s.end(), s.begin(), ::tolower);
            return s;
        }();
        const size_t cl = lower.find("\ncontent-length:");
        if (cl != std::string::npos)
            c.contentLength = std::atoll(lower.c_str() + cl + 16);
        const size_t cr = lower.find("\ncontent-range: bytes ");
        if (cr != std::string::npos)
            c.bodyOffset = std::atoll(lower.c_str() + cr + 22);
        const std::string rest = c.head.substr(end + 4);
        c.head.clear();
        if (!rest.empty())
            consume(c, rest.data(), rest.size(), readableSince);
        return;
    }
    checkPattern(c, data, length);
    c.bodyBytes += (long long)length;
    if (c.contentLength >= 0 && c.bodyBytes >= c.contentLength) {
        c.done = true;
        c.end = Clock::now();
    }
}

Options parse(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (arg == "--host")
            o.host = next();
        else if (arg == "--port")
            o.port = std::atoi(next().c_str());
        else if (arg == "--path")
            o.paths.push_back(next());
        else if (arg == "--connections")
            o.connections = std::atoi(next().c_str());
        else if (arg == "--rate")
            o.rate = std::atof(next().c_str());
        else if (arg == "--hold-idle")
            o.holdIdle = std::atof(next().c_str());
        else if (arg == "--timeout")
            o.timeout = std::atof(next().c_str());
        else if (arg == "--source")
            o.sources.push_back(next());
        else if (arg == "--no-verify")
            verifyBodies = false;
        else {
            std::fprintf(stderr, "loadclient: unknown argument %s\n", arg.c_str());
            std::exit(2);
        }
    }
    if (o.port <= 0 || o.paths.empty()) {
        std::fprintf(stderr, "loadclient: --port and --path are required\n");
        std::exit(2);
    }
    return o;
}

} // namespace

// Writes a blob in the pattern the checks expect.
int generate(const char *path, long long size)
{
    FILE *file = std::fopen(path, "wb");
    if (!file)
        return 1;
    std::vector<uint64_t> block(1 << 17);
    for (long long offset = 0; offset < size; offset += (long long)(block.size() * 8)) {
        for (size_t i = 0; i < block.size(); ++i)
            block[i] = uint64_t(offset) + i * 8;
        const size_t bytes
            = size_t(std::min<long long>(size - offset, (long long)(block.size() * 8)));
        if (std::fwrite(block.data(), 1, bytes, file) != bytes)
            return 1;
    }
    return std::fclose(file) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && std::string(argv[1]) == "--generate")
        return generate(argv[2], std::atoll(argv[3]));
    const Options options = parse(argc, argv);
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(options.port));
    inet_pton(AF_INET, options.host.c_str(), &address.sin_addr);

    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    std::vector<Connection> connections(size_t(options.connections));
    const Clock::time_point begin = Clock::now();
    const bool idle = options.holdIdle > 0;
    for (size_t i = 0; i < connections.size(); ++i) {
        Connection &c = connections[i];
        c.path = options.paths[i % options.paths.size()];
        c.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (!options.sources.empty()) {
            // Each emulated client has an address of its own, which the link's shaping classes
            // match on.
            sockaddr_in local {};
            local.sin_family = AF_INET;
            inet_pton(AF_INET, options.sources[i % options.sources.size()].c_str(),
                      &local.sin_addr);
            if (bind(c.fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0) {
                c.failed = true;
                continue;
            }
        }
        if (options.rate > 0) {
            int small = 64 * 1024; // so a slow reader really pushes back on the server
            setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        }
        // Non-blocking connects, all at once: every connection is read from the moment its
        // first byte can arrive, so time to first byte measures the server, not this loop.
        fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
        c.start = Clock::now();
        if (connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
            && errno != EINPROGRESS) {
            c.failed = true;
            continue;
        }
        epoll_event event {};
        event.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
        event.data.u64 = i;
        epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &event);
    }
    auto sendRequest = [&](Connection &c, size_t index) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        const std::string request = "GET " + c.path + " HTTP/1.1\r\nHost: " + options.host + "\r\n"
            + (idle ? "" : "Connection: close\r\n") + "\r\n";
        if (error != 0
            || send(c.fd, request.data(), request.size(), MSG_NOSIGNAL) != ssize_t(request.size()))
            return false;
        c.requestSent = true;
        epoll_event event {};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.u64 = index;
        epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &event);
        return true;
    };

    std::vector<char> buffer(1 << 20);
    size_t finished = 0;
    for (const Connection &c : connections)
        finished += c.failed ? 1 : 0;
    std::vector<epoll_event> events(1024);
    std::vector<long long> allowance; // rate limiting: bytes each connection may still read
    Clock::time_point lastRefill = Clock::now();
    std::vector<size_t> paused;
    while (finished < connections.size() && seconds(Clock::now() - begin) < options.timeout) {
        if (options.rate > 0) {
            // Refill budgets every 10 ms and resume the paused connections.
            const Clock::time_point now = Clock::now();
            if (now - lastRefill >= std::chrono::milliseconds(10)) {
                const double credit = options.rate * seconds(now - lastRefill);
                lastRefill = now;
                if (allowance.empty())
                    allowance.assign(connections.size(), 0);
                for (long long &a : allowance)
                    a = std::min<long long>(a + (long long)credit, (long long)options.rate);
                for (size_t index : paused) {
                    epoll_event event {};
                    event.events = EPOLLIN | EPOLLRDHUP;
                    event.data.u64 = index;
                    epoll_ctl(epoll, EPOLL_CTL_MOD, connections[index].fd, &event);
                }
                paused.clear();
            }
        }
        const int n
            = epoll_wait(epoll, events.data(), int(events.size()), options.rate > 0 ? 5 : 100);
        const Clock::time_point woke = Clock::now();
        for (int e = 0; e < n; ++e) {
            const size_t index = size_t(events[e].data.u64);
            Connection &c = connections[index];
            if (c.done || c.failed)
                continue;
            if (!c.requestSent) {
                if (!sendRequest(c, index)) {
                    c.failed = true;
                    epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
                    close(c.fd);
                    c.fd = -1;
                    ++finished;
                }
                continue;
            }
            size_t want = 256 * 1024; // per wake-up, so that every connection is read promptly
            if (options.rate > 0) {
                if (allowance.empty() || allowance[index] <= 0) {
                    epoll_event event {};
                    event.data.u64 = index;
                    epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &event); // pause until the next refill
                    paused.push_back(index);
                    continue;
                }
                want = std::min<size_t>(want, size_t(allowance[index]));
            }
            const ssize_t got = recv(c.fd, buffer.data(), want, 0);
            if (got > 0) {
                if (options.rate > 0)
                    allowance[index] -= got;
                consume(c, buffer.data(), size_t(got), woke);
            } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
                c.failed = !c.done;
                c.end = Clock::now();
            }
            if (idle && c.done && !c.failed) {
                ++finished; // answered; the connection stays open, idle
                epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
                continue;
            }
            if (c.done || c.failed) {
                epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
                close(c.fd);
                c.fd = -1;
                ++finished;
            }
        }
    }
    const double wall = seconds(Clock::now() - begin);
    if (idle) {
        std::printf("{\"idle_ready\": true}\n");
        std::fflush(stdout);
        usleep(useconds_t(options.holdIdle * 1e6));
    }

    std::vector<double> ttfbMs, completion;
    long long bytes = 0;
    int ok = 0, verifyFailures = 0, statusFailures = 0, incomplete = 0;
    for (const Connection &c : connections) {
        bytes += c.bodyBytes;
        if (c.sawFirstByte)
            ttfbMs.push_back(seconds(c.firstByte - c.start) * 1000);
        if (c.verifyFailed)
            ++verifyFailures;
        if (c.status != 200 && c.status != 206)
            ++statusFailures;
        if (!c.done)
            ++incomplete;
        if (c.done && !c.verifyFailed && (c.status == 200 || c.status == 206)) {
            ++ok;
            completion.push_back(seconds(c.end - c.start));
        }
        if (c.fd >= 0)
            close(c.fd);
    }
    const double fastest
        = completion.empty() ? 0 : *std::min_element(completion.begin(), completion.end());
    const double slowest
        = completion.empty() ? 0 : *std::max_element(completion.begin(), completion.end());
    std::printf("{\"connections\": %d, \"ok\": %d, \"incomplete\": %d, \"bad_status\": %d, "
                "\"verify_failures\": %d, \"bytes\": %lld, \"wall_s\": %.6f, "
                "\"gib_per_s\": %.4f, \"ttfb_p50_ms\": %.3f, \"ttfb_p99_ms\": %.3f, "
                "\"completion_min_s\": %.6f, \"completion_max_s\": %.6f, \"fairness\": %.4f}\n",
                options.connections, ok, incomplete, statusFailures, verifyFailures, bytes, wall,
                double(bytes) / wall / double(1 << 30), percentile(ttfbMs, 0.5),
                percentile(ttfbMs, 0.99), fastest, slowest, fastest > 0 ? slowest / fastest : 0.0);
    return ok == options.connections ? 0 : 1;
}

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <malloc.h>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>

#include <QCoreApplication>

#include "apptranslators.h"
#include "commandline.h"
#include "headless.h"
#include "instancechannel.h"
#include "sharerules.h"

#ifdef SLUICE_WITH_GUI
#include <QApplication>

#include "windowmode.h"
#endif

namespace {

// Desktop sessions often start with a soft limit of 1,024 descriptors: one per client is needed.
void raiseOpenFileLimit()
{
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// The kernel grows a process's descriptor table by doubling it, and once the process has threads
// (the window's display connection adds some) every growth waits for an RCU grace period: 10-20 ms
// each, stalling the event loop in accept(2) during the first burst of clients. Growing the table
// once, while the process is still single-threaded, costs 8 bytes per slot and avoids those waits.
void reserveDescriptorTable(int connections)
{
    constexpr int headroom = 64; // listeners, files being sent, the display, logs
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = std::min<rlim_t>(rlim_t(connections) + headroom, limit.rlim_cur);
    const int placeholder = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (placeholder < 0)
        return;
    const int highest = int(wanted) - 1;
    if (highest > placeholder && ::dup3(placeholder, highest, O_CLOEXEC) == highest)
        ::close(highest);
    ::close(placeholder);
}

// Chunk buffers (a chunk each, per connection and worker) are given back to the system when a
// download ends. Left to itself, glibc raises its mmap threshold past the chunk size after the
// first such buffer is freed, and from then on keeps freed chunks in its per-thread arenas: a
// server that has served a burst stays that large.
void returnChunkBuffersToTheSystem()
{
    ::mallopt(M_MMAP_THRESHOLD, 256 * 1024);
}

// The token a desktop hands a launched program so that its window may take the focus.
QByteArray activationToken()
{
    const QByteArray wayland = qgetenv("XDG_ACTIVATION_TOKEN");
    return wayland.isEmpty() ? qgetenv("DESKTOP_STARTUP_ID") : wayland;
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication::setApplicationName(QStringLiteral("sluice"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sluice"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));
    raiseOpenFileLimit();
    returnChunkBuffersToTheSystem();

    const QStringList arguments = argumentsOf(argc, argv);
    const Sluice::CommandLineResult parsed = Sluice::parseCommandLine(arguments);
    if (parsed.action != Sluice::CommandLineResult::Action::Run) {
        // Help and errors in the user's language: translators need an application, which the
        // parse comes before (it decides which kind to make), so the text is made again.
        QCoreApplication app(argc, argv);
        const Sluice::AppTranslators translators;
        const Sluice::CommandLineResult shown = Sluice::parseCommandLine(arguments);
        if (shown.action == Sluice::CommandLineResult::Action::Fail) {
            std::fprintf(stderr, "sluice: %s\n%s\n", qPrintable(shown.text),
                         qPrintable(QCoreApplication::translate(
                             "CommandLine", "Try 'sluice --help' for more information.")));
            return shown.exitCode;
        }
        std::printf("%s\n", qPrintable(shown.text));
        return 0;
    }
    reserveDescriptorTable(parsed.options.server.maxConnections);

#ifdef SLUICE_WITH_GUI
    // Before any display connection: `sluice FILE` hands its files to a running window even
    // from a terminal without one.
    if (!parsed.options.headless
        && Sluice::InstanceChannel::handOver(
            Sluice::InstanceChannel::defaultSocketPath(), parsed.options.blobs, activationToken(),
            Sluice::ShareRules::rulesOf(parsed.options.expiresAt, parsed.options.maxDownloads)))
        return 0;
    if (!parsed.options.headless) {
        QApplication app(argc, argv);
        const Sluice::AppTranslators translators;
        return Sluice::runWindow(parsed.options);
    }
#else
    if (!parsed.options.headless) {
        std::fprintf(stderr, "sluice: this build has no window; use --headless --blob FILE\n");
        return 2;
    }
#endif
    QCoreApplication app(argc, argv);
    const Sluice::AppTranslators translators;
    return Sluice::runHeadless(parsed.options);
}

#include "headless.h"

#include <csignal>
#include <cstdio>
#include <memory>

#include <QCoreApplication>
#include <QFileInfo>
#include <QFile>

#include "blobserver.h"
#include "commandline.h"
#include "headlessreporter.h"
#include "instancechannel.h"
#include "looplatencyprobe.h"
#include "shareregistry.h"
#include "sharestatekeeper.h"
#include "shareurls.h"
#include "transfertracker.h"
#include "unixsignalwatcher.h"

namespace Sluice {
namespace {

// --password-file's first line, SLUICE_PASSWORD, or --password; empty: none.
bool readPassword(const AppOptions &options, QString *password)
{
    if (!options.passwordFile.isEmpty()) {
        QFile file(options.passwordFile);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "sluice: cannot read the password file %s: %s\n",
                         qPrintable(options.passwordFile), qPrintable(file.errorString()));
            return false;
        }
        QByteArray line = file.readLine(4096);
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            std::fprintf(stderr, "sluice: the password file %s is empty\n",
                         qPrintable(options.passwordFile));
            return false;
        }
        *password = QString::fromUtf8(line);
        return true;
    }
    if (options.passwordOnCommandLine) {
        std::fprintf(stderr,
                     "sluice: warning: other users of this machine can read --password "
                     "in the process list; use --password-file or SLUICE_PASSWORD\n");
        *password = options.password;
        return true;
    }
    *password = qEnvironmentVariable("SLUICE_PASSWORD");
    return true;
}

} // namespace

int runHeadless(const AppOptions &options)
{
    ShareRegistry shares;
    TransferTracker transfers;
    BlobServer server(shares, transfers);

    // Restored first, so a file named again keeps its saved token.
    std::unique_ptr<ShareStateKeeper> keeper;
    if (!options.statePath.isEmpty()) {
        keeper = std::make_unique<ShareStateKeeper>(shares, ShareStateFile(options.statePath));
        const ShareStateKeeper::Restored restored = keeper->restore();
        if (!restored.problem.isEmpty())
            std::fprintf(stderr, "sluice: cannot read the saved shares (%s)%s; starting empty\n",
                         qPrintable(restored.problem),
                         restored.movedTo.isEmpty()
                             ? ""
                             : qPrintable(QStringLiteral("; moved to ") + restored.movedTo));
        for (const Share &share : shares.shares()) {
            if (!QFileInfo::exists(share.path))
                std::fprintf(stderr,
                             "sluice: %s is missing; its links work again once it is back\n",
                             qPrintable(share.path));
        }
        QObject::connect(keeper.get(), &ShareStateKeeper::saveFailed, [](const QString &message) {
            std::fprintf(stderr, "sluice: %s\n", qPrintable(message));
        });
    }
    QString password;
    if (!readPassword(options, &password))
        return 1;
    for (const QString &path : options.blobs) {
        const ShareRegistry::AddResult added = shares.addFile(path);
        if (added.token.isEmpty()) {
            std::fprintf(stderr, "sluice: cannot share %s\n", qPrintable(added.error));
            return 1;
        }
        shares.setPassword(added.token, password);
        shares.setExpiry(added.token, options.expiresAt);
        shares.setMaxDownloads(added.token, options.maxDownloads);
    }
    QObject::connect(&shares, &ShareRegistry::shareExpired, [&shares](const QByteArray &token) {
        if (const Share *share = shares.find(token))
            std::fprintf(stderr, "sluice: %s expired; its links answer 410 Gone\n",
                         qPrintable(share->name));
    });
    if (options.accessLogPath.isEmpty()) {
        server.accessLog().openStandardError();
    } else {
        QString error;
        if (!server.accessLog().openFile(options.accessLogPath, &error)) {
            std::fprintf(stderr, "sluice: cannot open access log %s: %s\n",
                         qPrintable(options.accessLogPath), qPrintable(error));
            return 1;
        }
    }
    server.setSettings(options.server);
    // Reported once per episode, not per refused connection.
    QObject::connect(&server, &BlobServer::acceptingPaused, [](const QString &reason) {
        std::fprintf(stderr, "sluice: %s\n", qPrintable(reason));
    });
    QObject::connect(&server, &BlobServer::acceptingResumed,
                     [] { std::fprintf(stderr, "sluice: accepting connections again\n"); });
    if (!server.start()) {
        std::fprintf(stderr, "sluice: %s\n", qPrintable(server.errorString()));
        return 1;
    }

    HeadlessReporter reporter(transfers, options.progress, stderr);

    // --loop-stats: a first SIGUSR1 starts measuring loop lateness, the next prints it.
    std::unique_ptr<LoopLatencyProbe> probe;
    if (options.loopStats)
        probe = std::make_unique<LoopLatencyProbe>();
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM, SIGUSR1});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &server,
                     [&server, &probe](int signalNumber) {
                         if (signalNumber == SIGUSR1) {
                             if (probe)
                                 toggleProbe(*probe);
                             return;
                         }
                         server.stop();
                         QCoreApplication::quit();
                     });

    // A headless server never takes over a window's files, and the window never sends it any.
    if (InstanceChannel::anotherAnswers(InstanceChannel::defaultSocketPath()))
        std::fprintf(stderr,
                     "sluice: a Sluice window is running; this headless server is separate from "
                     "it\n");

    // Links last: whoever reads them may signal the process straight away.
    const QList<QHostAddress> hosts = reachableAddresses(server.listeningAddresses());
    for (const Share &share : shares.shares()) {
        // A protected share's link is its page, whose form asks for the password.
        const QByteArray path
            = share.password.isSet() ? QByteArray('/' + share.token + '/') : share.linkPath();
        for (const QHostAddress &host : hosts)
            std::printf("%s\n", qPrintable(shareUrl(host, server.port(), path)));
    }
    std::fflush(stdout);
    return QCoreApplication::exec();
}

} // namespace Sluice

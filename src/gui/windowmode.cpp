#include "windowmode.h"

#include <csignal>
#include <cstdio>
#include <memory>

#include <QApplication>

#include "appicon.h"
#include "appsettings.h"
#include "commandline.h"
#include "engine.h"
#include "instancechannel.h"
#include "looplatencyprobe.h"
#include "mainwindow.h"
#include "sharerules.h"
#include "sharestatekeeper.h"
#include "unixsignalwatcher.h"

namespace Sluice {
namespace {

void bringToFront(QWidget &window, const QByteArray &activationToken)
{
    // Qt's Wayland and X11 back ends read the token from the environment when activating.
    if (!activationToken.isEmpty()) {
        qputenv("XDG_ACTIVATION_TOKEN", activationToken);
        qputenv("DESKTOP_STARTUP_ID", activationToken);
    }
    window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    window.show();
    window.raise();
    window.activateWindow();
}

} // namespace

int runWindow(const AppOptions &options)
{
    QApplication::setApplicationDisplayName(QStringLiteral("Sluice"));
    QApplication::setDesktopFileName(QStringLiteral("sluice"));
    QApplication::setWindowIcon(appIcon());
    Engine engine;
    if (!options.accessLogPath.isEmpty()) {
        QString error;
        if (!engine.server.accessLog().openFile(options.accessLogPath, &error)) {
            std::fprintf(stderr, "sluice: cannot open access log %s: %s\n",
                         qPrintable(options.accessLogPath), qPrintable(error));
            return 1;
        }
    }
    InstanceChannel channel(InstanceChannel::defaultSocketPath());
    switch (channel.claim()) {
    case InstanceChannel::Claim::Claimed:
        break;
    case InstanceChannel::Claim::AnotherAnswers:
        // Another window started at the same moment and won the socket.
        if (InstanceChannel::handOver(InstanceChannel::defaultSocketPath(), options.blobs, {},
                                      ShareRules::rulesOf(options.expiresAt, options.maxDownloads)))
            return 0;
        break;
    case InstanceChannel::Claim::Failed:
        std::fprintf(stderr, "sluice: later starts will open another window: %s\n",
                     qPrintable(channel.errorString()));
        break;
    }
    AppSettings settings;
    // Restored before the window is built, so its lists start with the saved shares; the files
    // named on this command line come after and keep their saved tokens.
    ShareStateKeeper keeper(engine.shares, ShareStateFile(ShareStateFile::defaultPath()));
    if (settings.rememberShares()) {
        const ShareStateKeeper::Restored restored = keeper.restore();
        if (!restored.problem.isEmpty())
            std::fprintf(stderr,
                         "sluice: cannot read the saved shares in %s (%s); starting empty\n",
                         qPrintable(keeper.file().path()), qPrintable(restored.problem));
    } else {
        keeper.setRemembering(false);
    }
    MainWindow window(engine, settings);
    window.applyCommandLine(options);
    window.startServing();
    window.addFiles(options.blobs, ShareRules::rulesOf(options.expiresAt, options.maxDownloads));
    window.show();
    QObject::connect(&channel, &InstanceChannel::filesHandedOver, &window,
                     [&window](const QStringList &paths, const QByteArray &activationToken,
                               const QJsonObject &rules) {
                         window.addFiles(paths, rules);
                         bringToFront(window, activationToken);
                     });

    // --loop-stats: a first SIGUSR1 starts measuring loop lateness, the next prints it.
    std::unique_ptr<LoopLatencyProbe> probe;
    if (options.loopStats)
        probe = std::make_unique<LoopLatencyProbe>();
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM, SIGUSR1});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &window,
                     [&window, &probe](int signalNumber) {
                         if (signalNumber != SIGUSR1) {
                             window.quitNow();
                         } else if (probe) {
                             toggleProbe(*probe);
                         }
                     });
    const int status = QApplication::exec();
    engine.server.stop();
    keeper.setRemembering(settings.rememberShares());
    keeper.saveNow();
    return status;
}

} // namespace Sluice
